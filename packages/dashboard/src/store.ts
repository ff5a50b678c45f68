import type { ArticleStore, StoredArticle } from '@newsflow/sink';

/**
 * What the dashboard reads from the article store (`ArticleStore` of `@newsflow/sink`). Only the
 * read methods, so a read-only replica or a store opened by another process works too.
 */
export type DashboardStore = Pick<ArticleStore, 'get' | 'iterate' | 'versions' | 'count'>;

/** One row of the "recent articles" table. */
export interface ArticleSummary {
  id: string;
  title: string;
  site: string | null;
  url: string;
  publishedAt: string | null;
  topEntities: Array<{ name: string; type: string }>;
  duplicateOf: string | null;
  clusterId: string;
  version: number;
  updatedAt: string;
}

/** A stored article reduced to a table row: the most salient entities first. */
export function summarizeArticle(a: StoredArticle, topN = 5): ArticleSummary {
  const entities = [...a.entities].sort((x, y) => y.salience - x.salience || y.count - x.count);
  return {
    id: a.id,
    title: a.title || '(untitled)',
    site: a.siteName ?? a.source ?? null,
    url: a.canonicalUrl,
    publishedAt: a.publishedAt ?? null,
    topEntities: entities.slice(0, topN).map((e) => ({ name: e.name, type: e.type })),
    duplicateOf: a.dedupe.duplicateOf,
    clusterId: a.dedupe.clusterId,
    version: a.dedupe.version,
    updatedAt: a.stored.updatedAt,
  };
}

/** The latest `limit` articles in the store's listing order (newest first). */
export async function recentArticles(store: DashboardStore, limit: number): Promise<ArticleSummary[]> {
  const out: ArticleSummary[] = [];
  for await (const s of store.iterate({ limit })) {
    out.push(summarizeArticle(s));
    if (out.length >= limit) break;
  }
  return out;
}
