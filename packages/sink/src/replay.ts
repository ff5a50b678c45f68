import { randomBytes } from 'node:crypto';
import { QUEUES, STAGES, formatIssues, type Article, type StageName } from '@newsflow/contracts';
import { ValidationError, createQueue, type RedisConnection } from '@newsflow/core';
import type { ArticleFilter, ArticleStore, StoredArticle } from './types.js';

/**
 * Stages a stored article can re-enter. The store keeps the parsed article, not the raw page, so
 * parse (and ingest) cannot be replayed from it: re-ingest the pages for that.
 */
export const REPLAY_STAGES = ['entity', 'dedupe', 'sink'] as const;
export type ReplayStage = (typeof REPLAY_STAGES)[number];

export function isReplayStage(s: string): s is ReplayStage {
  return (REPLAY_STAGES as readonly string[]).includes(s);
}

/**
 * The job that makes `stage` run again over a stored article: the article as that stage's queue
 * carries it (later stages' fields dropped by the schema), with the trace of the stages before it,
 * so the stages that run now append fresh entries and the stored trace shows the replay.
 */
export function replayPayload(stored: StoredArticle | Article, stage: ReplayStage): unknown {
  const { stored: _meta, ...article } = stored as StoredArticle;
  const before = STAGES.indexOf(stage);
  const trace = article.trace.filter((t) => STAGES.indexOf(t.stage) < before);
  const r = QUEUES[stage].schema.safeParse({ ...article, trace });
  if (!r.success) throw new ValidationError(`article ${article.id} cannot re-enter ${stage}: ${formatIssues(r.error)}`);
  return r.data;
}

export interface ReplayOptions {
  store: ArticleStore;
  /** Producer connection to the pipeline's Redis. */
  connection: RedisConnection;
  /** @defaultValue '{newsflow}' */
  prefix?: string;
  stage: ReplayStage;
  /** Which stored articles; `limit` caps how many. @defaultValue all */
  filter?: ArticleFilter;
  /** Names this replay in job ids (`replay-<runId>-<articleId>`); the same run id again queues nothing new. @defaultValue random */
  runId?: string;
  /** Count what would be queued, queue nothing. @defaultValue false */
  dryRun?: boolean;
  /** Jobs added per round trip. @defaultValue 200 */
  chunk?: number;
  onProgress?: (queued: number) => void;
}

export interface ReplayResult {
  runId: string;
  stage: ReplayStage;
  /** Articles matched and queued (or that would be, on a dry run). */
  queued: number;
  /** Job ids, in order (at most the first 1,000). */
  jobIds: string[];
}

/**
 * Queue stored articles into `stage`'s queue; the running workers of that stage and the ones
 * after it process them as usual and the sink records the new result (`reprocessed` when the
 * content is unchanged). Job ids are fresh per run, so earlier completed jobs do not swallow it.
 */
export async function enqueueReplay(opts: ReplayOptions): Promise<ReplayResult> {
  const runId = opts.runId ?? `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(runId)) throw new ValidationError('runId must be 1-64 letters, digits, dot, dash or underscore');
  const queue = opts.dryRun ? null : createQueue(opts.stage as StageName, { connection: opts.connection, prefix: opts.prefix });
  const chunk = opts.chunk ?? 200;
  const jobIds: string[] = [];
  let pending: Array<{ name: string; data: unknown; opts: { jobId: string } }> = [];
  let queued = 0;
  const flush = async () => {
    if (queue && pending.length) await queue.addBulk(pending);
    queued += pending.length;
    pending = [];
    opts.onProgress?.(queued);
  };
  try {
    for await (const stored of opts.store.iterate(opts.filter ?? {})) {
      const jobId = `replay-${runId}-${stored.id}`;
      pending.push({ name: 'replay', data: replayPayload(stored, opts.stage), opts: { jobId } });
      if (jobIds.length < 1000) jobIds.push(jobId);
      if (pending.length >= chunk) await flush();
    }
    await flush();
  } finally {
    await queue?.close();
  }
  return { runId, stage: opts.stage, queued, jobIds };
}
