import { afterEach, describe, expect, it } from 'vitest';
import { closeRedis, createRedis } from '@newsflow/core';
import { createProducer } from '@newsflow/ingest';
import { openStore, type ArticleStore } from '@newsflow/sink';
import { eventually } from '@newsflow/testing';
import { FRONT_RANGE, LEDGER, SNOW, WIRE_COPY, storyHtml } from './fixtures/story-pages.js';
import { runCli, scratch, spawnCli, stop, waitForStart, type Proc } from './helpers.js';

const procs: Proc[] = [];
const stores: ArticleStore[] = [];
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => stop(p)));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe('story clusters end to end (built CLI, private Redis, SQLite file)', () => {
  it('groups two outlets\u2019 own reports and a syndicated copy into one story, and keeps an unrelated report apart', async () => {
    const { home, db, env } = scratch();
    const start = spawnCli(['start', '--port', '0'], env);
    procs.push(start);
    const state = await waitForStart(start, home);

    // All four at once: the dedupe workers assign them concurrently.
    const conn = createRedis({ url: state.redisUrl }, 'producer');
    const producer = createProducer({ connection: conn, prefix: '{newsflow}' });
    for (const p of [LEDGER, SNOW, FRONT_RANGE, WIRE_COPY]) await producer.submit({ url: p.url, html: storyHtml(p), site: p.site });
    await producer.close();
    await closeRedis(conn);

    const store = await openStore({ kind: 'sqlite', path: db });
    stores.push(store);
    await eventually(async () => (await store.count()) === 4, `4 articles stored: ${start.output()}`, 120_000, 250);
    const byUrl = new Map((await store.list({ limit: 10 })).items.map((s) => [s.canonicalUrl, s]));
    const [ledger, front, copy, snow] = [LEDGER, FRONT_RANGE, WIRE_COPY, SNOW].map((p) => byUrl.get(p.url)!);
    expect(ledger?.storyId).toBeTruthy();
    // Two independently written reports: one story, two clusters.
    expect(front!.storyId).toBe(ledger!.storyId);
    expect(front!.clusterId).not.toBe(ledger!.clusterId);
    // The syndicated copy: same cluster, same story.
    expect(copy!.clusterId).toBe(ledger!.clusterId);
    expect(copy!.storyId).toBe(ledger!.storyId);
    // The same city, the same day, another event: its own story.
    expect(snow!.storyId).not.toBe(ledger!.storyId);
    const storyId = ledger!.storyId!;

    const list = await runCli(['stories', 'list', '--json'], env);
    expect(list.code, list.out).toBe(0);
    const items = (JSON.parse(list.out) as { items: Array<{ id: string; articles: number; outlets: number; clusters: number; label: string }> }).items;
    expect(items).toHaveLength(2);
    expect(items.find((s) => s.id === storyId)).toMatchObject({ articles: 3, outlets: 3, clusters: 2 });
    expect(items.find((s) => s.id === storyId)!.label).toMatch(/Halvorsen|grocery merger/i);
    expect(items.find((s) => s.id === snow!.storyId)).toMatchObject({ articles: 1, outlets: 1, clusters: 1 });
    const human = await runCli(['stories', 'show', storyId], env);
    expect(human.code, human.out).toBe(0);
    expect(human.out).toContain('outlets: 3');
    expect(human.out).toContain('Front Range Daily');
    const filtered = await runCli(['articles', 'list', '--story', storyId, '--json'], env);
    expect((JSON.parse(filtered.out) as { total: number }).total).toBe(3);

    const auth = { authorization: `Bearer ${state.apiToken}` };
    const api = await fetch(`${state.apiUrl}/v1/stories`, { headers: auth });
    expect(api.status).toBe(200);
    const apiItems = ((await api.json()) as { items: Array<{ id: string; articles: number }> }).items;
    expect(apiItems.map((s) => s.id).sort()).toEqual([storyId, snow!.storyId].sort());
    const one = await fetch(`${state.apiUrl}/v1/stories/${storyId}`, { headers: auth });
    expect(one.status).toBe(200);
    const detail = (await one.json()) as { articles: number; items: Array<{ canonicalUrl: string }> };
    expect(detail.articles).toBe(3);
    expect(detail.items.map((i) => i.canonicalUrl).sort()).toEqual([LEDGER.url, FRONT_RANGE.url, WIRE_COPY.url].sort());
    expect((await fetch(`${state.apiUrl}/v1/stories/nosuchstory`, { headers: auth })).status).toBe(404);
    const openapi = (await (await fetch(`${state.apiUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/stories', '/v1/stories/{id}']));
    expect(await stop(start)).toBe(0);
  });
});
