import { rng } from '@newsflow/core';
import { documentFeatures, type SentenceFeatures } from './features.js';
import { Gazetteer, type GazetteerData } from './gazetteer.js';
import { NL, START, constrain, emissions, viterbi } from './perceptron.js';
import { LABELS } from './spans.js';
import type { LabeledDoc } from './corpora.js';

export interface TrainOptions {
  /** Passes over the data. @defaultValue 10 */
  epochs?: number;
  /** log2 of the number of hashed feature buckets. @defaultValue 20 */
  bits?: number;
  /** Seed for shuffling and augmentation, so a run is reproducible. @defaultValue 1 */
  seed?: number;
  /**
   * Share of documents that get a capitals copy of their first sentence prepended, as news
   * headlines are often written: teaches the model names without case. @defaultValue 0.3
   */
  headlineCaps?: number;
  /** Progress messages. @defaultValue none */
  log?: (msg: string) => void;
}

const SMALL = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'by', 'with', 'as']);
/** Headline style: "Putin and Trump Meet Briefly at APEC Summit". */
function titleCase(t: string, i: number): string {
  if (i > 0 && SMALL.has(t)) return t;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Prepend an upper-case (or title-case) copy of the first sentence to some documents (see `headlineCaps`). */
export function augmentHeadlines(docs: LabeledDoc[], share: number, rand: () => number): LabeledDoc[] {
  return docs.map((d) => {
    if (!d.length || rand() >= share) return d;
    const h = d[0]!;
    const tokens = rand() < 0.6 ? h.tokens.map((t) => t.toUpperCase()) : h.tokens.map(titleCase);
    return [{ tokens, labels: h.labels }, ...d];
  });
}

const LABEL_ID = new Map<string, number>(LABELS.map((l, i) => [l, i]));

/**
 * Train an averaged structured perceptron (Collins 2002) with first-order Viterbi decoding over
 * the features of {@link documentFeatures}. Returns averaged emission and transition weights.
 */
export function trainPerceptron(
  docs: LabeledDoc[],
  gazetteer: GazetteerData | Gazetteer,
  opts: TrainOptions = {},
  priors?: string[][][],
): { weights: Float32Array; trans: Float32Array; bits: number } {
  const bits = opts.bits ?? 20;
  const epochs = opts.epochs ?? 10;
  const rand = rng(opts.seed ?? 1);
  const log = opts.log ?? (() => undefined);
  const gaz = gazetteer instanceof Gazetteer ? gazetteer : new Gazetteer(gazetteer);
  const items: Array<{ f: SentenceFeatures; gold: Int8Array }> = [];
  for (const [di, doc] of docs.entries()) {
    const feats = documentFeatures(
      doc.map((s) => s.tokens),
      gaz,
      bits,
      priors?.[di],
    );
    doc.forEach((s, i) => items.push({ f: feats[i]!, gold: Int8Array.from(s.labels, (l) => LABEL_ID.get(l) ?? 0) }));
  }
  log(`features for ${items.length} sentences ready`);
  const size = (1 << bits) * NL;
  const w = new Float32Array(size);
  const u = new Float64Array(size);
  const tw = new Float32Array((NL + 1) * NL);
  const tu = new Float64Array((NL + 1) * NL);
  let c = 1;
  let em = new Float64Array(256 * NL);
  const order = items.map((_, i) => i);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let wrong = 0;
    let tokens = 0;
    for (const k of order) {
      const { f, gold } = items[k]!;
      if (em.length < f.n * NL) em = new Float64Array(f.n * NL * 2);
      emissions(w, f, em);
      const pred = new Int8Array(f.n);
      viterbi(em, f.n, constrain(tw), pred);
      tokens += f.n;
      for (let t = 0; t < f.n; t++) {
        const g = gold[t]!;
        const p = pred[t]!;
        const pg = t ? gold[t - 1]! : START;
        const pp = t ? pred[t - 1]! : START;
        if (g !== p) {
          wrong++;
          for (let x = f.off[t]!; x < f.off[t + 1]!; x++) {
            const base = f.idx[x]! * NL;
            w[base + g]! += 1;
            u[base + g]! += c;
            w[base + p]! -= 1;
            u[base + p]! -= c;
          }
        }
        if (g !== p || pg !== pp) {
          tw[pg * NL + g]! += 1;
          tu[pg * NL + g]! += c;
          tw[pp * NL + p]! -= 1;
          tu[pp * NL + p]! -= c;
        }
      }
      c++;
    }
    log(`epoch ${epoch}/${epochs}: ${((100 * wrong) / Math.max(1, tokens)).toFixed(2)}% tokens mislabelled`);
  }
  const weights = new Float32Array(size);
  for (let i = 0; i < size; i++) weights[i] = w[i]! - u[i]! / c;
  const trans = new Float32Array(tw.length);
  for (let i = 0; i < tw.length; i++) trans[i] = tw[i]! - tu[i]! / c;
  return { weights, trans, bits };
}
