export { STAGES, StageName, IsoDateTime, HttpUrl, TraceEntry, Trace } from './common.js';
export { RawArticle, IngestJob, ParseJob, PageBodyRef, PageBodyField, MAX_PAGE_CHARS } from './raw-article.js';
export {
  Paragraph,
  ParagraphKind,
  Correction,
  ImageRef,
  ParsedArticle,
  EntityType,
  Mention,
  Entity,
  EnrichedArticle,
  DedupeInfo,
  Article,
} from './article.js';
export { QUEUES, DEFAULT_JOB_OPTIONS } from './catalog.js';
export type { QueueSpec, QueueName, QueuePayload, JobDefaults } from './catalog.js';
export { PUBLISHED_SCHEMAS, toJsonSchema } from './json-schema.js';
export { formatIssues } from './issues.js';
