import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, syntheticPage } from '@newsflow/testing';
import { scratch, spawnCli, stop, waitForStart, type Proc } from './helpers.js';

const procs: Proc[] = [];
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => stop(p)));
});

/** `n` sequential requests `gapMs` apart, each one timed, with its status and JSON body. */
async function timed(n: number, request: (i: number) => Promise<Response>, gapMs = 0): Promise<Array<{ ms: number; status: number; body: Record<string, unknown> }>> {
  const out = [];
  for (let i = 0; i < n; i++) {
    if (i && gapMs) await new Promise((r) => setTimeout(r, gapMs));
    const t = performance.now();
    const r = await request(i);
    const body = (await r.json()) as Record<string, unknown>;
    out.push({ ms: performance.now() - t, status: r.status, body });
  }
  return out;
}

const ms = (xs: Array<{ ms: number }>) => xs.map((x) => Math.round(x.ms));

describe('newsflow start while another process holds the SQLite lock (built CLI, private Redis)', () => {
  it('keeps /healthz and ingest answering at once, and stores the page once the lock is released', async () => {
    const { home, db, env } = scratch();
    const start = spawnCli(['start', '--port', '0'], env);
    procs.push(start);
    const state = await waitForStart(start, home);
    const headers = { authorization: `Bearer ${state.apiToken}`, 'content-type': 'application/json' };
    const api = (path: string, init: RequestInit = {}) => fetch(`${state.apiUrl}${path}`, { ...init, headers });
    const ingest = (n: number) => {
      const p = syntheticPage(n, { seed: 13 });
      return api('/v1/articles', { method: 'POST', body: JSON.stringify({ url: p.url, html: p.html }) });
    };
    const pageState = async (pageId: string) => (await (await api(`/v1/pages/${pageId}`)).json()) as { state: string; stage: string; articleId?: string };

    // One page stored first: the file exists and every stage has warmed up.
    const first = (await (await ingest(0)).json()) as { pageId: string };
    await eventually(async () => (await pageState(first.pageId)).state === 'stored', 'the first page stored', 60_000, 100);

    // This test process takes the file's lock, as another program on the machine might, and keeps
    // it. (In WAL mode EXCLUSIVE, like IMMEDIATE, shuts out other writers; readers go on.)
    const lock = new Database(db);
    lock.pragma('busy_timeout = 10000');
    lock.exec('BEGIN EXCLUSIVE');
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      lock.exec('ROLLBACK');
      lock.close();
    };
    try {
      const accepted = await timed(1, () => ingest(1));
      expect(accepted.map((r) => r.status)).toEqual([202]);
      const pageId = String(accepted[0]!.body.pageId);
      // The page has reached the sink, whose write now waits on the lock.
      const atSink = await eventually(async () => {
        const s = await pageState(pageId);
        return s.stage === 'sink' && s.state === 'processing' ? s : null;
      }, 'the page waiting at the sink', 60_000, 50);

      // While the sink keeps retrying its write: every request answers at once. Spread over ~4 s,
      // the samples cover several retries (a wait on the event loop of 500 ms each, before).
      const health = await timed(40, () => api('/healthz'), 100);
      const more = await timed(5, (i) => ingest(2 + i));
      const list = await timed(3, () => api('/v1/articles?limit=10'));
      const ingests = [...accepted, ...more];
      console.log(
        `while locked: /healthz max ${Math.max(...ms(health))} ms (${ms(health).join(' ')}); ingest ${ms(ingests).join(' ')} ms; list ${ms(list).join(' ')} ms`,
      );
      expect(health.every((r) => r.status === 200)).toBe(true);
      expect(Math.max(...health.map((r) => r.ms))).toBeLessThan(200);
      expect(more.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
      // Generous: pages accepted here are parsed in this same process meanwhile.
      expect(Math.max(...ingests.map((r) => r.ms))).toBeLessThan(2_000);
      // Reads go on during the lock: the first page is listed, the locked one is not stored yet.
      expect(list.map((r) => [r.status, (r.body.items as unknown[]).length])).toEqual([
        [200, 1],
        [200, 1],
        [200, 1],
      ]);
      expect((await pageState(pageId)).state).toBe('processing');
      expect((await api(`/v1/articles/${atSink.articleId}`)).status).toBe(404);

      const releasedAt = Date.now();
      release();
      const stored = await eventually(async () => {
        const s = await pageState(pageId);
        return s.state === 'stored' ? s : null;
      }, 'the page stored after the lock was released', 120_000, 100);
      console.log(`stored ${Date.now() - releasedAt} ms after the lock was released`);
      const article = await api(`/v1/articles/${stored.articleId}`);
      expect(article.status).toBe(200);
      expect(((await article.json()) as { title: string }).title).toBe(syntheticPage(1, { seed: 13 }).title);
      // The pages accepted during the lock are all stored too: none failed.
      for (const r of more) {
        const id = String(r.body.pageId);
        await eventually(async () => (await pageState(id)).state === 'stored', `page ${id} stored`, 120_000, 100);
      }
      expect(((await (await api('/v1/articles?limit=10')).json()) as { items: unknown[] }).items).toHaveLength(7);
    } finally {
      release();
    }
    expect(start.child.exitCode).toBeNull();
    expect(await stop(start)).toBe(0);
  }, 240_000);
});
