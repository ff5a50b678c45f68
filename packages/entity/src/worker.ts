import type { EnrichedArticle } from '@newsflow/contracts';
import { createStageWorker, type StageDeps, type StageWorker } from '@newsflow/core';
import { defaultTagger } from './default-tagger.js';
import { extractEntities, type ExtractOptions } from './extract.js';
import { ENTITY_VERSION } from './version.js';

export interface EntityWorkerDeps extends StageDeps {
  /** Tagger and aliases; tests pass a small one. @defaultValue the shipped model */
  model?: Pick<ExtractOptions, 'tagger' | 'aliases'>;
  /** Body characters read at most per article. @defaultValue 2_000_000 */
  maxChars?: number;
}

/**
 * The entity stage: a ParsedArticle in, the same article with `entities` out to `dedupe`. A pure
 * function of its input, so a redelivered job produces the same output (the runtime forwards under
 * the same job id).
 */
export function createEntityWorker(deps: EntityWorkerDeps): StageWorker {
  // Load the shipped model now (once per process): a missing or corrupt model stops the worker
  // at start-up instead of failing every job.
  const model = deps.model ?? defaultTagger();
  return createStageWorker({
    stage: 'entity',
    version: ENTITY_VERSION,
    connection: deps.connection,
    ...(deps.forwardConnection ? { forwardConnection: deps.forwardConnection } : {}),
    ...(deps.prefix ? { prefix: deps.prefix } : {}),
    logger: deps.logger,
    concurrency: deps.concurrency ?? 2,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.onJobDone ? { onJobDone: deps.onJobDone } : {}),
    ...(deps.tuning ? { tuning: deps.tuning } : {}),
    async process(article, ctx) {
      const { trace: _trace, ...rest } = article;
      const entities = extractEntities(
        // The headline, not the published title: "… | Site" would make the site an entity of every article.
        { title: article.headline ?? article.title, body: article.body, ...(article.language ? { language: article.language } : {}) },
        { ...model, ...(deps.maxChars ? { maxChars: deps.maxChars } : {}) },
      );
      ctx.logger.debug({ entities: entities.length }, 'entities extracted');
      const out: Omit<EnrichedArticle, 'trace'> = { ...rest, entities };
      return out;
    },
  });
}
