import type { ArticleStore, StoredArticle } from '@newsflow/sink';
import type { Pipeline } from './pipeline.js';

/** What a store's write probe answers (`ArticleStore.probe` of `@newsflow/sink`). */
export interface StoreProbeResult {
  writable: boolean;
  reason?: string;
  checkedAt: string;
}

/**
 * What the dashboard reads from the article store (`ArticleStore` of `@newsflow/sink`). Only the
 * read methods, so a read-only replica or a store opened by another process works too, plus the
 * write probe `/readyz` asks when the store has one (optional: stores without it are only read).
 */
export type DashboardStore = Pick<ArticleStore, 'get' | 'iterate' | 'versions' | 'count'> & {
  probe?(): Promise<StoreProbeResult>;
  /** Stories for the Stories panel (optional: a store without them shows none). */
  stories?: ArticleStore['stories'];
};

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

/**
 * Ids of the articles the sink wrote most recently, newest first, read from the sink queue's
 * completed jobs (their result names the article). Empty once completed jobs have been trimmed.
 */
export async function recentlyStoredIds(p: Pipeline, limit: number): Promise<string[]> {
  const sink = p.queues.sink;
  const jobIds = await p.redis.zrevrange(sink.keys.completed!, 0, limit * 2 - 1);
  if (jobIds.length === 0) return [];
  const pipe = p.redis.pipeline();
  for (const id of jobIds) pipe.hget(sink.toKey(id), 'returnvalue');
  const ids: string[] = [];
  for (const [err, raw] of (await pipe.exec()) ?? []) {
    if (err || typeof raw !== 'string') continue;
    try {
      const id = (JSON.parse(raw) as { articleId?: unknown } | null)?.articleId;
      if (typeof id === 'string' && !ids.includes(id)) ids.push(id);
    } catch {
      // not a sink result
    }
    if (ids.length >= limit) break;
  }
  return ids;
}

/**
 * The `limit` articles an operator most likely wants to see: those the sink stored last, then the
 * store's newest by date to fill the list (after a restart, or when completed jobs were trimmed).
 */
export async function recentArticles(store: DashboardStore, limit: number, p?: Pipeline): Promise<ArticleSummary[]> {
  const out: ArticleSummary[] = [];
  const seen = new Set<string>();
  const ids = p ? await recentlyStoredIds(p, limit) : [];
  for (const a of await Promise.all(ids.map((id) => store.get(id)))) {
    if (a && !seen.has(a.id)) {
      seen.add(a.id);
      out.push(summarizeArticle(a));
    }
  }
  if (out.length < limit) {
    for await (const s of store.iterate({ limit })) {
      if (out.length >= limit) break;
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      out.push(summarizeArticle(s));
    }
  }
  return out;
}
