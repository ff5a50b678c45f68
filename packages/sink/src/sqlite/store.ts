import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Article } from '@newsflow/contracts';
import { WriteBatcher, type ItemResult } from '../batcher.js';
import { classifyDbError, isUnavailable } from '../db-errors.js';
import { diskRoom, probeStore, type ProbeOptions } from '../probe.js';
import { cleanArticleWithJson, inputHashOf } from '../row.js';
import { sqlReads, sqliteDialect } from '../sql.js';
import type { ArticleStore, WriteResult } from '../types.js';
import { SqliteThread, type ThreadHandle } from './client.js';
import { fromWire } from './codes.js';
import type { Role, WriteItem } from './connection.js';

export interface SqliteStoreOptions extends ProbeOptions {
  /** Database file; `:memory:` for a throwaway store. Its directory is created. */
  path: string;
  /** Most writes per transaction. @defaultValue 200 */
  batchSize?: number;
  /** @defaultValue () => new Date() */
  clock?: () => Date;
  /**
   * How long SQLite waits for another connection's lock before SQLITE_BUSY. The wait happens in
   * the store's thread, never on the event loop; a busy batch is then retried in place with backoff.
   * @defaultValue 500
   */
  busyTimeoutMs?: number;
  /** How long a busy, full or failing batch is retried in place before its writes fail. @defaultValue 20000 */
  retryWindowMs?: number;
  /** Called with each of the store's threads as it starts, a restart too (tests use it to kill one). */
  onThread?: (thread: ThreadHandle) => void;
}

/**
 * The default store: one SQLite file in WAL mode. Writes from concurrent jobs are batched into one
 * IMMEDIATE transaction, each row inside its own savepoint so a bad row rolls back alone.
 *
 * better-sqlite3 is synchronous: a lock held by another process, an fsync or a long query would
 * stall whatever runs on the same event loop (in `newsflow start`, the HTTP API too). So the file
 * is used only from two threads: a writer, which owns the one write connection (and so orders
 * the batches), and a reader for every query, which WAL lets run while a write waits or commits.
 */
export async function openSqliteStore(opts: SqliteStoreOptions): Promise<ArticleStore> {
  const clock = opts.clock ?? (() => new Date());
  const memory = opts.path === ':memory:';
  if (!memory) {
    // The articles are the user's data: a new directory is 0700 and the file 0600; SQLite gives its
    // -wal and -shm files the database file's mode.
    mkdirSync(dirname(resolve(opts.path)), { recursive: true, mode: 0o700 });
    closeSync(openSync(opts.path, 'a', 0o600));
    chmodSync(opts.path, 0o600);
  }
  const thread = (role: Role) => new SqliteThread({ path: opts.path, role, busyTimeoutMs: opts.busyTimeoutMs ?? 500, onSpawn: opts.onThread });
  const writer = thread('writer');
  await writer.start();
  // A second connection to `:memory:` would be another, empty database: the writer reads too.
  const reader = memory ? writer : thread('reader');
  // Started now but not waited for: the first query waits (and a start that failed is tried
  // again by the next query), so a process that only writes opens as fast as the writer does.
  if (reader !== writer) reader.start().catch(() => undefined);

  async function runBatch(items: WriteItem[]): Promise<Array<ItemResult<WriteResult>>> {
    const results = await writer.call({ op: 'write', items, now: clock().toISOString() });
    return results.map((r, i) => (r.ok ? r : { ok: false, error: classifyDbError(fromWire(r.error), items[i]!.id) }));
  }

  /**
   * The article as JSON (a string crosses to the thread as one copy, where cloning the object
   * would serialise it again; cleaning made the JSON already), with what deciding needs beside it.
   */
  function toItem(article: Article): WriteItem {
    const c = cleanArticleWithJson(article);
    const { version, contentHash, duplicateOf } = c.article.dedupe;
    return { id: c.article.id, inputHash: inputHashOf(c.article), dedupe: { version, contentHash, duplicateOf }, json: c.json };
  }

  const batcher = new WriteBatcher<WriteItem, WriteResult>({ run: runBatch, maxBatch: opts.batchSize ?? 200, retryable: isUnavailable, retryWindowMs: opts.retryWindowMs });
  const dir = memory ? null : dirname(resolve(opts.path));

  /** Room left: the filesystem's free space and what `max_page_count` still allows. */
  async function capacity(min: number): Promise<string | null> {
    const bytes = await writer.call({ op: 'room' });
    if (bytes < min) return `SQLITE_FULL: the database is at its max_page_count (${bytes} bytes free)`;
    return dir ? diskRoom(dir, min) : null;
  }

  const rows = (sql: string, params: unknown[]) => reader.call({ op: 'all', sql, params });
  let closed = false;

  return {
    kind: 'sqlite',
    write: (article) => (closed ? Promise.reject(new Error('store is closed')) : batcher.submit(toItem(article))),
    ...sqlReads(sqliteDialect, rows),
    probe: () =>
      probeStore({
        ...opts,
        batcher,
        closed: () => closed,
        connect: async () => void (await rows('SELECT 1', [])),
        capacity,
        testWrite: () => writer.call({ op: 'testWrite', now: clock().toISOString() }),
      }),
    async close() {
      if (closed) return;
      closed = true;
      // Pending writes first, through the writer; then the reader, so that the writer's connection
      // is the file's last one and checkpoints the WAL into it as it closes.
      await batcher.close();
      await reader.close();
      await writer.close();
    },
  };
}
