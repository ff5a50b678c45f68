import { chunks, type Tagger } from './spans.js';
import type { LabeledDoc } from './corpora.js';

export interface TypeScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface NerScore {
  /** Scores per type, and `micro` over all scored types. */
  types: Record<string, TypeScore>;
  micro: TypeScore;
  /** Which types are mistaken for which: see {@link confusionTable}. */
  confusion: Confusion;
  sentences: number;
  tokens: number;
  /** Wall time spent in the tagger only. */
  seconds: number;
  tokensPerSecond: number;
}

/** Types scored by default: CoNLL's without MISC, which the pipeline does not use. */
export const SCORED_TYPES = ['PER', 'LOC', 'ORG'] as const;

function finish(tp: number, fp: number, fn: number): TypeScore {
  const precision = tp + fp ? (100 * tp) / (tp + fp) : 0;
  const recall = tp + fn ? (100 * tp) / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { tp, fp, fn, precision: r(precision), recall: r(recall), f1: r(f1) };
}

/**
 * Exact-span, exact-type scoring with conlleval's chunk semantics (an `I-X` after `O` or another
 * type starts a chunk). Types outside `types` are ignored on both sides.
 */
export function scoreChunks(gold: string[][], pred: string[][], types: readonly string[] = SCORED_TYPES): Pick<NerScore, 'types' | 'micro'> {
  const counts = new Map(types.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  gold.forEach((g, i) => {
    const key = (c: { type: string; first: number; last: number }): string => `${c.type}:${c.first}:${c.last}`;
    const gs = chunks(g).filter((c) => counts.has(c.type));
    const ps = chunks(pred[i] ?? []).filter((c) => counts.has(c.type));
    const gk = new Set(gs.map(key));
    const pk = new Set(ps.map(key));
    for (const c of ps) counts.get(c.type)![gk.has(key(c)) ? 'tp' : 'fp']++;
    for (const c of gs) if (!pk.has(key(c))) counts.get(c.type)!.fn++;
  });
  const out: Record<string, TypeScore> = {};
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [t, c] of counts) {
    out[t] = finish(c.tp, c.fp, c.fn);
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  return { types: out, micro: finish(tp, fp, fn) };
}

/**
 * For each gold type (MISC included), where its chunks went: `PER`/`LOC`/`ORG`/`MISC` when a
 * predicted chunk has exactly the same tokens (the diagonal is correct), `boundary` when the best
 * a prediction did was overlap it (with any type), `missed` when nothing overlapped. `spurious`
 * counts predicted chunks, by type, that overlap no gold chunk at all.
 */
export interface Confusion {
  gold: Record<string, Record<string, number>>;
  spurious: Record<string, number>;
}

export function confusionTable(gold: string[][], pred: string[][]): Confusion {
  const out: Confusion = { gold: {}, spurious: {} };
  const bump = (o: Record<string, number>, k: string): void => {
    o[k] = (o[k] ?? 0) + 1;
  };
  gold.forEach((g, i) => {
    const gs = chunks(g);
    const ps = chunks(pred[i] ?? []);
    const overlaps = (a: { first: number; last: number }, b: { first: number; last: number }): boolean => a.first <= b.last && b.first <= a.last;
    for (const c of gs) {
      const row = (out.gold[c.type] ??= {});
      const same = ps.find((p) => p.first === c.first && p.last === c.last);
      bump(row, same ? same.type : ps.some((p) => overlaps(p, c)) ? 'boundary' : 'missed');
    }
    for (const p of ps) if (!gs.some((c) => overlaps(p, c))) bump(out.spurious, p.type);
  });
  return out;
}

/** Tag every document with `tagger` (document by document, as the stage does) and score it. */
export function evaluateTagger(tagger: Tagger, docs: LabeledDoc[], types: readonly string[] = SCORED_TYPES): NerScore {
  const gold: string[][] = [];
  const pred: string[][] = [];
  let tokens = 0;
  let ms = 0;
  for (const doc of docs) {
    const t0 = performance.now();
    const labels = tagger.tag(doc.map((s) => s.tokens));
    ms += performance.now() - t0;
    for (let i = 0; i < doc.length; i++) {
      gold.push(doc[i]!.labels);
      pred.push(labels[i] ?? []);
      tokens += doc[i]!.tokens.length;
    }
  }
  const seconds = ms / 1000;
  return { ...scoreChunks(gold, pred, types), confusion: confusionTable(gold, pred), sentences: gold.length, tokens, seconds: Math.round(seconds * 1000) / 1000, tokensPerSecond: Math.round(tokens / Math.max(seconds, 1e-9)) };
}
