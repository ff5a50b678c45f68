import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '@newsflow/core';
import { harmonise } from './consistency.js';
import { documentFeatures } from './features.js';
import { Gazetteer, type GazetteerData } from './gazetteer.js';
import { NL, decode } from './perceptron.js';
import { LABELS, type Tagger } from './spans.js';

const MAGIC = 'NFNER1';

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
export interface NerModelData {
  bits: number;
  weights: Float32Array;
  /** (NL + 1) × NL transition scores; the last row is the start of a sentence. */
  trans: Float32Array;
  gazetteer: GazetteerData;
  /** Country alternative names → common name, keyed by normalised name. */
  countryAliases: Record<string, string>;
  provenance: ModelProvenance;
}

/** A loaded model: a {@link Tagger} plus the aliases entity merging uses. */
export class NerModel {
  readonly gazetteer: Gazetteer;
  readonly aliases: ReadonlyMap<string, string>;
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
    this.gazetteer = new Gazetteer(data.gazetteer);
    this.aliases = new Map(Object.entries(data.countryAliases));
    const { weights, trans, bits } = data;
    const gaz = this.gazetteer;
    let scratch = new Float64Array(256 * NL);
    this.tagger = {
      name: 'newsflow-perceptron',
      tag(doc: string[][]): string[][] {
        const feats = documentFeatures(doc, gaz, bits);
        const labels = feats.map((f) => {
          if (scratch.length < f.n * NL) scratch = new Float64Array(f.n * NL * 2);
          return Array.from(decode(weights, trans, f, scratch), (l) => LABELS[l]!);
        });
        return consistent ? harmonise(doc, labels) : labels;
      },
    };
  }
}

/**
 * Serialise a model: gzip of a magic string, a JSON header (labels, gazetteers, provenance,
 * transitions) and the emission weights quantised to 16 bits, which keeps the file small and
 * its loading fast.
 */
export function encodeModel(m: NerModelData): Buffer {
  let max = 0;
  for (let i = 0; i < m.weights.length; i++) max = Math.max(max, Math.abs(m.weights[i]!));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(m.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round(m.weights[i]! / scale);
  const header = Buffer.from(
    JSON.stringify({ labels: LABELS, bits: m.bits, scale, trans: Array.from(m.trans), gazetteer: m.gazetteer, countryAliases: m.countryAliases, provenance: m.provenance }),
    'utf8',
  );
  const pad = (MAGIC.length + 4 + header.length) % 2;
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length + pad);
  const body = Buffer.concat([Buffer.from(MAGIC), len, header, Buffer.alloc(pad, 0x20), Buffer.from(q.buffer, q.byteOffset, q.byteLength)]);
  return gzipSync(body, { level: 9 });
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
  const h = JSON.parse(raw.subarray(MAGIC.length + 4, MAGIC.length + 4 + hlen).toString('utf8')) as {
    labels: string[];
    bits: number;
    scale: number;
    trans: number[];
    gazetteer: GazetteerData;
    countryAliases: Record<string, string>;
    provenance: ModelProvenance;
  };
  if (h.labels.join(',') !== LABELS.join(',')) throw new AppError('MODEL_INVALID', `NER model labels ${h.labels.join(',')} do not match this code's ${LABELS.join(',')}`);
  const start = MAGIC.length + 4 + hlen;
  const bytes = raw.subarray(start);
  const q = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (q.length !== (1 << h.bits) * NL) throw new AppError('MODEL_INVALID', `NER model has ${q.length} weights, expected ${(1 << h.bits) * NL}`);
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = q[i]! * h.scale;
  return { bits: h.bits, weights, trans: Float32Array.from(h.trans), gazetteer: h.gazetteer, countryAliases: h.countryAliases, provenance: h.provenance };
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
