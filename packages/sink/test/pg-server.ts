import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgresServer } from '@newsflow/core';
import { eventually } from '@newsflow/testing';

/**
 * A private PostgreSQL that a test can stop and start again on the same port and data directory,
 * to play the database going away mid-stream (core's `startPostgresServer`, `down`/`up`).
 */
export interface RestartablePostgres {
  url: string;
  /** `pg_ctl stop`: `fast` ends sessions with 57P01, `immediate` cuts them like a crash. */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Start it if a failed test left it stopped. */
  ensureRunning(): void;
  createDatabase(name: string): Promise<string>;
  /** Stop for good and delete the data. */
  remove(): Promise<void>;
}

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  // Durable commits (not `unsafeFast`): with synchronous_commit off, `pg_ctl -m immediate` loses
  // commits already acknowledged, so sink jobs complete whose rows never land, and the outage
  // tests, which count rows after such a stop, fail for the server's sake rather than the sink's.
  const h = await startPostgresServer({ dir: mkdtempSync(join(tmpdir(), 'newsflow-pg-restart-')) });
  let running = true;
  const up = () => {
    h.up();
    running = true;
  };
  return {
    url: h.url,
    stop(mode = 'fast') {
      h.down(mode);
      running = false;
    },
    start: up,
    ensureRunning: () => void (running || up()),
    async createDatabase(name) {
      const c = new pg.Client({ connectionString: h.url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
      return h.url.replace(/\/[^/]*$/, `/${name}`);
    },
    remove: () => h.stop(),
  };
}

export async function articleRowCounts(url: string): Promise<{ rows: number; distinct: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = (await c.query('SELECT count(*)::int AS rows, count(DISTINCT id)::int AS "distinct" FROM articles')).rows[0] as { rows: number; distinct: number };
    return r;
  } finally {
    await c.end();
  }
}

/** Another session holding `articles` in ACCESS EXCLUSIVE mode, as an operator's `LOCK TABLE` would. */
export interface ArticlesLock {
  /** Resolves once some other session (a sink batch) is waiting for the lock. */
  writerWaiting(timeoutMs?: number): Promise<void>;
  release(): Promise<void>;
  /** Drop the session without a word (the server is going away anyway). */
  abandon(): void;
}

export async function lockArticles(url: string): Promise<ArticlesLock> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  await c.query('BEGIN');
  await c.query('LOCK TABLE articles IN ACCESS EXCLUSIVE MODE');
  return {
    writerWaiting: (timeoutMs = 60_000) =>
      eventually(async () => {
        const r = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'articles'::regclass AND NOT granted");
        return r.rows[0]!.n > 0;
      }, 'a sink batch waiting on the articles table', timeoutMs).then(() => undefined),
    release: async () => {
      await c.query('ROLLBACK');
      await c.end();
    },
    abandon: () => void c.end().catch(() => undefined),
  };
}

/**
 * Stop the server while a sink batch is in flight (the case that crashed the process): hold the
 * table until a batch waits on it, since a stop between two batches would prove nothing.
 */
export async function stopMidBatch(server: RestartablePostgres, url: string, mode: 'fast' | 'immediate'): Promise<void> {
  const lock = await lockArticles(url);
  await lock.writerWaiting();
  server.stop(mode);
  lock.abandon();
}
