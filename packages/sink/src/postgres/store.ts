import pg from 'pg';
import type { Article } from '@newsflow/contracts';
import { WriteBatcher, type ItemResult } from '../batcher.js';
import { classifyDbError } from '../db-errors.js';
import { writeBatch } from './write.js';
import { withoutNul } from '../row.js';
import { DOC_COLUMNS, entitiesQuery, toEntitySummary, iterateDocs, listQuery, postgresDialect, storedFrom, toPage, toVersion, whereFor } from '../sql.js';
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

  async function runBatch(items: Article[]): Promise<Array<ItemResult<WriteResult>>> {
    let c: pg.PoolClient;
    try {
      c = await pool.connect();
    } catch (err) {
      throw classifyDbError(err);
    }
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      const results = await writeBatch(c, items, clock);
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
    write: (article) => (closed ? Promise.reject(new Error('store is closed')) : batcher.submit(withoutNul(article))),
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
    async entities(filter = {}) {
      const q = entitiesQuery(filter, postgresDialect);
      return (await rows(q.sql, q.params)).map(toEntitySummary);
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
