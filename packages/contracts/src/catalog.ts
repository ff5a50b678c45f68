import type { z } from 'zod';
import { Article, EnrichedArticle, ParsedArticle } from './article.js';
import { IngestJob, ParseJob } from './raw-article.js';
import type { StageName } from './common.js';

/** Options every job gets unless a caller overrides them. */
export interface JobDefaults {
  attempts: number;
  backoff: { type: 'exponential'; delay: number; jitter: number };
  removeOnComplete: { age: number; count: number };
  removeOnFail: { age: number; count: number };
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Retries: exponential backoff from 1 s with 50% jitter, 8 tries (about 4 minutes in all).
 *
 * Retention keeps Redis memory flat however long the pipeline runs: a completed job is kept an
 * hour at most, and only the newest `count` of them (its payload is a whole page or article, tens
 * to hundreds of KB). Nothing relies on completed jobs for correctness: a job redelivered after its
 * successor was removed is processed again, which every stage tolerates (at-least-once), and the
 * page ledger (`{prefix}:page:<id>`, about 100 bytes a page) answers "already accepted / stored"
 * for the ingest API and the status endpoint after the job is gone.
 */
export const DEFAULT_JOB_OPTIONS: JobDefaults = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: HOUR, count: 1000 },
  // Failed jobs are kept a week for operators to inspect and retry, up to a bound: a flood of
  // failures (a broken deploy) must not fill Redis.
  removeOnFail: { age: 7 * DAY, count: 10_000 },
};

/** The ingest and parse queues carry raw pages (often 100–300 KB of HTML): keep fewer of them. */
const RAW_PAGE_JOB_OPTIONS: JobDefaults = { ...DEFAULT_JOB_OPTIONS, removeOnComplete: { age: HOUR, count: 100 }, removeOnFail: { age: 7 * DAY, count: 2_000 } };

export interface QueueSpec<S extends z.ZodType = z.ZodType> {
  /** The queue's name in Redis (without prefix). */
  name: StageName;
  /** Payload schema: producers parse before add, consumers safeParse on receipt. */
  schema: S;
  /** The queue the stage forwards its output to, or null for the last stage. */
  next: StageName | null;
  defaultJobOptions: JobDefaults;
}

/**
 * The queue catalog: one queue per stage, named after the stage that consumes it. The schema is
 * what the queue carries (its stage's input); the next queue's schema is the stage's output.
 */
export const QUEUES = {
  ingest: { name: 'ingest', schema: IngestJob, next: 'parse', defaultJobOptions: RAW_PAGE_JOB_OPTIONS },
  parse: { name: 'parse', schema: ParseJob, next: 'entity', defaultJobOptions: RAW_PAGE_JOB_OPTIONS },
  entity: { name: 'entity', schema: ParsedArticle, next: 'dedupe', defaultJobOptions: DEFAULT_JOB_OPTIONS },
  dedupe: { name: 'dedupe', schema: EnrichedArticle, next: 'sink', defaultJobOptions: DEFAULT_JOB_OPTIONS },
  sink: { name: 'sink', schema: Article, next: null, defaultJobOptions: DEFAULT_JOB_OPTIONS },
} as const satisfies Record<StageName, QueueSpec>;

export type QueueName = keyof typeof QUEUES;
export type QueuePayload<Q extends QueueName> = z.infer<(typeof QUEUES)[Q]['schema']>;
