import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, useHarness } from '@newsflow/testing';
import { createSinkWorker, openStore, type ArticleStore, type StoreConfig } from '@newsflow/sink';
import { freshStoreConfig, tempDir } from './databases.js';
import { makeArticle } from './fixtures.js';
import { lockArticles } from './pg-server.js';

/**
 * The scenario is a 30 s lock, as long as BullMQ's job lock; 30 s is what runs here too, since
 * the point is to outlast one job lock. NEWSFLOW_LOCK_TEST_MS shortens it on a slow CI if needed.
 */
const LOCK_MS = Number(process.env.NEWSFLOW_LOCK_TEST_MS ?? 30_000);
const TOTAL = 120;
const JOB_LOCK_MS = 30_000;
const h = useHarness();
const tmp = tempDir('sink-lock');
afterAll(() => tmp.remove());

/** Another process's session holding the store's write lock until `release()`. */
async function holdLock(cfg: StoreConfig): Promise<{ release(): Promise<void> }> {
  if (cfg.kind === 'sqlite') {
    const db = new Database(cfg.path);
    db.exec('BEGIN IMMEDIATE');
    return {
      release: async () => {
        db.exec('ROLLBACK');
        db.close();
      },
    };
  }
  return lockArticles((cfg as { url: string }).url);
}

describe.each<'sqlite' | 'postgres'>(['sqlite', 'postgres'])('%s store locked by another session for 30 s', (kind) => {
  it('stores every page once, fails none, and keeps the event loop free while it waits', async () => {
    const t = h();
    const cfg = await freshStoreConfig(kind, tmp.dir, 'lock');
    const store: ArticleStore = t.defer(await openStore(cfg));
    const q = t.queues().sink;
    const w = t.worker(createSinkWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger, store, lockDuration: JOB_LOCK_MS }));
    const articles = Array.from({ length: TOTAL }, (_, i) => makeArticle({ n: i + 1 }));
    const add = (xs: typeof articles) => q.addBulk(xs.map((a) => ({ name: 'article', data: a, opts: { jobId: a.pageId } })));
    try {
      await add(articles.slice(0, 20));
      await eventually(async () => (await store.count()) === 20, 'the first 20 stored', 60_000);

      const lock = await holdLock(cfg);
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const lockedAt = Date.now();
      // Pages keep arriving while the store is locked.
      for (let i = 20; i < TOTAL; i += 10) {
        await add(articles.slice(i, i + 10));
        await new Promise((r) => setTimeout(r, LOCK_MS / 12));
      }
      await new Promise((r) => setTimeout(r, Math.max(0, LOCK_MS - (Date.now() - lockedAt))));
      const during = await store.probe();
      await lock.release();
      delay.disable();
      const releasedAt = Date.now();

      await eventually(async () => {
        const c = await q.getJobCounts('completed', 'failed');
        return c.completed + c.failed === TOTAL;
      }, `all ${TOTAL} jobs finished`, 180_000, 200);
      const maxMs = delay.max / 1e6;
      console.log(
        `${kind} locked ${LOCK_MS} ms: event loop max delay ${maxMs.toFixed(0)} ms (p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms), ` +
          `all stored ${Date.now() - releasedAt} ms after the release; probe during the lock: ${during.reason ?? 'writable'}`,
      );
      expect(await q.getJobCounts('failed')).toEqual({ failed: 0 });
      expect(await store.count()).toBe(TOTAL);
      expect(new Set((await store.list({ limit: 500 })).items.map((i) => i.id)).size).toBe(TOTAL);
      // A loop blocked for seconds renews no job lock and serves no request; a quarter of the job
      // lock leaves room for a loaded machine and still fails a 10 s busy wait.
      expect(maxMs).toBeLessThan(JOB_LOCK_MS / 4);
      expect(during.writable).toBe(false);
    } finally {
      await w.close();
    }
  }, 300_000);
});
