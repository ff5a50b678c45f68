export type { StoreConfig } from './config.js';
export { storeConfigFromEnv, StoreEnv, describeStore } from './config.js';
export { openStore } from './open.js';
export type { OpenStoreOptions } from './open.js';
export { openSqliteStore } from './sqlite/store.js';
export type { SqliteStoreOptions } from './sqlite/store.js';
export type { ThreadHandle as SqliteThreadHandle } from './sqlite/client.js';
export { openPostgresStore } from './postgres/store.js';
export type { PostgresStoreOptions } from './postgres/store.js';
export { openJsonlStore } from './jsonl/store.js';
export type { JsonlStoreOptions } from './jsonl/store.js';
export type {
  StoryFilter,
  StorySummary,
  ArticleStore,
  ArticleFilter,
  ArticlePage,
  ArticleSummary,
  ArticleVersion,
  StoredArticle,
  StoredMeta,
  WriteResult,
  WriteOutcome,
  EntityFilter,
  EntitySummary,
} from './types.js';
export { parseArticleQuery, parseEntityQuery, parseStoryQuery, parseTimeBound, encodeCursor, decodeCursor, MAX_PAGE, DEFAULT_PAGE } from './filter.js';
export { createSinkWorker, SINK_VERSION } from './worker.js';
export type { SinkWorkerOptions } from './worker.js';
export { WriteBatcher } from './batcher.js';
export { formatSummaryLine, formatStoredArticle, csvHeader, csvRow, csvField, jsonlRow, CSV_COLUMNS } from './format.js';
export { createArticlesApi } from './api.js';
export type { ArticlesApiOptions, ArticlesApiAuth } from './api.js';
export { enqueueReplay, replayPayload, isReplayStage, REPLAY_STAGES } from './replay.js';
export type { ReplayOptions, ReplayResult, ReplayStage } from './replay.js';
export { benchStore, benchWorker, benchArticle, createTempDatabase } from './bench.js';
export type { StoreBenchOptions, StoreBenchResult, PhaseFigures, WorkerBenchOptions } from './bench.js';
