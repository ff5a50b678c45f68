import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '@newsflow/core';
import { harmoniseSteps } from './consistency.js';
import { SharedFeatures, documentFeaturizer } from './features.js';
import { WordClusters, type WordClustersData } from './clusters.js';
import { normKey } from './canonical.js';
import { Gazetteer, type GazetteerData } from './gazetteer.js';
import { NL, constrain, decode, sparseWeights, type SparseWeights } from './perceptron.js';
import { LABELS, type Tagger } from './spans.js';
import { SLICE_SENTENCES, runSteps, type Steps } from './steps.js';

const MAGIC = 'NFNER2';

/** What a model was trained on and how: stored inside the model file. */
export interface ModelProvenance {
  trainer: string;
  createdAt: string;
  epochs: number;
  seed: number;
  /** Training files with their sha256, so a model can be traced to its data. */
  data: Array<{ file: string; sha256: string; sentences: number; tokens: number; note: string }>;
  gazetteers: string[];
  cleaning: string[];
}

/** Everything a trained model holds. */
/** Weights of one tagging pass. */
export interface PassWeights {
  /** 2^bits × NL emission weights. */
  weights: Float32Array;
  /** (NL + 1) × NL transition scores; the last row is the start of a sentence. */
  trans: Float32Array;
}

export interface NerModelData {
  bits: number;
  /** One pass, or two: the second sees the first's labels across the document (stacking). */
  passes: PassWeights[];
  /** Name lists as prepared by `Gazetteer.prepare` (lower-cased, tokenised phrases). */
  gazetteer: GazetteerData;
  /** Country alternative names → common name, keyed by normalised name. */
  countryAliases: Record<string, string>;
  /** Word clusters learnt from unlabelled text (`newsflow train clusters`), when the model uses them. */
  clusters?: WordClustersData;
  provenance: ModelProvenance;
}

const sparseTables = new WeakMap<Float32Array, SparseWeights>();
/** A pass's weights without their empty rows, built once per model (a model's weights do not change once loaded). */
function sparseOf(w: Float32Array): SparseWeights {
  let t = sparseTables.get(w);
  if (!t) sparseTables.set(w, (t = sparseWeights(w)));
  return t;
}

/** A loaded model: a {@link Tagger} plus the aliases entity merging uses. */
export class NerModel {
  readonly gazetteer: Gazetteer;
  readonly aliases: ReadonlyMap<string, string>;
  /** Country names (normalised): a country is a place, whatever one article's context suggests. */
  readonly countries: ReadonlySet<string>;
  readonly tagger: Tagger;

  /**
   * @param opts.harmonise make labels consistent within a document (see `harmonise`).
   *   @defaultValue true
   */
  constructor(
    readonly data: NerModelData,
    opts: { harmonise?: boolean } = {},
  ) {
    const consistent = opts.harmonise ?? true;
    this.gazetteer = new Gazetteer(data.gazetteer, true, data.clusters ? new WordClusters(data.clusters) : null);
    this.aliases = new Map(Object.entries(data.countryAliases));
    this.countries = new Set(Object.values(data.countryAliases).map(normKey));
    const { passes, bits } = data;
    // Built now, with the model, so the first article does not wait for them.
    for (const p of passes) sparseOf(p.weights);
    const gaz = this.gazetteer;
    const tagSteps = function* (doc: string[][]): Steps<string[][]> {
      const labels = yield* runPassesSteps(passes, gaz, bits, doc);
      return consistent ? yield* harmoniseSteps(doc, labels) : labels;
    };
    this.tagger = {
      name: 'newsflow-perceptron',
      tag: (doc) => runSteps(tagSteps(doc)),
      tagSteps,
    };
  }
}

const constrainedTables = new WeakMap<Float32Array, Float64Array>();
function constrainedOf(trans: Float32Array): Float64Array {
  let t = constrainedTables.get(trans);
  if (!t) constrainedTables.set(trans, (t = constrain(trans)));
  return t;
}

/** Tag a document with each pass in turn, every pass after the first seeing the previous labels. */
export function runPasses(passes: readonly PassWeights[], gaz: Gazetteer, bits: number, doc: readonly string[][]): string[][] {
  return runSteps(runPassesSteps(passes, gaz, bits, doc));
}

/** {@link runPasses}, yielding every {@link SLICE_SENTENCES} sentences. */
export function* runPassesSteps(passes: readonly PassWeights[], gaz: Gazetteer, bits: number, doc: readonly string[][]): Steps<string[][]> {
  let labels: string[][] | undefined;
  let scratch = new Float64Array(256 * NL);
  // Every pass sees the same prior-independent features: hashed once, in the first.
  const shared = new SharedFeatures(doc, gaz, bits);
  for (const p of passes) {
    const trans = constrainedOf(p.trans);
    const weights = sparseOf(p.weights);
    const featuresOf = documentFeaturizer(doc, gaz, bits, labels, shared);
    const out: string[][] = [];
    for (let si = 0; si < doc.length; si++) {
      const f = featuresOf(si);
      if (scratch.length < f.n * NL) scratch = new Float64Array(f.n * NL * 2);
      out.push(Array.from(decode(weights, trans, f, scratch), (l) => LABELS[l]!));
      if ((si + 1) % SLICE_SENTENCES === 0) yield;
    }
    labels = out;
  }
  return labels ?? doc.map((s) => s.map(() => 'O'));
}

