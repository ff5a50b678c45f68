import { afterAll, describe, expect, it } from 'vitest';
import { createDedupeWorker } from '@newsflow/dedupe';
import { createEntityWorker } from '@newsflow/entity';
import { createIngestWorker, createProducer } from '@newsflow/ingest';
import { createParseWorker } from '@newsflow/parse';
import { createSinkWorker, enqueueReplay, openStore, type ArticleStore } from '@newsflow/sink';
import { eventually, syntheticPage, useHarness, type Harness } from '@newsflow/testing';
import { freshStoreConfig, tempDir, type StoreKind } from './databases.js';

const h = useHarness();
const tmp = tempDir('sink-pipeline');
afterAll(() => tmp.remove());

/** Every stage on the harness's Redis, the sink writing to `store`. */
function runPipeline(t: Harness, store: ArticleStore) {
  const deps = () => ({ connection: t.connection(), forwardConnection: t.connection(), prefix: t.prefix, logger: t.logger });
  const workers = [
    createIngestWorker(deps()),
    createParseWorker(deps()),
    createEntityWorker(deps()),
    createDedupeWorker(deps()),
    createSinkWorker({ ...deps(), store }),
  ].map((w) => t.worker(w));
  const producer = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
  return { producer, close: () => Promise.all(workers.map((w) => w.close())) };
}

const page = (n: number, extra = '') => {
  const p = syntheticPage(n);
  return { url: p.url, html: extra ? p.html.replace('</article>', `<p>${extra}</p></article>`) : p.html, site: p.site, p };
};

describe.each<StoreKind>(['sqlite', 'postgres'])('pages in, %s rows out', (kind) => {
  it('stores articles with entities, versions and clusters that full-text search finds, and replays them', async () => {
    const t = h();
    const store = t.defer(await openStore(await freshStoreConfig(kind, tmp.dir, 'e2e')));
    const pipe = runPipeline(t, store);
    const [p1, p2, p3] = [page(1), page(2), page(3)];
    await pipe.producer.submitMany([p1, p2, p3].map(({ p: _p, ...raw }) => raw));
    await eventually(async () => (await store.count()) === 3, 'three articles stored');

    // Page 1 updated (same URL, a new paragraph), and page 2 republished at another URL.
    const p1v2 = page(1, 'The council will meet again on Friday to finalise the timetable, officials added.');
    await pipe.producer.submit({ url: p1v2.url, html: p1v2.html, site: p1v2.site });
    await pipe.producer.submit({ url: 'https://mirror.example/copied-story', html: p2.html, site: 'Mirror' });
    await eventually(async () => (await store.count()) === 4 && (await store.list({ q: 'finalise timetable' })).items.length === 1, 'the new version and the copy stored');

    const all = (await store.list({ limit: 10 })).items;
    const first = all.find((a) => a.title === p1.p.title)!;
    expect(first.version).toBe(2);
    expect((await store.versions(first.id)).map((v) => v.version)).toEqual([1, 2]);

    const original = all.find((a) => a.canonicalUrl.includes('tribune.example') && a.title === p2.p.title)!;
    const copy = all.find((a) => a.canonicalUrl.includes('mirror.example'))!;
    expect(copy.duplicateOf).toBe(original.id);
    expect((await store.list({ cluster: original.clusterId })).items.map((a) => a.id).sort()).toEqual([original.id, copy.id].sort());

    const stored = (await store.get(original.id))!;
    expect(stored.trace.map((e) => e.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
    const person = stored.entities.find((e) => e.type === 'PER');
    expect(person).toBeDefined();
    expect((await store.list({ entity: person!.name })).items.map((a) => a.id)).toContain(original.id);
    const cityWord = p3.p.title.split(' ')[0]!;
    expect((await store.list({ q: `"${cityWord} council"` })).items.map((a) => a.title)).toContain(p3.p.title);

    // Replay from the entity stage: same content, fresh entity/dedupe/sink trace entries, no new version.
    const before = stored.trace.map((e) => e.finishedAt);
    const replay = await enqueueReplay({ store, connection: t.connection('producer'), prefix: t.prefix, stage: 'entity', filter: { ids: [original.id] } });
    expect(replay.queued).toBe(1);
    const after = await eventually(async () => {
      const s = await store.get(original.id);
      return s && s.trace[2]!.finishedAt !== before[2] ? s : null;
    }, 'the replayed article re-stored');
    expect(after.trace.map((e) => e.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
    expect(after.trace.slice(0, 2).map((e) => e.finishedAt)).toEqual(before.slice(0, 2));
    expect(after.stored.version).toBe(1);
    expect(await store.count()).toBe(4);
    await pipe.close();
  });
});
