import { createStageWorker, type StageDeps, type StageWorker } from '@newsflow/core';
import type { ArticleStore, WriteResult } from './types.js';

/** Code version recorded in the sink's trace entry. */
export const SINK_VERSION = '0.1.0';

export interface SinkWorkerOptions extends StageDeps {
  store: ArticleStore;
  /** Overrides `tuning.lockDurationMs` (tests use short locks). */
  lockDuration?: number;
  /** Overrides `tuning.stalledIntervalMs`. */
  stalledInterval?: number;
  /** Overrides `tuning.maxStalledCount` (the sink's default is 5: its writes are idempotent). */
  maxStalledCount?: number;
}

/**
 * The last stage: writes each article to the store with its complete trace (the sink's own entry
 * included) and returns what the write did. The store makes redelivery harmless: the same job
 * twice writes once.
 */
export function createSinkWorker(deps: SinkWorkerOptions): StageWorker {
  return createStageWorker({
    stage: 'sink',
    version: SINK_VERSION,
    connection: deps.connection,
    forwardConnection: deps.forwardConnection,
    prefix: deps.prefix,
    logger: deps.logger,
    // Concurrent jobs are what the store batches into one transaction.
    concurrency: deps.concurrency ?? 32,
    clock: deps.clock,
    onJobDone: deps.onJobDone,
    tuning: deps.tuning,
    lockDuration: deps.lockDuration,
    stalledInterval: deps.stalledInterval,
    maxStalledCount: deps.maxStalledCount,
    async process(article, ctx): Promise<WriteResult> {
      const result = await deps.store.write({ ...article, trace: [...article.trace, ctx.traceEntry()] });
      ctx.logger.debug({ outcome: result.outcome, version: result.version }, 'stored');
      return result;
    },
  });
}
