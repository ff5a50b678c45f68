import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@newsflow/testing';
import { openSqliteStore, type ArticleStore, type SqliteStoreOptions, type SqliteThreadHandle } from '@newsflow/sink';
import { isUnavailable } from '../src/db-errors.js';
import { tempDir } from './databases.js';
import { makeArticle } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const tmp = tempDir('sink-thread');
afterAll(() => tmp.remove());

let n = 0;
const dbPath = () => join(tmp.dir, `thread-${++n}.db`);

/** A store that records its threads, and each one's exit code once it has exited. */
async function openWatched(opts: Omit<SqliteStoreOptions, 'onThread'>) {
  const threads: Array<{ handle: SqliteThreadHandle; role: string; exit?: number }> = [];
  const store = await openSqliteStore({
    ...opts,
    onThread: (handle) => {
      const t: (typeof threads)[number] = { handle, role: handle.role };
      void handle.exited.then((code) => (t.exit = code));
      threads.push(t);
    },
  });
  const latest = (role: string) => threads.filter((t) => t.role === role).at(-1)!.handle;
  return { store, threads, latest };
}

/** Rows straight from the file, not through the store. */
function tableCount(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('SQLite store threads', () => {
  it('a writer thread that dies fails its pending write with a retryable error, and the next write starts a new one', async () => {
    const path = dbPath();
    // No retrying in place, so the error reaches the caller; stalledAfterMs 1 lets probe() say a write is waiting.
    const { store, threads, latest } = await openWatched({ path, retryWindowMs: 0, busyTimeoutMs: 2_000, stalledAfterMs: 1 });
    try {
      expect((await store.write(makeArticle({ n: 1 }))).outcome).toBe('inserted');
      const lock = new Database(path);
      lock.exec('BEGIN IMMEDIATE');
      let pending: Promise<unknown>;
      try {
        pending = store.write(makeArticle({ n: 2 })).catch((e: unknown) => e);
        // The write is in the writer thread, waiting for the lock: probe() says so.
        await eventually(async () => (await store.probe()).reason?.startsWith('WRITE_STALLED'), 'the write waiting on the lock');
        // Killed while the write waits: the write fails at once; the thread ends once its wait does.
        const killed = latest('writer').kill();
        const err = await pending;
        expect(err).toMatchObject({ code: 'SQLITE_THREAD_EXITED', retryable: true, message: expect.stringMatching(/writer thread stopped/) });
        // Retryable the way the batcher and the stage runtime read it: the job is tried again.
        expect(isUnavailable(err)).toBe(true);
        // The dead thread gave up waiting (the lock is still held) and committed nothing.
        await killed;
      } finally {
        lock.exec('ROLLBACK');
        lock.close();
      }
      // Nothing of the dead thread's transaction stayed: the same article is new to the restarted writer.
      expect((await store.write(makeArticle({ n: 2 })))).toMatchObject({ outcome: 'inserted' });
      expect(threads.filter((t) => t.role === 'writer')).toHaveLength(2);
      expect(await store.count()).toBe(2);
      expect((await store.probe()).writable).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('a writer killed in the middle of a stream of batches: every write lands, once, after retries in place', async () => {
    const path = dbPath();
    const { store, threads, latest } = await openWatched({ path, batchSize: 10 });
    try {
      const articles = Array.from({ length: 300 }, (_, i) => makeArticle({ n: i + 1 }));
      let killed = false;
      const writes = articles.map((a) =>
        store.write(a).then((r) => {
          // At the first committed batch, with the next ones queued or in flight.
          if (!killed) {
            killed = true;
            void latest('writer').kill();
          }
          return r;
        }),
      );
      const results = await Promise.all(writes);
      // A batch committed just before the kill, its answer lost, is written again as a no-op.
      expect(results.every((r) => r.outcome === 'inserted' || r.outcome === 'unchanged')).toBe(true);
      expect(threads.filter((t) => t.role === 'writer').length).toBeGreaterThanOrEqual(2);
      expect(await store.count()).toBe(300);
    } finally {
      await store.close();
    }
    expect(tableCount(path, 'articles')).toBe(300);
    expect(tableCount(path, 'article_versions')).toBe(300);
  });

  it('a reader thread that dies is started again by the next query', async () => {
    const path = dbPath();
    const { store, threads, latest } = await openWatched({ path });
    try {
      await store.write(makeArticle({ n: 1, title: 'Before the reader died' }));
      expect((await store.list()).items).toHaveLength(1);
      await latest('reader').kill();
      expect((await store.list()).items.map((i) => i.title)).toEqual(['Before the reader died']);
      expect(threads.filter((t) => t.role === 'reader')).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('close() writes what is pending, then both threads close the file and exit', async () => {
    const path = dbPath();
    const { store, threads } = await openWatched({ path });
    const writes = Array.from({ length: 50 }, (_, i) => store.write(makeArticle({ n: i + 1 })));
    await store.close();
    expect((await Promise.all(writes)).map((r) => r.outcome)).toEqual(Array(50).fill('inserted'));
    expect(threads.map((t) => [t.role, t.exit])).toEqual([
      ['writer', 0],
      ['reader', 0],
    ]);
    await expect(store.write(makeArticle({ n: 99 }))).rejects.toThrow(/closed/);
    // The writer closed last and so checkpointed the WAL into the file.
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(tableCount(path, 'articles')).toBe(50);
  });

  it('runs queries and writes off the event loop: a write waiting 3 s on a lock does not delay it', async () => {
    const path = dbPath();
    const store: ArticleStore = await openSqliteStore({ path, busyTimeoutMs: 3_000 });
    try {
      await store.write(makeArticle({ n: 1 }));
      expect(await store.count()).toBe(1);
      const lock = new Database(path);
      lock.exec('BEGIN EXCLUSIVE');
      const delay = monitorEventLoopDelay({ resolution: 10 });
      let writing: Promise<unknown> | undefined;
      let queries = 0;
      try {
        delay.enable();
        writing = store.write(makeArticle({ n: 2 }));
        // Queries go on meanwhile (WAL lets them read while another connection holds the write lock).
        for (const until = Date.now() + 3_000; Date.now() < until; queries++) expect(await store.count()).toBe(1);
      } finally {
        delay.disable();
        lock.exec('ROLLBACK');
        lock.close();
      }
      expect(await writing).toMatchObject({ outcome: 'inserted' });
      const maxMs = delay.max / 1e6;
      console.log(`event loop max delay while the writer waited on the lock: ${maxMs.toFixed(1)} ms; ${queries} queries answered meanwhile`);
      // The old in-loop wait blocked for the whole busy timeout (3 s here); a loaded machine adds tens of ms.
      expect(maxMs).toBeLessThan(1_000);
      expect(queries).toBeGreaterThan(10);
    } finally {
      await store.close();
    }
  });
});

describe('a process with a SQLite store open', () => {
  beforeAll(() => {
    // The child runs the built package, as production does: build it first.
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/sink'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tsc -b packages/sink failed: ${r.stdout}${r.stderr}`);
  }, 120_000);

  /** Runs `body` in a child process with the built package imported; its exit code and output. */
  async function child(body: string): Promise<{ code: number | null; out: string; ms: number }> {
    const script = `import { openSqliteStore, benchArticle } from ${JSON.stringify(join(ROOT, 'packages/sink/dist/index.js'))};\n${body}`;
    const p = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const started = Date.now();
    const code = await new Promise<number | null>((r) => p.once('exit', r));
    return { code, out: out.trim(), ms: Date.now() - started };
  }

  it('close() resolves and the process ends: the thread keeps it alive until it has exited', async () => {
    const r = await child(`
      const store = await openSqliteStore({ path: ${JSON.stringify(dbPath())} });
      console.log((await store.write(benchArticle(1))).outcome);
      await store.close();
      console.log('closed');`);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toBe('inserted\nclosed');
  });

  it('ends by itself once its work is done, even without close(): an idle thread holds nothing open', async () => {
    const r = await child(`
      const store = await openSqliteStore({ path: ${JSON.stringify(dbPath())} });
      const w = await store.write(benchArticle(1));
      console.log(w.outcome, await store.count());`);
    console.log(`child with an unclosed store exited after ${r.ms} ms`);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toBe('inserted 1');
  });

  it('process.exit() while a write waits on a lock exits with its own code, after the SQLite call ends', async () => {
    const path = dbPath();
    const r = await child(`
      import Database from 'better-sqlite3';
      const store = await openSqliteStore({ path: ${JSON.stringify(path)}, busyTimeoutMs: 1000, stalledAfterMs: 1 });
      await store.write(benchArticle(1));
      const lock = new Database(${JSON.stringify(path)});
      lock.exec('BEGIN IMMEDIATE');
      void store.write(benchArticle(2)).catch(() => undefined);
      // Once the write is waiting in the writer thread (probe says so), exit mid-call.
      while (!(await store.probe()).reason?.startsWith('WRITE_STALLED')) await new Promise((r) => setTimeout(r, 10));
      process.exit(3);`);
    // better-sqlite3 aborts the process (FATAL ERROR, code 134) when a thread is torn down inside a call.
    expect(r.out).not.toMatch(/FATAL/);
    expect(r.code, r.out).toBe(3);
  });
});
