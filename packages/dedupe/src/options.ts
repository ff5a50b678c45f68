import { z } from 'zod';
import { ValidationError, loadEnv } from '@newsflow/core';

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
  /**
   * Entries kept per band value; beyond it the oldest is dropped. A band value shared by that many
   * texts comes from common wording, and unbounded lists would make lookups and memory grow with
   * the index. @defaultValue 16
   */
  bandListLimit?: number;
  /**
   * Hashes the LSH bands are spread over. Redis stores a hash of up to 128 small entries compactly
   * (listpack), so about `bands × indexed texts / 100` keeps memory low. @defaultValue 131072
   */
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
  buckets: 131072,
  bandListLimit: 16,
};

/** Fill defaults and reject inconsistent values with a message naming the option. */
export function resolveOptions(o: DedupeOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = { ...DEFAULT_OPTIONS };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as unknown as Record<string, number>)[k] = v;
  const ints: Array<keyof ResolvedOptions> = ['shingleSize', 'numPerm', 'bands', 'rows', 'minShingles', 'maxCandidates', 'windowMs', 'versionTtlMs', 'buckets', 'bandListLimit'];
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

const num = (name: string, min: number, max: number) =>
  z.coerce.number({ error: `${name} must be a number` }).min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`).optional();

/** Environment variables a dedupe worker reads (all optional; every worker on one index must agree). */
export const DedupeEnv = z.object({
  DEDUPE_JACCARD: num('DEDUPE_JACCARD', 0, 1),
  DEDUPE_CONTAINMENT: num('DEDUPE_CONTAINMENT', 0, 1),
  DEDUPE_WINDOW_HOURS: num('DEDUPE_WINDOW_HOURS', 1 / 60, 24 * 365),
  DEDUPE_VERSION_TTL_DAYS: num('DEDUPE_VERSION_TTL_DAYS', 1 / 24, 3650),
});

/** Dedupe options from `DEDUPE_*` variables; a bad value is a ConfigError naming the variable. */
export function dedupeOptionsFromEnv(source: Record<string, string | undefined> = process.env): DedupeOptions {
  const e = loadEnv(DedupeEnv, source);
  return {
    jaccardThreshold: e.DEDUPE_JACCARD,
    containmentThreshold: e.DEDUPE_CONTAINMENT,
    windowMs: e.DEDUPE_WINDOW_HOURS === undefined ? undefined : Math.round(e.DEDUPE_WINDOW_HOURS * 3600_000),
    versionTtlMs: e.DEDUPE_VERSION_TTL_DAYS === undefined ? undefined : Math.round(e.DEDUPE_VERSION_TTL_DAYS * 86_400_000),
  };
}
