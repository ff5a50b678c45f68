import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedis, closeRedis } from '@newsflow/core';
import { createProducer } from '@newsflow/ingest';
import { openStore, type ArticleStore } from '@newsflow/sink';
import { eventually, syntheticPage } from '@newsflow/testing';
import { REPO, runCli, scratch, spawnCli, stop, waitForStart, type Proc } from './helpers.js';

const procs: Proc[] = [];
const stores: ArticleStore[] = [];
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => stop(p)));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function sqlite(db: string): Promise<ArticleStore> {
  const s = await openStore({ kind: 'sqlite', path: db } as Parameters<typeof openStore>[0]);
  stores.push(s);
  return s;
}

describe('newsflow end to end (built CLI, private Redis, SQLite file)', () => {
  it('a page copied as text goes through all five stages into SQLite once, however often it is ingested', async () => {
    const { home, db, env } = scratch();
    const start = spawnCli(['start', '--port', '0'], env);
    procs.push(start);
    await waitForStart(start, home);
    // A user's own copy of a page, somewhere outside the repository.
    const page = join(home, 'mars-sample.txt');
    copyFileSync(join(REPO, 'examples/pages/northern-courier-mars-sample.txt'), page);

    const first = await runCli(['ingest', page], env);
    expect(first.code, first.out).toBe(0);
    const again = await runCli(['ingest', page], env);
    expect(again.code, again.out).toBe(0);

    expect(await stop(start)).toBe(0);
    expect(existsSync(join(home, 'state.json'))).toBe(false);

    const store = await sqlite(db);
    const list = await store.list({ limit: 10 });
    expect(list.items).toHaveLength(1);
    const a = (await store.get(list.items[0]!.id))!;
    expect(a.title).toBe('NASA Rover Seals First Mars Rock Sample Bound for Earth');
    expect(a.trace.map((t) => t.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
    for (const t of a.trace) {
      expect(t.workerId).toBeTruthy();
      expect(t.attempts).toBeGreaterThanOrEqual(1);
      expect(Date.parse(t.finishedAt)).toBeGreaterThanOrEqual(Date.parse(t.startedAt));
    }
    expect(a.body).toMatch(/^NASA's Perseverance rover has sealed a core/);
    expect(a.body).not.toMatch(/Sign up for our weekly|Support us|Read more/);
  });

  it('SIGTERM with 200 pages in flight, then start again: all 200 are stored exactly once', async () => {
    const { home, db, env } = scratch();
    const first = spawnCli(['start', '--port', '0'], env);
    procs.push(first);
    const state = await waitForStart(first, home);

    const conn = createRedis({ url: state.redisUrl }, 'producer');
    const producer = createProducer({ connection: conn, prefix: '{newsflow}' });
    const pages = Array.from({ length: 200 }, (_, i) => syntheticPage(i, { seed: 7 }));
    for (const p of pages) await producer.submit({ url: p.url, html: p.html, site: p.site });
    await producer.close();
    await closeRedis(conn);

    expect(await stop(first)).toBe(0);
    const store = await sqlite(db);
    const storedAtStop = await store.count();
    // The point of the test: the stop really interrupted work in flight.
    expect(storedAtStop).toBeLessThan(200);

    const second = spawnCli(['start', '--port', '0'], env);
    procs.push(second);
    await waitForStart(second, home);
    await eventually(async () => (await store.count()) === 200, '200 articles stored after restart', 120_000, 250);
    expect(await stop(second)).toBe(0);

    expect(await store.count()).toBe(200);
    const all = await store.list({ limit: 500 });
    expect(new Set(all.items.map((a) => a.id)).size).toBe(200);
    expect(new Set(all.items.map((a) => a.title))).toEqual(new Set(pages.map((p) => p.title)));
  });

  it('start without redis-server on PATH exits non-zero and says how to install it', async () => {
    const { env, home } = scratch();
    const bin = join(home, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = await runCli(['start', '--port', '0'], { ...env, PATH: bin });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/redis-server was not found/);
    expect(r.out).toMatch(/apt-get install -y redis-server/);
    expect(r.out).toMatch(/REDIS_URL/);
  });

  it('the quick-start demo processes the shipped examples: boilerplate gone, a syndicated copy linked, a correction stored as version 2', async () => {
    const { db, env } = scratch();
    const r = await runCli(['demo'], env);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Stored articles \(4\)/);

    const store = await sqlite(db);
    const { items } = await store.list({ limit: 10 });
    expect(items).toHaveLength(4);
    const full = await Promise.all(items.map(async (i) => (await store.get(i.id))!));
    const ecb = full.find((a) => a.canonicalUrl.includes('harborledger.example'))!;
    const copy = full.find((a) => a.canonicalUrl.includes('coastaldaily.example'))!;
    expect(ecb.dedupe.version).toBe(2);
    expect(ecb.corrections.map((c) => c.text).join(' ')).toMatch(/misstated the euro-area inflation rate/);
    expect(ecb.body).not.toMatch(/misstated/);
    expect(ecb.body).not.toMatch(/cookies|Sign up|Read more|Share on/);
    expect(copy.dedupe.duplicateOf).toBe(ecb.id);
    expect(copy.dedupe.clusterId).toBe(ecb.dedupe.clusterId);
    const names = ecb.entities.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['Christine Lagarde', 'Frankfurt']));
    for (const a of full) expect(a.trace.map((t) => t.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
  });
});
