import { describe, expect, it } from 'vitest';
import { useHarness } from '@newsflow/testing';
import { createDedupeIndex, createStoryIndex, type StoryDocument } from '@newsflow/dedupe';

const h = useHarness();

const BRIDGE_A = `The city of Northhaven will close its harbour bridge for eighteen months after an inspection found corroded steel supports, the council said on Tuesday.
Councillor Ada Brennan said the bridge carried twelve thousand vehicles a day and that repairs could not wait.
Traders near the port warned that the closure of the harbour bridge would cost them customers.`;
const BRIDGE_B = `Northhaven councillors voted to shut the harbour bridge for a year and a half, after inspectors reported corroded supports beneath the deck.
Ada Brennan, who chairs the transport committee, told reporters the council had no safe alternative to closing the bridge.
Drivers will be sent over the Ferris Street crossing while the harbour bridge repairs run.`;
const FLOOD = `Heavy rain flooded the lower valley overnight, and the regional water board opened two emergency spillways near Caldmoor.
Farmers in the valley moved cattle to higher ground as the river rose above its banks for the first time since the spring.
The weather service expects the rain to ease by Thursday.`;
const ents = (...keys: string[]) => keys.map((key) => ({ key, salience: 0.6, type: key.slice(0, 3) }));

function story(id: string, title: string, body: string, outlet: string, entities = ents()): StoryDocument {
  return { id, title, headline: title, body, language: 'en', publishedAt: '2026-03-03T09:00:00Z', outlet, entities };
}

