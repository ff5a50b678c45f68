import type { Article } from '@newsflow/contracts';

/**
 * What a write did. `inserted`/`duplicate`: a new article row (a duplicate points at its canonical
 * article); `new-version`: changed content appended as a version; `reprocessed`: same content, new
 * enrichment or trace (a replay); `unchanged`: the same job delivered again, nothing written;
 * `stale`: an older version delivered late, the current one is kept.
 */
export type WriteOutcome = 'inserted' | 'duplicate' | 'new-version' | 'reprocessed' | 'unchanged' | 'stale';

export interface WriteResult {
  articleId: string;
  /** The stored version the write resolved to. */
  version: number;
  outcome: WriteOutcome;
}

/** Query over stored articles; every field is optional and they combine with AND. */
export interface ArticleFilter {
  /** ISO timestamp (UTC): articles published (or fetched, when no date) at or after it. */
  since?: string;
  /** ISO timestamp (UTC): published strictly before it. */
  until?: string;
  /** Site name, exact (case-insensitive). */
  site?: string;
  /** Entity key (`PER:…`) or canonical name, case-insensitive. */
  entity?: string;
  cluster?: string;
  /** Story id (`dedupe.storyId`): every stored article reporting that story, copies included. */
  story?: string;
  /** Full-text query over title and body: words (all must match), "quoted phrases", OR. */
  q?: string;
  /** Leave out articles that duplicate another. @defaultValue false */
  canonicalOnly?: boolean;
  /** Specific article ids. */
  ids?: string[];
  /** Page size. @defaultValue 20 */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** Which entities to list: the ones most written about first. */
export interface EntityFilter {
  /** Part of the name, case-insensitive, e.g. "lavrov". */
  q?: string;
  type?: 'PER' | 'ORG' | 'LOC' | 'MISC';
  /** @defaultValue 20 */
  limit?: number;
}

export interface EntitySummary {
  /** What `entity` filters take: `PER:sergei lavrov`. */
  key: string;
  name: string;
  type: string;
  /** Stored articles that mention it. */
  articles: number;
}

/** Which stories to list: the most recently active first. */
export interface StoryFilter {
  /** ISO timestamp (UTC): stories with an article published (or fetched) at or after it. */
  since?: string;
  until?: string;
  /** Leave out stories with fewer stored articles. @defaultValue 1 */
  minArticles?: number;
  /** @defaultValue 20 */
  limit?: number;
}

/** A story as the store holds it: aggregated over its stored articles. */
export interface StorySummary {
  id: string;
  /** The headline of its most central article (as dedupe labelled it when the latest article joined). */
  label: string;
  articles: number;
  /** Distinct sites (an article without a site name counts as its own). */
  outlets: number;
  /** Distinct copy clusters: independently written reports. */
  clusters: number;
  /** Earliest and latest publication (else fetch) time of its articles. */
  firstSeen: string;
  lastSeen: string;
}

/** One line of a listing: enough to choose an article, without its body. */
export interface ArticleSummary {
  id: string;
  title: string;
  canonicalUrl: string;
  siteName: string | null;
  language: string | null;
  publishedAt: string | null;
  /** The date listings sort and filter on: publishedAt, else fetchedAt (UTC ISO). */
  sortAt: string;
  version: number;
  clusterId: string;
  /** The story it reports, null when stored before stories were assigned. */
  storyId: string | null;
  duplicateOf: string | null;
  wordCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ArticlePage {
  items: ArticleSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** When the store wrote an article; `version` equals `dedupe.version` of the stored document. */
export interface StoredMeta {
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A stored article: the Article contract as written, plus when the store wrote it. */
export type StoredArticle = Article & { stored: StoredMeta };

export interface ArticleVersion {
  version: number;
  contentHash: string;
  title: string;
  modifiedAt: string | null;
  wordCount: number;
  /** What dedupe saw change against the previous version. */
  changes: Article['dedupe']['changes'] | null;
  corrections: Article['corrections'];
  createdAt: string;
}

/** What `ArticleStore.probe()` found: whether a write would succeed now, and if not, why. */
export interface StoreProbe {
  writable: boolean;
  /** Why not writable: `CODE: message`, e.g. `57P01: terminating connection due to administrator command`. */
  reason?: string;
  /** When the probe ran (ISO). */
  checkedAt: string;
}

/** The article store the sink writes and every reader (CLI, HTTP API, replay) queries. */
export interface ArticleStore {
  readonly kind: 'sqlite' | 'postgres' | 'jsonl';
  /**
   * Idempotent: the same article twice writes once. Concurrent calls are batched into one
   * transaction; a row that fails (a constraint, bad data) rejects alone, with the reason.
   */
  write(article: Article): Promise<WriteResult>;
  get(id: string): Promise<StoredArticle | null>;
  list(filter?: ArticleFilter): Promise<ArticlePage>;
  /** Every matching article in full, in listing order (for export and replay). `limit` caps the total. */
  iterate(filter?: ArticleFilter): AsyncIterable<StoredArticle>;
  /** Versions of one article, oldest first; empty when the id is unknown. */
  versions(id: string): Promise<ArticleVersion[]>;
  /** The full article as it was at `version` (`stored.updatedAt` is when that version was written). */
  getVersion(id: string, version: number): Promise<StoredArticle | null>;
  count(filter?: Omit<ArticleFilter, 'limit' | 'cursor'>): Promise<number>;
  /** Entities by how many stored articles mention them, to find the key or name to filter on. */
  entities(filter?: EntityFilter): Promise<EntitySummary[]>;
  /** Stories by latest article, aggregated over the stored articles. */
  stories(filter?: StoryFilter): Promise<StorySummary[]>;
  /** One story, null when no stored article carries the id. */
  story(id: string): Promise<StorySummary | null>;
  /**
   * Can the store write? Cheap enough for `/readyz` every few seconds: a connectivity check
   * (`SELECT 1`), plus the outcome of the most recent write. A write that failed with a database
   * error, and none succeeded since, makes it unwritable until a later write or a test write
   * (a single row rewritten in place) passes; a write waiting on a lock for long does too.
   */
  probe(): Promise<StoreProbe>;
  /** Applied schema migrations, oldest first. */
  migrations(): Promise<Array<{ version: number; name: string }>>;
  /** Waits for pending writes, then releases the database. */
  close(): Promise<void>;
}
