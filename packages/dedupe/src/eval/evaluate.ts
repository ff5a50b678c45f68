import { randomBytes } from 'node:crypto';
import { articleIdFor, ValidationError, type RedisConnection } from '@newsflow/core';
import { createDedupeIndex } from '../dedupe-index.js';
import type { DedupeOptions } from '../options.js';
import type { PairLine } from './make-pairs.js';

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface PairMiss {
  line: number;
  kind: string;
  label: PairLine['label'];
  similarity: number | null;
  a: string;
  b: string;
}

export interface EvalReport extends Confusion {
  pairs: number;
  precision: number;
  recall: number;
  f1: number;
  /**
   * Confusion per `kind`, with the share of pairs classified correctly (`related` pairs count as
   * negatives) and how many pairs the index reported as related (a follow-up of `a`).
   */
  byKind: Record<string, Confusion & { pairs: number; accuracy: number; related: number }>;
  /** The first misclassified pairs, for a human to look at. */
  misses: PairMiss[];
}

/** Parse a pair file (JSON lines), naming the line and field of the first bad one. */
export function parsePairs(text: string): PairLine[] {
  const out: PairLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new ValidationError(`line ${i + 1}: not valid JSON`);
    }
    const o = v as Partial<PairLine>;
    for (const side of ['a', 'b'] as const) {
      const d = o[side];
      if (!d || typeof d !== 'object') throw new ValidationError(`line ${i + 1}: ${side}: must be an object with url, title, text`);
      if (typeof d.text !== 'string') throw new ValidationError(`line ${i + 1}: ${side}.text: must be a string`);
      if (typeof d.url !== 'string') throw new ValidationError(`line ${i + 1}: ${side}.url: must be a string`);
    }
    if (o.label !== 'duplicate' && o.label !== 'distinct' && o.label !== 'related') throw new ValidationError(`line ${i + 1}: label: must be "duplicate", "distinct" or "related"`);
    out.push({ a: o.a!, b: o.b!, label: o.label, ...(typeof o.kind === 'string' ? { kind: o.kind } : {}) });
  });
  return out;
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);

/**
 * For each pair: index `a` in a fresh index, then classify `b`; `b` counts as predicted
 * duplicate when the index links it to `a`. Keys are deleted as it goes.
 */
export async function evaluatePairs(
  pairs: PairLine[],
  cfg: { redis: RedisConnection; options?: DedupeOptions; maxMisses?: number; onProgress?: (done: number) => void },
): Promise<EvalReport> {
  const run = randomBytes(4).toString('hex');
  const total: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const byKind: EvalReport['byKind'] = {};
  const misses: PairMiss[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    const index = createDedupeIndex({ redis: cfg.redis, prefix: `{nfeval-${run}-${i}}`, options: cfg.options });
    const idA = articleIdFor(p.a.url);
    let idB = articleIdFor(p.b.url);
    // The same URL on both sides would be a version, not a copy; keep the question about copies.
    if (idB === idA) idB = articleIdFor(`${p.b.url}#b`);
    await index.claim({ id: idA, title: p.a.title ?? '', body: p.a.text });
    const info = await index.classify({ id: idB, title: p.b.title ?? '', body: p.b.text });
    await cfg.redis.eval(
      "local ks = redis.call('KEYS', KEYS[1] .. '*') for i = 1, #ks, 500 do redis.call('UNLINK', unpack(ks, i, math.min(i + 499, #ks))) end return #ks",
      1,
      index.keyBase,
    );
    const predicted = info.duplicateOf === idA;
    const kind = p.kind ?? '(none)';
    const k = (byKind[kind] ??= { pairs: 0, tp: 0, fp: 0, tn: 0, fn: 0, accuracy: 0, related: 0 });
    k.pairs++;
    if (info.relatedTo?.articleId === idA) k.related++;
    const cell: keyof Confusion = p.label === 'duplicate' ? (predicted ? 'tp' : 'fn') : predicted ? 'fp' : 'tn';
    k[cell]++;
    total[cell]++;
    if ((cell === 'fp' || cell === 'fn') && misses.length < (cfg.maxMisses ?? 20)) {
      misses.push({ line: i + 1, kind, label: p.label, similarity: info.similarity, a: p.a.url, b: p.b.url });
    }
    cfg.onProgress?.(i + 1);
  }
  for (const k of Object.values(byKind)) k.accuracy = ratio(k.tp + k.tn, k.pairs);
  const precision = ratio(total.tp, total.tp + total.fp);
  const recall = ratio(total.tp, total.tp + total.fn);
  const f1 = precision + recall === 0 ? 0 : Math.round(((2 * precision * recall) / (precision + recall)) * 10000) / 10000;
  return { pairs: pairs.length, ...total, precision, recall, f1, byKind, misses };
}
