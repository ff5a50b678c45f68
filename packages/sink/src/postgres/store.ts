import pg from 'pg';
import type { Article } from '@newsflow/contracts';
import { WriteBatcher, type ItemResult } from '../batcher.js';
import { TransientError } from '@newsflow/core';
import { classifyDbError, describeDbError, isUnavailable } from '../db-errors.js';
import { redactUrl } from '../config.js';
import { probeStore, type ProbeOptions } from '../probe.js';
import { writeBatch } from './write.js';
import { cleanArticle } from '../row.js';
import { postgresDialect, sqlReads } from '../sql.js';
import type { ArticleStore, WriteResult } from '../types.js';
import { POSTGRES_MIGRATIONS } from '../schema.js';

export interface PostgresStoreOptions extends ProbeOptions {
  /** `postgres://user:pass@host:5432/db` */
  url: string;
  /** Most writes per transaction. @defaultValue 200 */
  batchSize?: number;
  /** Connections in the pool (one writes, the others serve reads). @defaultValue 4 */
  poolSize?: number;
  /** @defaultValue () => new Date() */
  clock?: () => Date;
  /**
   * How long opening waits for an unreachable PostgreSQL (refused, starting, shutting down)
   * before it fails with DATABASE_UNAVAILABLE. Wrong credentials or database fail at once.
   * @defaultValue 30000
   */
  connectTimeoutMs?: number;
  /** How long a batch is retried in place while the database is away. @defaultValue 20000 */
  retryWindowMs?: number;
}

/** Arbitrary constant: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7_270_736_900;

/**
 * Run `fn` on a pooled client. A checked-out client has no listener of the pool's, so a server
 * that goes away between two queries (57P01 on `pg_ctl stop`, a reset socket) would emit an
 * unhandled 'error' and kill the process: ours records it, and the client is released with the
 * error so the pool discards it instead of handing out a dead connection.
 */
async function withClient<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  let c: pg.PoolClient;
  try {
    c = await pool.connect();
  } catch (err) {
    throw classifyDbError(err);
  }
  let broken: Error | undefined;
  const onError = (err: Error) => void (broken ??= err);
  c.on('error', onError);
  try {
    return await fn(c);
  } catch (err) {
    broken ??= err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    c.removeListener('error', onError);
    c.release(broken);
  }
}

function migrate(pool: pg.Pool): Promise<void> {
  return withClient(pool, async (c) => {
    await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
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
          await c.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
}

/**
 * Migrate, waiting for a PostgreSQL that is not reachable yet (a sink started with, or just
 * before, its database): retried with backoff up to `timeoutMs`, then a DATABASE_UNAVAILABLE
 * error naming the server. Any other error (credentials, missing database) fails at once.
 */
async function migrateWhenReachable(pool: pg.Pool, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await migrate(pool);
    } catch (err) {
      if (!isUnavailable(err)) throw classifyDbError(err);
      if (Date.now() + delay > deadline) {
        throw new TransientError('DATABASE_UNAVAILABLE', `PostgreSQL at ${redactUrl(url)} did not answer within ${timeoutMs} ms: ${describeDbError(err)}`, err);
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * The production store. Concurrent writes are batched into one transaction with a savepoint per
 * row, rows taken in id order (so two sinks never lock each other in a cycle), and each row locked
 * with SELECT … FOR UPDATE before deciding: several sink processes may write at once. While the
 * database is away a batch is retried in place, then its writes fail as retryable; nothing the
 * server or the network does can throw outside a write's promise.
 */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<ArticleStore> {
  const clock = opts.clock ?? (() => new Date());
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 4, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined); // an idle client's error: the pool has dropped it, the next query reconnects
  try {
    await migrateWhenReachable(pool, opts.url, opts.connectTimeoutMs ?? 30_000);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }

  const runBatch = (items: Article[]): Promise<Array<ItemResult<WriteResult>>> =>
    withClient(pool, async (c) => {
      try {
        await c.query('BEGIN');
        const results = await writeBatch(c, items, clock);
        await c.query('COMMIT');
        return results;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw classifyDbError(err);
      }
    });

  const batcher = new WriteBatcher<Article, WriteResult>({ run: runBatch, maxBatch: opts.batchSize ?? 200, retryable: isUnavailable, retryWindowMs: opts.retryWindowMs });
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
    write: (article) => (closed ? Promise.reject(new Error('store is closed')) : batcher.submit(cleanArticle(article))),
    ...sqlReads(postgresDialect, rows),
    probe: () =>
      probeStore({
        ...opts,
        batcher,
        closed: () => closed,
        connect: async () => void (await pool.query('SELECT 1')),
        testWrite: async () =>
          void (await pool.query('INSERT INTO sink_probe (id, checked_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at')),
      }),
    async close() {
      if (closed) return;
      closed = true;
      await batcher.close();
      await pool.end();
    },
  };
}
