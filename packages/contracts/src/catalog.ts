import type { z } from 'zod';
import { Article, EnrichedArticle, ParsedArticle } from './article.js';
import { IngestJob, ParseJob } from './raw-article.js';
import type { StageName } from './common.js';

/** Options every job gets unless a caller overrides them. */
export interface JobDefaults {
  attempts: number;
  backoff: { type: 'exponential'; delay: number; jitter: number };
  removeOnComplete: { age: number; count: number };
  removeOnFail: { age: number };
}

const DAY = 24 * 3600;

/** Retries: exponential backoff from 1 s with 50% jitter, 8 tries (about 4 minutes in all). */
export const DEFAULT_JOB_OPTIONS: JobDefaults = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  // Completed jobs are kept a day so a re-submitted page within that window is a no-op by job id.
  removeOnComplete: { age: DAY, count: 100_000 },
  // Failed jobs are kept a week for operators to inspect and retry.
  removeOnFail: { age: 7 * DAY },
};

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
  ingest: { name: 'ingest', schema: IngestJob, next: 'parse', defaultJobOptions: DEFAULT_JOB_OPTIONS },
  parse: { name: 'parse', schema: ParseJob, next: 'entity', defaultJobOptions: DEFAULT_JOB_OPTIONS },
  entity: { name: 'entity', schema: ParsedArticle, next: 'dedupe', defaultJobOptions: DEFAULT_JOB_OPTIONS },
  dedupe: { name: 'dedupe', schema: EnrichedArticle, next: 'sink', defaultJobOptions: DEFAULT_JOB_OPTIONS },
  sink: { name: 'sink', schema: Article, next: null, defaultJobOptions: DEFAULT_JOB_OPTIONS },
} as const satisfies Record<StageName, QueueSpec>;

export type QueueName = keyof typeof QUEUES;
export type QueuePayload<Q extends QueueName> = z.infer<(typeof QUEUES)[Q]['schema']>;
