import { createStageWorker, type StageDeps, type StageWorker } from '@newsflow/core';
import type { ArticleStore, WriteResult } from './types.js';

/** Code version recorded in the sink's trace entry. */
export const SINK_VERSION = '0.1.0';

export interface SinkWorkerOptions extends StageDeps {
  store: ArticleStore;
  /**
   * How long a job's lock lives; a crashed sink's jobs are taken over this long after it died.
   * @defaultValue 30000
   */
  lockDuration?: number;
  /** How often this worker looks for jobs of crashed workers. @defaultValue 30000 */
  stalledInterval?: number;
  /**
   * Crashes a job may live through before it is failed. Writes are idempotent, so recovering is
   * always safe; the limit only stops a job that itself crashes every sink from looping forever.
   * @defaultValue 5
   */
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
    lockDuration: deps.lockDuration,
    stalledInterval: deps.stalledInterval,
    maxStalledCount: deps.maxStalledCount ?? 5,
    async process(article, ctx): Promise<WriteResult> {
      const result = await deps.store.write({ ...article, trace: [...article.trace, ctx.traceEntry()] });
      ctx.logger.debug({ outcome: result.outcome, version: result.version }, 'stored');
      return result;
    },
  });
}
