import type { Article, EnrichedArticle } from '@newsflow/contracts';
import { createStageWorker, type StageDeps, type StageWorker } from '@newsflow/core';
import { createDedupeIndex, type DedupeIndex } from './dedupe-index.js';
import { createStoryIndex, type StoryIndex } from './story/story-index.js';
import type { DedupeOptions } from './options.js';
import { VERSION } from './version.js';

export interface DedupeWorkerDeps extends StageDeps {
  options?: DedupeOptions;
}

/**
 * The stage function: the duplicate decision, then the story, two atomic steps in Redis (a copy
 * joins its canonical article's story; a new version keeps its own). `bench pipeline` times this.
 */
export async function dedupeArticle(index: DedupeIndex, stories: StoryIndex, article: Omit<EnrichedArticle, 'trace'>, jobId: string): Promise<Article['dedupe']> {
  const dedupe = await index.claim(article, jobId);
  const story = await stories.assign(
    {
      id: article.id,
      title: article.title,
      headline: article.headline || article.title,
      body: article.body,
      language: article.language,
      publishedAt: article.publishedAt ?? article.receivedAt,
      entities: article.entities,
      outlet: article.siteName || new URL(article.canonicalUrl).hostname,
    },
    dedupe.duplicateOf,
  );
  dedupe.storyId = story.storyId;
  dedupe.storyLabel = story.label;
  if (story.merged.length) dedupe.storyMerged = story.merged;
  return dedupe;
}

/**
 * The dedupe stage: an `EnrichedArticle` in, the same article with its `dedupe` verdict out.
 * The verdict is keyed by job id in the shared index, so a re-delivered job forwards the same answer,
 * and the article's story is kept with it (a re-delivered job gets the story it is in now).
 */
export function createDedupeWorker(deps: DedupeWorkerDeps): StageWorker {
  const redis = deps.forwardConnection ?? deps.connection;
  const index = createDedupeIndex({ redis, prefix: deps.prefix, options: deps.options, clock: deps.clock });
  const stories = createStoryIndex({ redis, prefix: deps.prefix, options: deps.options, clock: deps.clock });
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
      const dedupe = await dedupeArticle(index, stories, article, ctx.job.id ?? input.pageId);
      if (dedupe.duplicateOf) ctx.logger.debug({ duplicateOf: dedupe.duplicateOf, kind: dedupe.duplicateKind, similarity: dedupe.similarity }, 'duplicate');
      return { ...article, dedupe };
    },
  });
}
