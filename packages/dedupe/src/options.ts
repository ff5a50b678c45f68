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
   * Hashes the LSH bands are spread over; a power of two. Redis stores a hash of up to 128 small
   * entries compactly (listpack), so the index keeps about `(bands + 1) × maxEntries / 100` of
   * them. @defaultValue the power of two nearest above 0.65 × maxEntries (131072 for the default bound)
   */
  buckets?: number;
  /**
   * Entries the index holds at most; past it the oldest are evicted first (their bands and exact
   * claims with them), and article records beyond it are dropped oldest first, so memory stays
   * flat however long the window. @defaultValue 200000
   */
  maxEntries?: number;
  /**
   * Two similar texts are different articles when each has at least this share of its own names
   * and figures that the other lacks (templated briefs: one frame, other companies and figures).
   * A copy, a truncated copy or a copy with a footer has at most one side's own. @defaultValue 0.4
   */
  identityMinShare?: number;
  /** … and at least this many such items on each side. @defaultValue 2 */
  identityMinItems?: number;
  /**
   * A near-duplicate candidate is a follow-up (`related`, not a copy) when less than this share of
   * the newer text's first 32 lead shingles (after any short header lines) appear among the first
   * 64 of the older one: it opens with a lead the older text does not have. A copy keeps its lead,
   * even with a dateline added or a sentence of it dropped. @defaultValue 0.3
   */
  leadOverlapMax?: number;
  /**
   * Story similarity (see `storySimilarity`) at or above which an article joins a story that one of
   * its candidates belongs to; fitted on the SemEval-2022 Task 8 training sample. @defaultValue 0.4
   */
  storyThreshold?: number;
  /** A story closes after this long without a new article; closed stories take no more. @defaultValue 3 days */
  storyWindowMs?: number;
  /**
   * Articles the story index holds at most (their features and postings); past it the oldest leave
   * first, so memory stays flat. @defaultValue 200000
   */
  storyMaxArticles?: number;
  /** Candidate articles scored per assignment, most shared terms first. @defaultValue 24 */
  storyCandidates?: number;
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
  maxEntries: 200_000,
  identityMinShare: 0.4,
  identityMinItems: 2,
  leadOverlapMax: 0.3,
  storyThreshold: 0.4,
  storyWindowMs: 3 * DAY_MS,
  storyMaxArticles: 200_000,
  storyCandidates: 24,
};

/** Buckets for a bound: about 100 band entries each when full, a power of two. */
export function bucketsFor(maxEntries: number): number {
  return 2 ** Math.max(10, Math.min(24, Math.ceil(Math.log2(maxEntries * 0.65))));
}

/** Fill defaults and reject inconsistent values with a message naming the option. */
export function resolveOptions(o: DedupeOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = { ...DEFAULT_OPTIONS };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as unknown as Record<string, number>)[k] = v;
  if (o.buckets === undefined && o.maxEntries !== undefined && Number.isInteger(o.maxEntries) && o.maxEntries > 0) r.buckets = bucketsFor(o.maxEntries);
  const ints: Array<keyof ResolvedOptions> = ['shingleSize', 'numPerm', 'bands', 'rows', 'minShingles', 'maxCandidates', 'windowMs', 'versionTtlMs', 'buckets', 'bandListLimit', 'maxEntries', 'storyWindowMs', 'storyMaxArticles', 'storyCandidates'];
  for (const k of ints) {
    if (!Number.isInteger(r[k]) || r[k] < 1) throw new ValidationError(`dedupe option ${k}: must be a positive integer, got ${String(r[k])}`);
  }
  if (!(r.identityMinItems >= 0)) throw new ValidationError(`dedupe option identityMinItems: must be 0 or more, got ${String(r.identityMinItems)}`);
  if (r.buckets > 2 ** 24 || 2 ** Math.round(Math.log2(r.buckets)) !== r.buckets) {
    throw new ValidationError(`dedupe option buckets: must be a power of two up to 2^24, got ${r.buckets}`);
  }
  if (r.bands > 255 || r.rows > 8) throw new ValidationError(`dedupe option bands: at most 255 bands of at most 8 rows, got ${r.bands} × ${r.rows}`);
  for (const k of ['jaccardThreshold', 'containmentThreshold', 'minContainmentRatio', 'identityMinShare', 'leadOverlapMax', 'storyThreshold'] as const) {
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
  DEDUPE_MAX_ENTRIES: z.coerce
    .number({ error: 'DEDUPE_MAX_ENTRIES must be a whole number' })
    .int('DEDUPE_MAX_ENTRIES must be a whole number')
    .min(100, 'DEDUPE_MAX_ENTRIES must be at least 100')
    .max(20_000_000, 'DEDUPE_MAX_ENTRIES must be at most 20000000')
    .optional(),
  /** Days without a new article after which a story closes (a later report starts a new story). */
  DEDUPE_STORY_WINDOW_DAYS: num('DEDUPE_STORY_WINDOW_DAYS', 1 / 24, 365),
  DEDUPE_STORY_THRESHOLD: num('DEDUPE_STORY_THRESHOLD', 0, 1),
  DEDUPE_STORY_MAX_ARTICLES: z.coerce
    .number({ error: 'DEDUPE_STORY_MAX_ARTICLES must be a whole number' })
    .int('DEDUPE_STORY_MAX_ARTICLES must be a whole number')
    .min(100, 'DEDUPE_STORY_MAX_ARTICLES must be at least 100')
    .max(20_000_000, 'DEDUPE_STORY_MAX_ARTICLES must be at most 20000000')
    .optional(),
});

/** Dedupe options from `DEDUPE_*` variables; a bad value is a ConfigError naming the variable. */
export function dedupeOptionsFromEnv(source: Record<string, string | undefined> = process.env): DedupeOptions {
  const e = loadEnv(DedupeEnv, source);
  return {
    jaccardThreshold: e.DEDUPE_JACCARD,
    containmentThreshold: e.DEDUPE_CONTAINMENT,
    windowMs: e.DEDUPE_WINDOW_HOURS === undefined ? undefined : Math.round(e.DEDUPE_WINDOW_HOURS * 3600_000),
    versionTtlMs: e.DEDUPE_VERSION_TTL_DAYS === undefined ? undefined : Math.round(e.DEDUPE_VERSION_TTL_DAYS * 86_400_000),
    maxEntries: e.DEDUPE_MAX_ENTRIES,
    storyWindowMs: e.DEDUPE_STORY_WINDOW_DAYS === undefined ? undefined : Math.round(e.DEDUPE_STORY_WINDOW_DAYS * 86_400_000),
    storyThreshold: e.DEDUPE_STORY_THRESHOLD,
    storyMaxArticles: e.DEDUPE_STORY_MAX_ARTICLES,
  };
}
