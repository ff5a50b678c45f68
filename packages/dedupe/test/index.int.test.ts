import { describe, expect, it } from 'vitest';
import { ValidationError } from '@newsflow/core';
import { useHarness } from '@newsflow/testing';
import { createDedupeIndex, type DedupeDocument } from '@newsflow/dedupe';
import { STORIES, rng, syntheticStory, vocabulary } from './fixtures.js';

const h = useHarness();

function doc(id: string, paragraphs: string[], title = 'A headline'): DedupeDocument {
  return { id, title, body: paragraphs.join('\n\n'), paragraphs: paragraphs.map((text) => ({ text })) };
}

const OTHER_OUTLET = [
  'Northhaven will shut its harbour bridge for a year and a half after councillors approved a repair plan in a Tuesday vote.',
  'An inspection this spring found rust in several supports, according to Ada Brennan, who sits on the council.',
  'Drivers are being told to use the Ferris Street crossing instead, and traders near the port fear they will lose customers.',
  'The council expects the repair bill to reach 42 million crowns and will invite bids next month.',
];

describe('dedupe index', () => {
  it('finds a truncated wire copy by containment although its Jaccard is low', async () => {
    const t = h();
    const index = createDedupeIndex({ redis: t.connection(), prefix: t.prefix });
    const r = rng(3);
    const story = syntheticStory(r, vocabulary(r), 10);
    await index.claim(doc('full0000', story));
    const cut = await index.claim(doc('cut00000', story.slice(0, 3)));
    expect(cut).toMatchObject({ duplicateOf: 'full0000', duplicateKind: 'near', clusterId: 'full0000' });
    expect(cut.similarity).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps the same story told by another outlet in its own words distinct', async () => {
    const t = h();
    const index = createDedupeIndex({ redis: t.connection(), prefix: t.prefix });
    await index.claim(doc('wire0000', STORIES[0]!));
    const other = await index.claim(doc('outlet00', OTHER_OUTLET));
    expect(other).toMatchObject({ duplicateOf: null, duplicateKind: null, similarity: null, clusterId: 'outlet00' });
  });

  it('points every member of a cluster at the first article seen, even via a copy of a copy', async () => {
    const t = h();
    const index = createDedupeIndex({ redis: t.connection(), prefix: t.prefix });
    const base = STORIES[2]!;
    await index.claim(doc('first000', base));
    const copy = await index.claim(doc('copy0000', ['Advertisement', ...base, 'Share this article']));
    const exact = await index.claim(doc('exact000', ['Advertisement', ...base, 'Share this article']));
    expect(copy).toMatchObject({ duplicateOf: 'first000', duplicateKind: 'near', clusterId: 'first000' });
    expect(exact).toMatchObject({ duplicateOf: 'first000', duplicateKind: 'exact', similarity: 1, clusterId: 'first000' });
  });

  it('classify answers like claim but records nothing', async () => {
    const t = h();
    const redis = t.connection();
    const index = createDedupeIndex({ redis, prefix: t.prefix });
    await index.claim(doc('first000', STORIES[1]!));
    const keys = (await redis.keys(`${index.keyBase}*`)).sort();
    const asked = await index.classify(doc('second00', STORIES[1]!));
    expect(asked).toMatchObject({ duplicateOf: 'first000', duplicateKind: 'exact' });
    expect((await redis.keys(`${index.keyBase}*`)).sort()).toEqual(keys);
    expect(await index.classify(doc('second00', STORIES[1]!))).toEqual(asked);
  });

  it('forgets texts older than the window, so memory stays bounded', async () => {
    const t = h();
    const redis = t.connection();
    let now = Date.parse('2026-11-28T10:00:00Z');
    const index = createDedupeIndex({ redis, prefix: t.prefix, clock: () => new Date(now), options: { windowMs: 60_000 } });
    await index.claim(doc('old00000', STORIES[0]!));
    now += 61_000;
    const late = await index.claim(doc('late0000', ['Advertisement', ...STORIES[0]!]));
    expect(late.duplicateOf).toBeNull();
    // The old text itself again is no longer an exact copy of the forgotten one, only near the late one.
    expect(await index.classify(doc('exact000', STORIES[0]!))).toMatchObject({ duplicateOf: 'late0000', duplicateKind: 'near' });
    // The old entry left the band lists: only the late text's 64 bands and its exact claim remain.
    let fields = 0;
    for (const k of await redis.keys(`${index.keyBase}:L:*`)) fields += await redis.hlen(k);
    expect(fields).toBe(65);
  });

  it('treats an empty body as its own article, never as a copy of another empty page', async () => {
    const t = h();
    const index = createDedupeIndex({ redis: t.connection(), prefix: t.prefix });
    await index.claim(doc('empty001', ['']));
    expect(await index.claim(doc('empty002', ['  ']))).toMatchObject({ duplicateOf: null, clusterId: 'empty002' });
  });

  it('rejects inconsistent options naming the option', () => {
    const t = h();
    expect(() => createDedupeIndex({ redis: t.connection(), prefix: t.prefix, options: { bands: 10 } })).toThrow(ValidationError);
    expect(() => createDedupeIndex({ redis: t.connection(), prefix: t.prefix, options: { bands: 10 } })).toThrow(/bands × rows/);
    expect(() => createDedupeIndex({ redis: t.connection(), prefix: t.prefix, options: { jaccardThreshold: 2 } })).toThrow(/jaccardThreshold/);
  });
});
