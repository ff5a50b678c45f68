import { createStageWorker, type StageDeps, type StageWorker } from '@newsflow/core';
import { parsePage, type ParseOptions } from './parse.js';

/** Code version recorded in each article's trace. */
export const PARSE_VERSION = '0.2.0';

export interface ParseWorkerOptions extends ParseOptions {
  /** Jobs parsed at once; parsing is CPU-bound, so more than 2 per core rarely helps. @defaultValue deps.concurrency ?? 2 */
  concurrency?: number;
}

/**
 * The parse stage: consumes `parse` jobs, extracts the article and forwards it to `entity`. A page
 * with no article, binary bytes or a broken payload fails once, unrecoverably, with a reason that
 * names the field.
 */
export function createParseWorker(deps: StageDeps, opts: ParseWorkerOptions = {}): StageWorker {
  return createStageWorker({
    stage: 'parse',
    version: PARSE_VERSION,
    connection: deps.connection,
    ...(deps.forwardConnection ? { forwardConnection: deps.forwardConnection } : {}),
    ...(deps.prefix ? { prefix: deps.prefix } : {}),
    logger: deps.logger,
    concurrency: opts.concurrency ?? deps.concurrency ?? 2,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.onJobDone ? { onJobDone: deps.onJobDone } : {}),
    ...(deps.tuning ? { tuning: deps.tuning } : {}),
    process: async (job, ctx) => {
      const article = parsePage(job, opts);
      ctx.logger.debug({ articleId: article.id, words: article.wordCount }, 'parsed');
      return article;
    },
  });
}
