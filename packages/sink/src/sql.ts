import { DEFAULT_PAGE, decodeCursor, encodeCursor, toFts5Query, toWebSearchQuery } from './filter.js';
import type { Article } from '@newsflow/contracts';
import type { ArticleFilter, ArticlePage, ArticleStore, ArticleSummary, ArticleVersion, EntityFilter, EntitySummary, StoredArticle, StoryFilter, StorySummary } from './types.js';

/** The few places SQLite and PostgreSQL SQL differ in a listing query. */
export interface Dialect {
  /** Placeholder for the n-th parameter (1-based). */
  ph(n: number): string;
  /** A timestamp parameter, as compared with `sort_at`. */
  ts(p: string): string;
  /** Full-text condition on `a` for a parameter holding the user's query (already translated by `ftsParam`). */
  fts(p: string): string;
  ftsParam(q: string): string;
}

export const SUMMARY_COLUMNS =
  'a.id, a.title, a.canonical_url, a.site, a.language, a.published_at, a.sort_at, a.version, a.cluster_id, a.story_id, a.duplicate_of, a.word_count, a.created_at, a.updated_at';

/** WHERE clause and parameters for a filter; the cursor condition is included when `withCursor`. */
export function whereFor(filter: ArticleFilter, d: Dialect, withCursor = true): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return d.ph(params.length);
  };
  const conds: string[] = [];
  if (filter.since) conds.push(`a.sort_at >= ${d.ts(p(filter.since))}`);
  if (filter.until) conds.push(`a.sort_at < ${d.ts(p(filter.until))}`);
  if (filter.site) conds.push(`a.site_key = ${p(filter.site.toLowerCase())}`);
  if (filter.cluster) conds.push(`a.cluster_id = ${p(filter.cluster)}`);
  if (filter.story) conds.push(`a.story_id = ${p(filter.story)}`);
  if (filter.entity) {
    // By key, or by any name: the entities that go by it anywhere in the store (canonical name or
    // alias), and every entity whose canonical name is one of their names, so "Trump" and "Donald
    // Trump" find the same articles once one stored article links the two. (Each placeholder is
    // its own parameter: SQLite's are positional.)
    const lc = filter.entity.toLowerCase();
    conds.push(
      `EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND (m.entity_key = ${p(filter.entity)} OR m.name_lc = ${p(lc)} OR m.name_lc IN (SELECT n2.name_lc FROM entity_names n2 WHERE n2.entity_key IN (SELECT n1.entity_key FROM entity_names n1 WHERE n1.name_lc = ${p(lc)}))))`,
    );
  }
  if (filter.q) {
    const q = d.ftsParam(filter.q);
    conds.push(q ? d.fts(p(q)) : '1 = 0');
  }
  if (filter.canonicalOnly) conds.push('a.duplicate_of IS NULL');
  if (filter.ids) conds.push(filter.ids.length ? `a.id IN (${filter.ids.map((id) => p(id)).join(', ')})` : '1 = 0');
  if (withCursor && filter.cursor) {
    const c = decodeCursor(filter.cursor);
    conds.push(`(a.sort_at, a.id) < (${d.ts(p(c.sortAt))}, ${p(c.id)})`);
  }
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

/** The listing query: newest first, one extra row fetched to know whether a next page exists. */
export function listQuery(filter: ArticleFilter, d: Dialect, columns = SUMMARY_COLUMNS): { sql: string; params: unknown[]; limit: number } {
  const limit = filter.limit ?? DEFAULT_PAGE;
  const w = whereFor(filter, d);
  w.params.push(limit + 1);
  return { sql: `SELECT ${columns} FROM articles a ${w.sql} ORDER BY a.sort_at DESC, a.id DESC LIMIT ${d.ph(w.params.length)}`, params: w.params, limit };
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

export function toSummary(r: Record<string, unknown>): ArticleSummary {
  return {
    id: String(r.id),
    title: String(r.title),
    canonicalUrl: String(r.canonical_url),
    siteName: (r.site as string | null) ?? null,
    language: (r.language as string | null) ?? null,
    publishedAt: iso(r.published_at),
    sortAt: iso(r.sort_at)!,
    version: Number(r.version),
    clusterId: String(r.cluster_id),
    storyId: (r.story_id as string | null) ?? null,
    duplicateOf: (r.duplicate_of as string | null) ?? null,
    wordCount: Number(r.word_count),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** Cut the extra row off and make the cursor from the last row kept. */
export function toPage(rows: Array<Record<string, unknown>>, limit: number): ArticlePage {
  const items = rows.slice(0, limit).map(toSummary);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ sortAt: last.sortAt, id: last.id }) : null };
}