describe('story index', () => {
  it('puts two outlets\u2019 own reports of one event in one story and an unrelated article in its own', async () => {
    const t = h();
    const idx = createStoryIndex({ redis: t.connection(), prefix: t.prefix });
    const bridge = ents('LOC:northhaven', 'PER:ada brennan');
    const a = await idx.assign(story('aaaa0001', 'Northhaven to close harbour bridge for 18 months', BRIDGE_A, 'Harbour Post', bridge));
    const f = await idx.assign(story('ffff0001', 'Floods in the lower valley near Caldmoor', FLOOD, 'Valley News', ents('LOC:caldmoor')));
    const b = await idx.assign(story('bbbb0001', 'Councillors vote to shut Northhaven harbour bridge', BRIDGE_B, 'Coast Daily', bridge));
    expect(a.storyId).toBe('aaaa0001');
    expect(f.storyId).toBe('ffff0001');
    expect(b.storyId).toBe('aaaa0001');
    expect(b.similarity).toBeGreaterThanOrEqual(idx.options.storyThreshold);
    const info = await idx.get('aaaa0001');
    expect(info).toMatchObject({ id: 'aaaa0001', articles: 2, outlets: 2 });
    expect(info!.label).toMatch(/harbour bridge/i);
    expect(await idx.get('ffff0001')).toMatchObject({ articles: 1, outlets: 1 });
  });

  it('gives a copy its canonical article\u2019s story, and a re-delivered article the story it is in', async () => {
    const t = h();
    const redis = t.connection();
    const dd = createDedupeIndex({ redis, prefix: t.prefix });
    const idx = createStoryIndex({ redis, prefix: t.prefix });
    const docA = story('aaaa0002', 'Northhaven to close harbour bridge', BRIDGE_A, 'Harbour Post');
    await dd.claim(docA, 'job-a');
    const a = await idx.assign(docA);
    const copy = { ...docA, id: 'cccc0002', outlet: 'Wire Mirror' };
    const v = await dd.claim(copy, 'job-c');
    expect(v.duplicateOf).toBe('aaaa0002');
    const c = await idx.assign(copy, v.duplicateOf);
    expect(c.storyId).toBe(a.storyId);
    expect((await idx.assign(docA)).storyId).toBe(a.storyId);
    expect(await idx.get(a.storyId)).toMatchObject({ articles: 2, outlets: 2 });
  });

  it('keeps a copy in its canonical article\u2019s story when the copy\u2019s worker assigns first', async () => {
    const t = h();
    const redis = t.connection();
    const dd = createDedupeIndex({ redis, prefix: t.prefix });
    const idx = createStoryIndex({ redis, prefix: t.prefix });
    const docA = story('aaaa0009', 'Northhaven to close harbour bridge', BRIDGE_A, 'Harbour Post');
    const copy = { ...docA, id: 'cccc0009', outlet: 'Wire Mirror' };
    await dd.claim(docA, 'job-a');
    const v = await dd.claim(copy, 'job-c');
    // The copy's story step runs before the canonical article's.
    const c = await idx.assign(copy, v.duplicateOf);
    const a = await idx.assign(docA);
    expect(c.storyId).toBe('aaaa0009');
    expect(a.storyId).toBe('aaaa0009');
    // The canonical article was indexed on its own step: another outlet's report finds it.
    const b = await idx.assign(story('bbbb0009', 'Councillors vote to shut Northhaven harbour bridge', BRIDGE_B, 'Coast Daily'));
    expect(b.storyId).toBe('aaaa0009');
    expect(await idx.get('aaaa0009')).toMatchObject({ articles: 3, outlets: 3 });
  });

  it('merges two stories into the older when a bridging article arrives', async () => {
    const t = h();
    const idx = createStoryIndex({ redis: t.connection(), prefix: t.prefix, options: { storyThreshold: 0.3 } });
    const x = await idx.assign(story('xxxx0003', 'Harbour bridge corroded', 'Inspectors found corroded steel supports under the Northhaven harbour bridge deck and ordered urgent repairs to the supports.', 'A'));
    const y = await idx.assign(story('yyyy0003', 'Ferris Street crossing traffic', 'Drivers on the Ferris Street crossing faced long queues as traders near the port complained about diverted traffic and lost customers.', 'B'));
    expect(y.storyId).not.toBe(x.storyId);
    const z = await idx.assign(story('zzzz0003', 'Bridge closure diverts drivers', 'With the corroded Northhaven harbour bridge supports under repair, drivers face long queues on the Ferris Street crossing and traders near the port lose customers.', 'C'));
    expect(z.storyId).toBe('xxxx0003');
    expect(z.merged).toEqual(['yyyy0003']);
    expect(await idx.get('yyyy0003')).toMatchObject({ id: 'xxxx0003', mergedInto: 'xxxx0003', articles: 3 });
  });

  it('opens one story, not two, when reports of one new event are assigned concurrently', async () => {
    const t = h();
    const idx = () => createStoryIndex({ redis: t.connection(), prefix: t.prefix });
    const workers = [idx(), idx(), idx(), idx()];
    const docs = Array.from({ length: 12 }, (_, i) => story(`race${String(i).padStart(4, '0')}`, `Harbour bridge report ${i}`, i % 2 ? BRIDGE_A : BRIDGE_B, `Outlet ${i}`));
    const out = await Promise.all(docs.map((d, i) => workers[i % workers.length]!.assign(d)));
    expect(new Set(out.map((o) => o.storyId)).size).toBe(1);
    expect(await workers[0]!.get(out[0]!.storyId)).toMatchObject({ articles: 12, outlets: 12 });
  });

  it('holds at most storyMaxArticles entries, and their one-article stories, however many arrive', async () => {
    const t = h();
    const redis = t.connection();
    const idx = createStoryIndex({ redis, prefix: t.prefix, options: { storyMaxArticles: 100 } });
    let seed = 5;
    const word = () => {
      seed = (seed * 16807) % 2147483647;
      return `w${(seed % 40000).toString(36)}x`;
    };
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 60 }, word).join(' ');
      await idx.assign(story(`many${String(i).padStart(4, '0')}`, '', text, `Outlet ${i}`));
    }
    const stories = await redis.keys(`${idx.keyBase}:Y:G:*`);
    expect(stories.length).toBeGreaterThan(90);
    expect(stories.length).toBeLessThanOrEqual(101);
    expect(await idx.get('many0000')).toBeNull();
    expect(await idx.get('many0299')).toMatchObject({ articles: 1 });
    const s = await redis.hgetall(`${idx.keyBase}:Y:S`);
    expect(Number(s.h) - Number(s.t)).toBeLessThanOrEqual(100);
  });

  it('closes a story after the window without new articles: a later report opens a new one', async () => {
    const t = h();
    let now = Date.parse('2026-03-03T10:00:00Z');
    const idx = createStoryIndex({ redis: t.connection(), prefix: t.prefix, clock: () => new Date(now), options: { storyWindowMs: 3600_000 } });
    const a = await idx.assign(story('aaaa0005', 'Harbour bridge to close', BRIDGE_A, 'A'));
    now += 2 * 3600_000;
    const b = await idx.assign(story('bbbb0005', 'Harbour bridge vote', BRIDGE_B, 'B'));
    expect(a.storyId).toBe('aaaa0005');
    expect(b.storyId).toBe('bbbb0005');
  });
});
