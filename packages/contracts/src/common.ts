import { z } from 'zod';

/** The five stages every page passes through, in order. */
export const STAGES = ['ingest', 'parse', 'entity', 'dedupe', 'sink'] as const;
export const StageName = z.enum(STAGES);
export type StageName = z.infer<typeof StageName>;

/** ISO 8601 timestamp with an offset (`Z` or `+01:00`). */
export const IsoDateTime = z.iso.datetime({ offset: true });

export const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .max(8192, 'must be at most 8192 characters');

/**
 * One stage's visit to an article: which code touched it, where, and how often it had to try.
 * Appended by the stage runtime, never by stage code.
 */
export const TraceEntry = z.object({
  stage: StageName,
  /** Code version of the stage package that produced the output. */
  version: z.string().min(1),
  /** `hostname:pid:n` of the worker process. */
  workerId: z.string().min(1),
  /** 1 on the first try; BullMQ's attemptsMade + 1. */
  attempts: z.number().int().min(1),
  startedAt: IsoDateTime,
  finishedAt: IsoDateTime,
  durationMs: z.number().min(0),
  /** What the stage wants a reader of this article to know, e.g. why it produced nothing. */
  note: z.string().min(1).max(500).optional(),
});
export type TraceEntry = z.infer<typeof TraceEntry>;

export const Trace = z.array(TraceEntry).max(64);