export const sqliteDialect: Dialect = {
  ph: () => '?',
  ts: (p) => p,
  fts: (p) => `a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${p})`,
  ftsParam: toFts5Query,
};

export const postgresDialect: Dialect = {
  ph: (n) => `$${n}`,
  ts: (p) => `${p}::timestamptz`,
  fts: (p) => `a.search @@ websearch_to_tsquery('simple', ${p})`,
  ftsParam: toWebSearchQuery,
};

/** Entities by article count; the name match is a LIKE on the lower-cased name with wildcards escaped. */
export function entitiesQuery(filter: EntityFilter, d: Dialect): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), d.ph(params.length));
  const conds: string[] = [];
  if (filter.q) conds.push(`m.name_lc LIKE ${p(`%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\'`);
  if (filter.type) conds.push(`e.type = ${p(filter.type)}`);
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  const limit = p(filter.limit ?? DEFAULT_PAGE);
  return {
    sql: `SELECT e.key, e.name, e.type, count(*) AS articles FROM mentions m JOIN entities e ON e.key = m.entity_key ${where}
      GROUP BY e.key, e.name, e.type ORDER BY articles DESC, e.key LIMIT ${limit}`,
    params,
  };
}

export const toEntitySummary = (r: Record<string, unknown>): EntitySummary => ({ key: String(r.key), name: String(r.name), type: String(r.type), articles: Number(r.articles) });

/** Stories aggregated over their stored articles, most recently active first; `id` picks one. */
export function storiesQuery(filter: StoryFilter & { id?: string }, d: Dialect): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), d.ph(params.length));
  const conds = ['a.story_id IS NOT NULL'];
  if (filter.id) conds.push(`a.story_id = ${p(filter.id)}`);
  if (filter.since) conds.push(`a.sort_at >= ${d.ts(p(filter.since))}`);
  if (filter.until) conds.push(`a.sort_at < ${d.ts(p(filter.until))}`);
  const having = filter.minArticles && filter.minArticles > 1 ? `HAVING count(*) >= ${p(filter.minArticles)}` : '';
  const limit = p(filter.limit ?? DEFAULT_PAGE);
  return {
    sql: `SELECT a.story_id AS id, count(*) AS articles, count(DISTINCT coalesce(a.site_key, a.id)) AS outlets, count(DISTINCT a.cluster_id) AS clusters,
      min(a.sort_at) AS first_seen, max(a.sort_at) AS last_seen,
      (SELECT coalesce(b.story_label, b.title) FROM articles b WHERE b.story_id = a.story_id ORDER BY b.seq DESC LIMIT 1) AS label
      FROM articles a WHERE ${conds.join(' AND ')} GROUP BY a.story_id ${having} ORDER BY last_seen DESC, a.story_id LIMIT ${limit}`,
    params,
  };
}

export const toStorySummary = (r: Record<string, unknown>): StorySummary => ({
  id: String(r.id),
  label: String(r.label ?? ''),
  articles: Number(r.articles),
  outlets: Number(r.outlets),
  clusters: Number(r.clusters),
  firstSeen: iso(r.first_seen)!,
  lastSeen: iso(r.last_seen)!,
});

/** Columns `iterate` reads: the full stored document plus what the cursor needs. */
export const DOC_COLUMNS = 'a.id, a.sort_at, a.doc, a.version, a.created_at, a.updated_at';

/**
 * Page through every article matching `filter` in listing order, `pageSize` rows per query, so a
 * large export never holds the whole table. `filter.limit` caps the total.
 */
