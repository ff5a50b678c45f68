import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, createRedis, closeRedis, closeQueues } from '@newsflow/core';
import { eventually, syntheticPage, testRedisUrl, uniquePrefix } from '@newsflow/testing';
import { makeArticle } from '../../sink/test/fixtures.js';
import { articleRowCounts, startRestartablePostgres, stopMidBatch, type RestartablePostgres } from '../../sink/test/pg-server.js';
import { scratch, spawnCli, stop, waitForStart, type Proc } from './helpers.js';

/**
 * The database of a PostgreSQL sink going away for 20 s mid-stream, with the built CLI in its
 * own process: before the fix a pg client checked out for a batch emitted an unhandled 'error'
 * and the process died (`newsflow start` with it: API, every stage, its private Redis).
 */
const TOTAL = 200;
const OUTAGE_MS = 20_000;
let server: RestartablePostgres;
const procs: Proc[] = [];
beforeAll(async () => {
  server = await startRestartablePostgres();
}, 120_000);
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => stop(p)));
  server.ensureRunning();
});
afterAll(() => server?.remove());

/** Stored rows straight from PostgreSQL, 0 while the schema is not there yet. */
const storedRows = (url: string) => articleRowCounts(url).then((c) => c.rows).catch(() => 0);

/** Run `feed` in the background: `batches` calls, `everyMs` apart. */
function trickle(batches: number, everyMs: number, feed: (i: number) => Promise<unknown>): Promise<void> {
  const run = (async () => {
    for (let i = 0; i < batches; i++) {
      await feed(i);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  // Awaited later by the test; until then a failure (the process died) must not go unhandled.
  run.catch(() => undefined);
  return run;
}

/** Outage of `OUTAGE_MS` mid-stream; returns ms from the restart until `done()` holds, asserting `p` lived throughout. */
async function outage(p: Proc, url: string, mode: 'fast' | 'immediate', done: () => Promise<boolean>): Promise<number> {
  await eventually(async () => {
    if (p.child.exitCode !== null) throw new Error(`exited with ${p.child.exitCode}`);
    return (await storedRows(url)) >= 30;
  }, 'the first articles stored', 90_000, 200).catch((err: Error) => {
    throw new Error(`${err.message}\n${p.output()}`);
  });
  await stopMidBatch(server, url, mode);
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  expect(p.child.exitCode, p.output()).toBeNull();
  server.start();
  const restarted = Date.now();
  await eventually(done, `every page stored after the restart:\n${p.output()}`, 240_000, 250);
  expect(p.child.exitCode, p.output()).toBeNull();
  return Date.now() - restarted;
}

describe('a PostgreSQL sink whose database stops for 20 s mid-stream (built CLI)', () => {
  it('newsflow worker sink stays up and stores every article once', async () => {
    const url = await server.createDatabase('cli_worker');
    const prefix = uniquePrefix();
    const { env } = scratch({ SINK: 'postgres', DATABASE_URL: url, NEWSFLOW_PREFIX: prefix, CONCURRENCY: '16' });
    env.REDIS_URL = testRedisUrl(); // scratch() clears it, for `newsflow start`'s private Redis
    const p = spawnCli(['worker', 'sink'], env);
    procs.push(p);
    const conn = createRedis({ url: testRedisUrl() }, 'producer');
    const queues = createQueues({ connection: conn, prefix });
    try {
      const articles = Array.from({ length: TOTAL }, (_, i) => makeArticle({ n: i + 1 }));
      const feeding = trickle(TOTAL / 5, 500, (i) => queues.sink.addBulk(articles.slice(i * 5, i * 5 + 5).map((a) => ({ name: 'article', data: a, opts: { jobId: a.pageId } }))));
      const ms = await outage(p, url, 'immediate', async () => {
        await feeding;
        const c = await queues.sink.getJobCounts('completed', 'failed');
        return c.completed + c.failed === TOTAL;
      });
      console.log(`newsflow worker sink: PostgreSQL stopped ${OUTAGE_MS} ms (-m immediate) mid-batch; all ${TOTAL} stored ${ms} ms after the restart`);
      expect(await queues.sink.getJobCounts('failed')).toEqual({ failed: 0 });
      expect(await articleRowCounts(url)).toEqual({ rows: TOTAL, distinct: TOTAL });
      expect(await stop(p)).toBe(0);
    } finally {
      await closeQueues(queues);
      await closeRedis(conn);
    }
  }, 420_000);

  it('newsflow start (one process, private Redis) stays up and stores every page submitted through the API once', async () => {
    const url = await server.createDatabase('cli_start');
    const { home, env } = scratch({ SINK: 'postgres', DATABASE_URL: url });
    const p = spawnCli(['start', '--port', '0'], env);
    procs.push(p);
    const state = await waitForStart(p, home, 90_000);
    const pages = Array.from({ length: TOTAL }, (_, i) => syntheticPage(i, { seed: 11 }));
    const submit = async (i: number) => {
      const batch = pages.slice(i * 5, i * 5 + 5).map((pg) => ({ url: pg.url, html: pg.html, site: pg.site }));
      const res = await fetch(`${state.apiUrl}/v1/articles/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(state.apiToken ? { authorization: `Bearer ${state.apiToken}` } : {}) },
        body: JSON.stringify(batch),
      });
      expect(res.status, await res.clone().text()).toBe(200);
    };
    const feeding = trickle(TOTAL / 5, 500, submit);
    const ms = await outage(p, url, 'fast', async () => (await feeding, (await storedRows(url)) === TOTAL));
    console.log(`newsflow start: PostgreSQL stopped ${OUTAGE_MS} ms (-m fast) mid-batch; all ${TOTAL} pages stored ${ms} ms after the restart`);
    expect(await articleRowCounts(url)).toEqual({ rows: TOTAL, distinct: TOTAL });
    const conn = createRedis({ url: state.redisUrl }, 'producer');
    const queues = createQueues({ connection: conn, prefix: '{newsflow}' });
    try {
      for (const q of Object.values(queues)) expect(await q.getJobCounts('failed'), q.name).toEqual({ failed: 0 });
    } finally {
      await closeQueues(queues);
      await closeRedis(conn);
    }
    expect(await stop(p)).toBe(0);
  }, 420_000);
});
