import pg from 'pg';
import type { Article } from '@newsflow/contracts';
import { TransientError } from '@newsflow/core';
import { WriteBatcher, type ItemResult } from '../batcher.js';
import { classifyDbError } from '../db-errors.js';
import { articleRow, decide, inputHashOf, mentionRows, versionRow, type CurrentRow } from '../row.js';
import { DOC_COLUMNS, iterateDocs, listQuery, postgresDialect, storedFrom, toPage, toVersion, whereFor } from '../sql.js';
import type { ArticleFilter, ArticleStore, StoredArticle, WriteResult } from '../types.js';
import { POSTGRES_MIGRATIONS } from '../schema.js';

export interface PostgresStoreOptions {
  /** `postgres://user:pass@host:5432/db` */
  url: string;
  /** Most writes per transaction. @defaultValue 200 */
  batchSize?: number;
  /** Connections in the pool (one writes, the others serve reads). @defaultValue 4 */
  poolSize?: number;
  /** @defaultValue () => new Date() */
  clock?: () => Date;
}

/** Arbitrary constant: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7_270_736_900;

const COLS = [
  'id', 'url', 'canonical_url', 'title', 'authors', 'published_at', 'modified_at', 'fetched_at', 'sort_at', 'language', 'site',
  'site_key', 'source', 'body', 'paragraphs', 'corrections', 'content_hash', 'input_hash', 'version', 'duplicate_of', 'cluster_id',
  'word_count', 'doc',
] as const;
const JSON_COLS = new Set(['authors', 'paragraphs', 'corrections', 'doc']);
const castOf = (c: string, i: number) => `$${i + 1}${JSON_COLS.has(c) ? '::jsonb' : ''}`;
const NOW = `$${COLS.length + 1}`;
const INSERT_ARTICLE = `INSERT INTO articles (${COLS.join(', ')}, created_at, updated_at) VALUES (${COLS.map(castOf).join(', ')}, ${NOW}, ${NOW}) ON CONFLICT (id) DO NOTHING`;
const UPDATE_ARTICLE = `UPDATE articles SET ${COLS.slice(1).map((c, i) => `${c} = ${castOf(c, i + 1)}`).join(', ')}, updated_at = ${NOW} WHERE id = $1`;

async function migrate(pool: pg.Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of POSTGRES_MIGRATIONS) {
      if (done.has(m.version)) continue;
      await c.query('BEGIN');
      try {
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    c.release();
  }
}

/**
 * The production store. Concurrent writes are batched into one transaction with a savepoint per
 * row, rows taken in id order (so two sinks never lock each other in a cycle), and each row locked
 * with SELECT … FOR UPDATE before deciding: several sink processes may write at once.
 */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<ArticleStore> {
  const clock = opts.clock ?? (() => new Date());
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 4, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined); // an idle client's error; the next query reports it
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw classifyDbError(err);
  }

  async function writeOne(c: pg.PoolClient, a: Article): Promise<WriteResult> {
    const inputHash = inputHashOf(a);
    for (let attempt = 1; ; attempt++) {
      const cur =
        (await c.query<CurrentRow>('SELECT version, content_hash AS "contentHash", input_hash AS "inputHash" FROM articles WHERE id = $1 FOR UPDATE', [a.id]))
          .rows[0] ?? null;
      let byHash: number | null = null;
      if (cur && cur.contentHash !== a.dedupe.contentHash) {
        const r = await c.query<{ version: number }>(
          'SELECT version FROM article_versions WHERE article_id = $1 AND content_hash = $2 ORDER BY version DESC LIMIT 1',
          [a.id, a.dedupe.contentHash],
        );
        byHash = r.rows[0]?.version ?? null;
      }
      const d = decide(cur, a, inputHash, byHash);
      if (d.action === 'skip') return { articleId: a.id, version: d.version, outcome: d.outcome };
      const now = clock().toISOString();
      const row = articleRow(a, d.version, inputHash, now);
      const values = [...COLS.map((k) => row[k]), now];
      if (d.action === 'write-new') {
        // Another sink inserted this id since our SELECT: decide again against its row.
        if ((await c.query(INSERT_ARTICLE, values)).rowCount === 0) {
          if (attempt < 3) continue;
          throw new TransientError('CONCURRENT_WRITE', `article ${a.id} is being written by another sink`);
        }
      } else await c.query(UPDATE_ARTICLE, values);
      if (d.action !== 'refresh') {
        const v = versionRow(a, d.version, now);
        await c.query(
          `INSERT INTO article_versions (article_id, version, content_hash, title, modified_at, word_count, changes, corrections, doc, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10) ON CONFLICT (article_id, version) DO NOTHING`,
          [v.article_id, v.version, v.content_hash, v.title, v.modified_at, v.word_count, v.changes, v.corrections, v.doc, v.created_at],
        );
      }
      await c.query('DELETE FROM mentions WHERE article_id = $1', [a.id]);
      const mentions = mentionRows(a);
      if (mentions.length) {
        const json = JSON.stringify(mentions);
        await c.query(
          `INSERT INTO entities (key, name, name_lc, type, first_seen_at)
           SELECT entity_key, name, name_lc, type, $2 FROM jsonb_to_recordset($1::jsonb) AS x(entity_key text, name text, name_lc text, type text)
           ORDER BY entity_key ON CONFLICT (key) DO NOTHING`,
          [json, now],
        );
        await c.query(
          `INSERT INTO mentions (article_id, entity_key, name, name_lc, type, count, salience, first_position, aliases, mentions)
           SELECT $2, entity_key, name, name_lc, type, count, salience, first_position, aliases::jsonb, mentions::jsonb
           FROM jsonb_to_recordset($1::jsonb) AS x(entity_key text, name text, name_lc text, type text, count int, salience real, first_position int, aliases text, mentions text)`,
          [json, a.id],
        );
      }
      await c.query('DELETE FROM article_trace WHERE article_id = $1', [a.id]);
      await c.query(
        `INSERT INTO article_trace (article_id, seq, stage, version, worker_id, attempts, started_at, finished_at, duration_ms)
         SELECT $2, seq, stage, version, "workerId", attempts, "startedAt", "finishedAt", "durationMs"
         FROM jsonb_to_recordset($1::jsonb) AS x(seq int, stage text, version text, "workerId" text, attempts int, "startedAt" timestamptz, "finishedAt" timestamptz, "durationMs" float8)`,
        [JSON.stringify(a.trace.map((t, seq) => ({ ...t, seq }))), a.id],
      );
      return { articleId: a.id, version: d.version, outcome: d.outcome };
    }
  }

  async function runBatch(items: Article[]): Promise<Array<ItemResult<WriteResult>>> {
    const results = new Array<ItemResult<WriteResult>>(items.length);
    // Id order (stable, so one article's writes keep their arrival order): no lock cycles between sinks.
    const order = items.map((_, i) => i).sort((x, y) => (items[x]!.id < items[y]!.id ? -1 : items[x]!.id > items[y]!.id ? 1 : x - y));
    let c: pg.PoolClient;
    try {
      c = await pool.connect();
    } catch (err) {
      throw classifyDbError(err);
    }
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      for (const i of order) {
        const a = items[i]!;
        await c.query('SAVEPOINT row');
        try {
          results[i] = { ok: true, value: await writeOne(c, a) };
          await c.query('RELEASE SAVEPOINT row');
        } catch (err) {
          await c.query('ROLLBACK TO SAVEPOINT row');
          await c.query('RELEASE SAVEPOINT row');
          results[i] = { ok: false, error: classifyDbError(err, a.id) };
        }
      }
      await c.query('COMMIT');
      return results;
    } catch (err) {
      broken = err as Error;
      await c.query('ROLLBACK').catch(() => undefined);
      throw classifyDbError(err);
    } finally {
      c.release(broken);
    }
  }

  const batcher = new WriteBatcher<Article, WriteResult>({ run: runBatch, maxBatch: opts.batchSize ?? 200 });
  const rows = async (sql: string, params: unknown[]) => {
    try {
      return (await pool.query(sql, params)).rows as Array<Record<string, unknown>>;
    } catch (err) {
      throw classifyDbError(err);
    }
  };
  let closed = false;

  return {
    kind: 'postgres',
    write: (article) => (closed ? Promise.reject(new Error('store is closed')) : batcher.submit(article)),
    async get(id): Promise<StoredArticle | null> {
      const r = (await rows('SELECT doc, version, created_at, updated_at FROM articles WHERE id = $1', [id]))[0];
      return r ? storedFrom(r.doc as Article, r) : null;
    },
    async list(filter: ArticleFilter = {}) {
      const q = listQuery(filter, postgresDialect);
      return toPage(await rows(q.sql, q.params), q.limit);
    },
    iterate(filter: ArticleFilter = {}) {
      return iterateDocs(filter, (f) => {
        const q = listQuery(f, postgresDialect, DOC_COLUMNS);
        return rows(q.sql, q.params);
      });
    },
    async versions(id) {
      return (await rows('SELECT * FROM article_versions WHERE article_id = $1 ORDER BY version', [id])).map(toVersion);
    },
    async getVersion(id, version) {
      const r = (await rows('SELECT doc, version, created_at, created_at AS updated_at FROM article_versions WHERE article_id = $1 AND version = $2', [id, version]))[0];
      return r ? storedFrom(r.doc as Article, r) : null;
    },
    async count(filter = {}) {
      const w = whereFor(filter, postgresDialect, false);
      return Number((await rows(`SELECT count(*)::int AS n FROM articles a ${w.sql}`, w.params))[0]!.n);
    },
    async migrations() {
      return (await rows('SELECT version, name FROM schema_migrations ORDER BY version', [])) as Array<{ version: number; name: string }>;
    },
    async close() {
      if (closed) return;
      closed = true;
      await batcher.drain();
      await pool.end();
    },
  };
}
