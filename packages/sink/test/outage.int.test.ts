import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, useHarness } from '@newsflow/testing';
import { createSinkWorker, openPostgresStore, type ArticleStore } from '@newsflow/sink';
import { makeArticle } from './fixtures.js';
import { articleRowCounts, startRestartablePostgres, stopMidBatch, type RestartablePostgres } from './pg-server.js';

const TOTAL = 240;
const OUTAGE_MS = 20_000;
const h = useHarness();
let server: RestartablePostgres;
beforeAll(async () => {
  server = await startRestartablePostgres();
}, 120_000);
afterAll(() => server?.remove());

/** Errors nobody handled: before the fix, a checked-out pg client's 'error' event lands here. */
function watchUnhandled(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onErr = (e: unknown) => errors.push(e);
  process.on('uncaughtException', onErr);
  process.on('unhandledRejection', onErr);
  return { errors, stop: () => (process.off('uncaughtException', onErr), process.off('unhandledRejection', onErr)) };
}

describe('the sink while PostgreSQL goes away for 20 s mid-stream', () => {
  it('never crashes, reports not writable during the outage, and stores every article once after it', async () => {
    const t = h();
    const url = await server.createDatabase('outage');
    const store: ArticleStore = t.defer(await openPostgresStore({ url, batchSize: 16 }));
    const unhandled = watchUnhandled();
    const q = t.queues().sink;
    const w = t.worker(createSinkWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger, store, concurrency: 16 }));
    const articles = Array.from({ length: TOTAL }, (_, i) => makeArticle({ n: i + 1 }));
    // Articles keep arriving, 10 a second, before, during and after the outage.
    let sent = 0;
    const feeding = (async () => {
      while (sent < TOTAL) {
        const next = articles.slice(sent, sent + 5);
        await q.addBulk(next.map((a) => ({ name: 'article', data: a, opts: { jobId: a.pageId } })));
        sent += next.length;
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    try {
      await eventually(async () => (await store.count()) >= 30, 'the first articles stored', 60_000);
      expect((await store.probe()).writable).toBe(true);

      await stopMidBatch(server, url, 'fast');
      const stoppedAt = Date.now();
      const during = await eventually(async () => {
        const p = await store.probe();
        return p.writable ? false : p;
      }, 'probe() to report the store unwritable', 10_000);
      expect(during.reason).toMatch(/^[A-Z0-9_]+: /);
      const storedBefore = (await q.getJobCounts('completed')).completed;
      await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
      expect((await store.probe()).writable).toBe(false);
      expect(sent).toBeGreaterThan(storedBefore); // articles did arrive while it was down

      server.start();
      const restartedAt = Date.now();
      await feeding;
      await eventually(async () => {
        const c = await q.getJobCounts('completed', 'failed');
        return c.completed + c.failed === TOTAL;
      }, `all ${TOTAL} jobs finished after the restart`, 180_000, 200);
      const recoveryMs = Date.now() - restartedAt;
      console.log(`outage: ${OUTAGE_MS} ms stopped (pg_ctl -m fast), ${storedBefore} stored before; every article stored ${recoveryMs} ms after the restart`);

      expect(await q.getJobCounts('failed')).toEqual({ failed: 0 });
      expect(await articleRowCounts(url)).toEqual({ rows: TOTAL, distinct: TOTAL });
      expect(await eventually(async () => (await store.probe()).writable, 'probe() writable again')).toBe(true);
      expect(w.isClosed()).toBe(false);
      expect(unhandled.errors).toEqual([]);
    } finally {
      unhandled.stop();
      server.ensureRunning();
      await feeding.catch(() => undefined);
      await w.close();
    }
  }, 300_000);

  it('opening while PostgreSQL is down waits for it, and fails with DATABASE_UNAVAILABLE naming the server past connectTimeoutMs', async () => {
    const url = await server.createDatabase('down_at_start');
    server.stop('fast');
    try {
      const refused = await openPostgresStore({ url, connectTimeoutMs: 1_500 }).then(
        () => null,
        (e: { code?: string; message?: string; retryable?: boolean }) => e,
      );
      expect(refused).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryable: true });
      expect(refused!.message).toMatch(new RegExp(`^PostgreSQL at postgres://postgres@127\\.0\\.0\\.1:\\d+/down_at_start did not answer within 1500 ms: ECONNREFUSED: `));

      const opening = openPostgresStore({ url, connectTimeoutMs: 60_000 });
      await new Promise((r) => setTimeout(r, 2_000));
      server.start();
      const store = await opening;
      try {
        expect((await store.write(makeArticle({ n: 1 }))).outcome).toBe('inserted');
        expect((await store.migrations()).map((m) => m.version)).toEqual([1, 2, 3, 4]);
      } finally {
        await store.close();
      }
    } finally {
      server.ensureRunning();
    }
  }, 120_000);
});