/**
 * Serialise a model: gzip of a magic string, a JSON header (labels, gazetteers, provenance,
 * transitions) and, per pass, the feature buckets that have any weight with their weights
 * quantised to 16 bits. Most buckets are empty, so the file is small and quick to load.
 */
export function encodeModel(m: NerModelData): Buffer {
  const passes: Array<{ scale: number; rows: number }> = [];
  const blobs: Buffer[] = [];
  for (const p of m.passes) {
    let max = 0;
    for (let i = 0; i < p.weights.length; i++) max = Math.max(max, Math.abs(p.weights[i]!));
    const scale = max > 0 ? max / 32767 : 1;
    const rows: number[] = [];
    const values: number[] = [];
    for (let r = 0; r * NL < p.weights.length; r++) {
      const q = Array.from({ length: NL }, (_, l) => Math.round(p.weights[r * NL + l]! / scale));
      if (q.some((x) => x !== 0)) {
        rows.push(r);
        values.push(...q);
      }
    }
    passes.push({ scale, rows: rows.length });
    const idx = Int32Array.from(rows);
    const val = Int16Array.from(values);
    blobs.push(Buffer.from(idx.buffer), Buffer.from(val.buffer));
  }
  const header = Buffer.from(
    JSON.stringify({
      labels: LABELS,
      bits: m.bits,
      passes,
      trans: m.passes.map((p) => Array.from(p.trans)),
      gazetteer: m.gazetteer,
      countryAliases: m.countryAliases,
      ...(m.clusters ? { clusters: m.clusters } : {}),
      provenance: m.provenance,
    }),
    'utf8',
  );
  const pad = (4 - ((MAGIC.length + 4 + header.length) % 4)) % 4;
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length + pad);
  const body = Buffer.concat([Buffer.from(MAGIC), len, header, Buffer.alloc(pad, 0x20), ...blobs]);
  return gzipSync(body, { level: 9 });
}

interface Header {
  labels: string[];
  bits: number;
  passes: Array<{ scale: number; rows: number }>;
  trans: number[][];
  gazetteer: GazetteerData;
  countryAliases: Record<string, string>;
  clusters?: WordClustersData;
  provenance: ModelProvenance;
}

export function decodeModel(gz: Buffer): NerModelData {
  let raw: Buffer;
  try {
    raw = gunzipSync(gz);
  } catch (err) {
    throw new AppError('MODEL_INVALID', 'NER model file is not gzip data', { cause: err });
  }
  if (raw.subarray(0, MAGIC.length).toString() !== MAGIC) throw new AppError('MODEL_INVALID', `NER model file lacks the ${MAGIC} header`);
  const hlen = raw.readUInt32LE(MAGIC.length);
  let h: Header;
  try {
    if (raw.length < MAGIC.length + 4 + hlen) throw new Error('truncated header');
    h = JSON.parse(raw.subarray(MAGIC.length + 4, MAGIC.length + 4 + hlen).toString('utf8')) as Header;
    if (!Array.isArray(h.labels) || !Array.isArray(h.passes) || !Array.isArray(h.trans)) throw new Error('header lacks labels, passes or transitions');
  } catch (err) {
    throw new AppError('MODEL_INVALID', `NER model header is unreadable: ${(err as Error).message}`, { cause: err });
  }
  if (h.labels.join(',') !== LABELS.join(',')) throw new AppError('MODEL_INVALID', `NER model labels ${h.labels.join(',')} do not match this code's ${LABELS.join(',')}`);
  const size = (1 << h.bits) * NL;
  let pos = MAGIC.length + 4 + hlen;
  const expected = pos + h.passes.reduce((n, p) => n + p.rows * (4 + 2 * NL), 0);
  if (raw.length !== expected) throw new AppError('MODEL_INVALID', `NER model is ${raw.length} bytes unpacked, expected ${expected}`);
  // Copy into aligned buffers: the header length makes offsets arbitrary.
  const passes: PassWeights[] = h.passes.map((p, k) => {
    const idx = new Int32Array(raw.buffer.slice(raw.byteOffset + pos, raw.byteOffset + pos + p.rows * 4));
    pos += p.rows * 4;
    const val = new Int16Array(raw.buffer.slice(raw.byteOffset + pos, raw.byteOffset + pos + p.rows * NL * 2));
    pos += p.rows * NL * 2;
    const weights = new Float32Array(size);
    for (let r = 0; r < idx.length; r++) {
      const base = idx[r]! * NL;
      if (base + NL > size) throw new AppError('MODEL_INVALID', `NER model bucket ${idx[r]} is out of range`);
      for (let l = 0; l < NL; l++) weights[base + l] = val[r * NL + l]! * p.scale;
    }
    return { weights, trans: Float32Array.from(h.trans[k]!) };
  });
  return { bits: h.bits, passes, gazetteer: h.gazetteer, countryAliases: h.countryAliases, ...(h.clusters ? { clusters: h.clusters } : {}), provenance: h.provenance };
}

export function saveModel(m: NerModelData, path: string): number {
  const buf = encodeModel(m);
  writeFileSync(path, buf);
  return buf.length;
}

export function loadModel(path: string): NerModel {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new AppError('MODEL_MISSING', `cannot read NER model ${path}: ${(err as Error).message}`, { cause: err });
  }
  return new NerModel(decodeModel(buf));
}
