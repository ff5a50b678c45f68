import { ValidationError } from '@newsflow/core';

const DAY_MS = 24 * 3600 * 1000;

/** Tuning of the dedupe index. Every worker sharing one index must use the same values. */
export interface DedupeOptions {
  /** Words per shingle. @defaultValue 3 */
  shingleSize?: number;
  /** MinHash permutations; must equal `bands × rows`. @defaultValue 128 */
  numPerm?: number;
  /** LSH bands. @defaultValue 64 */
  bands?: number;
  /** Signature values per band. @defaultValue 2 */
  rows?: number;
  /** Estimated Jaccard at or above which two texts are near-duplicates. @defaultValue 0.5 */
  jaccardThreshold?: number;
  /**
   * Estimated containment of the smaller text in the larger at or above which they are
   * near-duplicates (a truncated copy). @defaultValue 0.8
   */
  containmentThreshold?: number;
  /**
   * Containment only counts when the smaller text has at least this share of the larger's
   * shingles: a one-paragraph brief is not a copy of the long feature that quotes it. @defaultValue 0.2
   */
  minContainmentRatio?: number;
  /** Texts with fewer shingles only match exactly (near matching of tiny texts is noise). @defaultValue 10 */
  minShingles?: number;
  /** Candidates verified per lookup, most band hits first. @defaultValue 50 */
  maxCandidates?: number;
  /** How long an indexed text stays a near/exact match target. @defaultValue 7 days */
  windowMs?: number;
  /** How long article versions and per-job answers are remembered. @defaultValue 30 days */
  versionTtlMs?: number;
  /** Hashes the LSH bands are spread over (memory: fewer keys, compact hashes). @defaultValue 65536 */
  buckets?: number;
}

export type ResolvedOptions = Required<DedupeOptions>;

export const DEFAULT_OPTIONS: ResolvedOptions = {
  shingleSize: 3,
  numPerm: 128,
  bands: 64,
  rows: 2,
  jaccardThreshold: 0.5,
  containmentThreshold: 0.8,
  minContainmentRatio: 0.2,
  minShingles: 10,
  maxCandidates: 50,
  windowMs: 7 * DAY_MS,
  versionTtlMs: 30 * DAY_MS,
  buckets: 65536,
};

/** Fill defaults and reject inconsistent values with a message naming the option. */
export function resolveOptions(o: DedupeOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = { ...DEFAULT_OPTIONS };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as unknown as Record<string, number>)[k] = v;
  const ints: Array<keyof ResolvedOptions> = ['shingleSize', 'numPerm', 'bands', 'rows', 'minShingles', 'maxCandidates', 'windowMs', 'versionTtlMs', 'buckets'];
  for (const k of ints) {
    if (!Number.isInteger(r[k]) || r[k] < 1) throw new ValidationError(`dedupe option ${k}: must be a positive integer, got ${String(r[k])}`);
  }
  for (const k of ['jaccardThreshold', 'containmentThreshold', 'minContainmentRatio'] as const) {
    if (!(r[k] >= 0 && r[k] <= 1)) throw new ValidationError(`dedupe option ${k}: must be between 0 and 1, got ${String(r[k])}`);
  }
  if (r.bands * r.rows !== r.numPerm) {
    throw new ValidationError(`dedupe option bands: bands × rows (${r.bands} × ${r.rows}) must equal numPerm (${r.numPerm})`);
  }
  return r;
}
