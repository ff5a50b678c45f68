import { ALREADY_FORWARDED, AppError, PAGE_BODY_TTL_SECONDS, createStageWorker, dropPageBody, jobLockOf, loadPageBody, type StageDeps, type StageWorker } from '@newsflow/core';
import { parsePage, type ParseOptions } from './parse.js';

/** Code version recorded in each article's trace. */
export const PARSE_VERSION = '0.2.0';

export interface ParseWorkerOptions extends ParseOptions {
  /** Jobs parsed at once; parsing is CPU-bound, so more than 2 per core rarely helps. @defaultValue deps.concurrency ?? 2 */
  concurrency?: number;
}

/**
 * The parse stage: consumes `parse` jobs, loads the page body when it waits in Redis (`bodyRef`),
 * extracts the article and forwards it to `entity`, then deletes that body. A page
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
      let page = job;
      if (job.bodyRef) {
        const body = await loadPageBody(ctx.redis, job.bodyRef);
        if (body === null) {
          // Deleted after an earlier delivery forwarded the article and then died before completing.
          if (await ctx.alreadyForwarded()) return ALREADY_FORWARDED;
          throw new AppError('PAGE_BODY_MISSING', `bodyRef: the page body (${job.bodyRef.key}) is no longer in Redis: bodies expire ${PAGE_BODY_TTL_SECONDS / 86_400} days after submission; submit the page again`, { retryable: false });
        }
        const { bodyRef: _ref, ...rest } = job;
        page = { ...rest, [job.bodyRef.field]: body };
      }
      const article = parsePage(page, { ...opts, onWarning: opts.onWarning ?? ((message, details) => ctx.logger.warn(details, message)) });
      ctx.logger.debug({ articleId: article.id, words: article.wordCount }, 'parsed');
      return article;
    },
    // Nothing reads the body once the article is in the entity queue; a redelivery finds it gone
    // and completes through ALREADY_FORWARDED. Only while this delivery still holds the job's lock:
    // after a Redis restart from an older AOF the job can be back in an earlier stage, and its redo
    // needs the body (seen in the fault suite's redis-rollback-1s as PAGE_BODY_MISSING).
    afterForward: async (job, ctx) => {
      if (!job.bodyRef) return;
      if (!(await dropPageBody(ctx.redis, job.bodyRef, jobLockOf(ctx.job)))) ctx.logger.warn({ key: job.bodyRef.key }, 'kept the page body: this delivery no longer holds its job (taken over, or Redis rolled back); the redo reads it');
    },
  });
}