export async function* iterateDocs(
  filter: ArticleFilter,
  fetchRows: (f: ArticleFilter) => Promise<Array<Record<string, unknown>>>,
  pageSize = 200,
): AsyncGenerator<StoredArticle> {
  let remaining = filter.limit ?? Number.POSITIVE_INFINITY;
  let cursor = filter.cursor;
  while (remaining > 0) {
    const size = Math.min(pageSize, remaining);
    const rows = await fetchRows({ ...filter, limit: size, cursor });
    const page = rows.slice(0, size);
    for (const r of page) yield storedFrom(docOf(r), r);
    remaining -= page.length;
    const last = page[page.length - 1];
    if (rows.length <= size || !last) return;
    cursor = encodeCursor({ sortAt: iso(last.sort_at)!, id: String(last.id) });
  }
}

/** The row's `doc`: JSON text from SQLite, already parsed from PostgreSQL's jsonb. */
const docOf = (r: Record<string, unknown>): Article => (typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc) as Article;

/** The stored document with its store metadata from the row. */
export function storedFrom(doc: Article, r: Record<string, unknown>): StoredArticle {
  return { ...doc, stored: { version: Number(r.version), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)! } };
}

/** An `article_versions` row as the API shows it. */
export function toVersion(r: Record<string, unknown>): ArticleVersion {
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    version: Number(r.version),
    contentHash: String(r.content_hash),
    title: String(r.title),
    modifiedAt: iso(r.modified_at),
    wordCount: Number(r.word_count),
    changes: (json(r.changes) as ArticleVersion['changes']) ?? null,
    corrections: (json(r.corrections) as ArticleVersion['corrections']) ?? [],
    createdAt: iso(r.created_at)!,
  };
}

export type Rows = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Everything a SQL store reads, over one query function: SQLite and PostgreSQL read alike. */
export function sqlReads(d: Dialect, rows: Rows): Pick<ArticleStore, 'get' | 'list' | 'iterate' | 'versions' | 'getVersion' | 'count' | 'entities' | 'stories' | 'story' | 'migrations'> {
  const stored = (r: Record<string, unknown> | undefined) => (r ? storedFrom(docOf(r), r) : null);
  return {
    get: async (id) => stored((await rows(`SELECT doc, version, created_at, updated_at FROM articles WHERE id = ${d.ph(1)}`, [id]))[0]),
    async list(filter = {}) {
      const q = listQuery(filter, d);
      return toPage(await rows(q.sql, q.params), q.limit);
    },
    iterate: (filter = {}) =>
      iterateDocs(filter, (f) => {
        const q = listQuery(f, d, DOC_COLUMNS);
        return rows(q.sql, q.params);
      }),
    versions: async (id) => (await rows(`SELECT * FROM article_versions WHERE article_id = ${d.ph(1)} ORDER BY version`, [id])).map(toVersion),
    getVersion: async (id, version) =>
      stored((await rows(`SELECT doc, version, created_at, created_at AS updated_at FROM article_versions WHERE article_id = ${d.ph(1)} AND version = ${d.ph(2)}`, [id, version]))[0]),
    async count(filter = {}) {
      const w = whereFor(filter, d, false);
      // PostgreSQL's count is a bigint, which pg hands over as a string.
      return Number((await rows(`SELECT count(*) AS n FROM articles a ${w.sql}`, w.params))[0]!.n);
    },
    entities: async (filter = {}) => {
      const q = entitiesQuery(filter, d);
      return (await rows(q.sql, q.params)).map(toEntitySummary);
    },
    stories: async (filter = {}) => {
      const q = storiesQuery(filter, d);
      return (await rows(q.sql, q.params)).map(toStorySummary);
    },
    story: async (id) => {
      const q = storiesQuery({ id, limit: 1 }, d);
      const r = (await rows(q.sql, q.params))[0];
      return r ? toStorySummary(r) : null;
    },
    migrations: async () => (await rows('SELECT version, name FROM schema_migrations ORDER BY version', [])) as Array<{ version: number; name: string }>,
  };
}
