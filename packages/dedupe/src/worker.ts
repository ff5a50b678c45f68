import { createStageWorker, type StageDeps, type StageWorker } from '@newsflow/core';
import { createDedupeIndex } from './dedupe-index.js';
import type { DedupeOptions } from './options.js';
import { VERSION } from './version.js';

export interface DedupeWorkerDeps extends StageDeps {
  options?: DedupeOptions;
}

/**
 * The dedupe stage: an `EnrichedArticle` in, the same article with its `dedupe` verdict out.
 * The verdict is keyed by job id in the shared index, so a re-delivered job forwards the same answer.
 */
export function createDedupeWorker(deps: DedupeWorkerDeps): StageWorker {
  const index = createDedupeIndex({ redis: deps.forwardConnection ?? deps.connection, prefix: deps.prefix, options: deps.options, clock: deps.clock });
  return createStageWorker({
    stage: 'dedupe',
    version: VERSION,
    connection: deps.connection,
    forwardConnection: deps.forwardConnection,
    prefix: deps.prefix,
    logger: deps.logger,
    concurrency: deps.concurrency ?? 8,
    clock: deps.clock,
    onJobDone: deps.onJobDone,
    tuning: deps.tuning,
    async process(input, ctx) {
      const { trace: _trace, ...article } = input;
      const dedupe = await index.claim(article, ctx.job.id ?? input.pageId);
      if (dedupe.duplicateOf) ctx.logger.debug({ duplicateOf: dedupe.duplicateOf, kind: dedupe.duplicateKind, similarity: dedupe.similarity }, 'duplicate');
      return { ...article, dedupe };
    },
  });
}
