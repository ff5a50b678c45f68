import type { EnrichedArticle } from '@newsflow/contracts';
import { createStageWorker, type StageDeps, type StageWorker } from '@newsflow/core';
import { defaultTagger } from './default-tagger.js';
import { ENTITY_LANGUAGES, extractEntitiesAsync, type ExtractOptions, type ExtractStats } from './extract.js';
import { ENTITY_VERSION } from './version.js';

export interface EntityWorkerDeps extends StageDeps {
  /** Tagger and aliases; tests pass a small one. @defaultValue the shipped model */
  model?: Pick<ExtractOptions, 'tagger' | 'aliases' | 'countries'>;
  /** Body characters read at most per article; a longer body is logged. @defaultValue 2_000_000 */
  maxChars?: number;
  /**
   * Milliseconds of extraction after which the event loop gets a turn at the next slice, so job
   * locks are renewed and the worker's other jobs go on during a long page. @defaultValue 20
   */
  yieldEveryMs?: number;
  /** How long a job's lock lives between renewals. @defaultValue 30000 */
  lockDuration?: number;
  /** How often this worker looks for jobs whose lock expired. @defaultValue 30000 */
  stalledInterval?: number;
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
    ...(deps.lockDuration ? { lockDuration: deps.lockDuration } : {}),
    ...(deps.stalledInterval ? { stalledInterval: deps.stalledInterval } : {}),
    async process(article, ctx) {
      const { trace: _trace, ...rest } = article;
      const stats = {} as ExtractStats;
      const started = performance.now();
      const entities = await extractEntitiesAsync(
        // The headline, not the published title: "… | Site" would make the site an entity of every article.
        { title: article.headline ?? article.title, body: article.body, ...(article.language ? { language: article.language } : {}) },
        {
          ...model,
          stats,
          ...(deps.maxChars !== undefined ? { maxChars: deps.maxChars } : {}),
          ...(deps.yieldEveryMs !== undefined ? { yieldEveryMs: deps.yieldEveryMs } : {}),
        },
      );
      const ms = Math.round(performance.now() - started);
      if (stats.language) ctx.note(`no entities: the article is in "${stats.language}" and the entity model covers ${ENTITY_LANGUAGES.join(', ')} only`);
      if (stats.truncated) {
        ctx.logger.warn({ bodyChars: stats.bodyChars, charsRead: stats.charsRead, entities: entities.length, ms }, 'body longer than maxChars: entities come from its beginning only');
      }
      ctx.logger.debug({ entities: entities.length, ms, tokens: stats.tokens, names: stats.groups, yields: stats.yields }, 'entities extracted');
      const out: Omit<EnrichedArticle, 'trace'> = { ...rest, entities };
      return out;
    },
  });
}
