import type { StageName } from '@newsflow/contracts';
import type { StageDeps, StageWorker } from '@newsflow/core';
import { createDedupeWorker, type DedupeOptions } from '@newsflow/dedupe';
import { createEntityWorker } from '@newsflow/entity';
import { createIngestWorker } from '@newsflow/ingest';
import { createParseWorker } from '@newsflow/parse';
import { createSinkWorker, type ArticleStore } from '@newsflow/sink';

/** Default jobs at once per stage: CPU-bound stages gain little past the core count. */
export const DEFAULT_CONCURRENCY: Record<StageName, number> = {
  ingest: 16,
  parse: 2,
  entity: 2,
  dedupe: 8,
  sink: 32,
};

/**
 * Build one stage's worker. The sink needs the article store; the others only Redis. Stage
 * settings (e.g. `dedupeOptionsFromEnv()`) are parsed by the caller before it connects anything,
 * so a bad variable fails fast.
 */
export function buildStageWorker(
  stage: StageName,
  deps: StageDeps,
  extra: { store?: ArticleStore; dedupe?: DedupeOptions },
): StageWorker {
  const d = { ...deps, concurrency: deps.concurrency ?? DEFAULT_CONCURRENCY[stage] };
  switch (stage) {
    case 'ingest':
      return createIngestWorker(d);
    case 'parse':
      return createParseWorker(d);
    case 'entity':
      return createEntityWorker(d);
    case 'dedupe':
      return createDedupeWorker({ ...d, options: extra.dedupe });
    case 'sink':
      if (!extra.store) throw new Error('the sink stage needs an article store');
      return createSinkWorker({ ...d, store: extra.store });
  }
}
