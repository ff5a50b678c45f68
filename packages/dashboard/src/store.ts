import type { Article, Entity, TraceEntry } from '@newsflow/contracts';

/**
 * What the dashboard reads from the article store. `ArticleStore` of `@newsflow/sink` satisfies it;
 * keeping it structural (and small) lets the dashboard run without a store, or with a read replica.
 */
export interface DashboardStore {
  /** The article, or null when it is not stored. */
  get(id: string): Promise<StoredArticleLike | null>;
  /** Most recent first. */
  list(query: { limit?: number }): Promise<StoredArticleLike[] | { items: StoredArticleLike[] }>;
  /** Every stored version of the article, oldest first. */
  versions(id: string): Promise<unknown[]>;
  /** Articles stored (optionally with filters the store understands). */
  count(filter?: Record<string, unknown>): Promise<number>;
}

/** The fields the pipeline page shows; a stored article has at least these of the `Article` contract. */
export type StoredArticleLike = Partial<Omit<Article, 'entities' | 'trace' | 'dedupe'>> & {
  id: string;
  entities?: Array<Partial<Entity> & { name: string }>;
  trace?: TraceEntry[];
  dedupe?: Partial<Article['dedupe']>;
  duplicateOf?: string | null;
  clusterId?: string | null;
  version?: number;
};

export interface ArticleSummary {
  id: string;
  title: string;
  site: string | null;
  url: string | null;
  publishedAt: string | null;
  topEntities: Array<{ name: string; type: string | null }>;
  duplicateOf: string | null;
  clusterId: string | null;
  version: number;
}

function pick<T>(...vals: Array<T | null | undefined>): T | null {
  for (const v of vals) if (v !== undefined && v !== null) return v;
  return null;
}

/** A stored article reduced to one row of the "recent articles" table. */
export function summarizeArticle(a: StoredArticleLike, topN = 5): ArticleSummary {
  const entities = [...(a.entities ?? [])].sort((x, y) => (y.salience ?? 0) - (x.salience ?? 0) || (y.count ?? 0) - (x.count ?? 0));
  return {
    id: a.id,
    title: a.title ?? '(untitled)',
    site: pick(a.siteName, a.source),
    url: pick(a.canonicalUrl, a.url),
    publishedAt: pick(a.publishedAt),
    topEntities: entities.slice(0, topN).map((e) => ({ name: e.name, type: e.type ?? null })),
    duplicateOf: pick(a.dedupe?.duplicateOf, a.duplicateOf),
    clusterId: pick(a.dedupe?.clusterId, a.clusterId),
    version: pick(a.dedupe?.version, a.version) ?? 1,
  };
}

/** `list` may return an array or a page object (`{ items, nextCursor }`). */
export async function recentArticles(store: DashboardStore, limit: number): Promise<ArticleSummary[]> {
  const res = await store.list({ limit });
  const items = Array.isArray(res) ? res : res.items;
  return items.slice(0, limit).map((a) => summarizeArticle(a));
}
