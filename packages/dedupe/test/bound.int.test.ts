import { describe, expect, it } from 'vitest';
import type { DedupeInfo } from '@newsflow/contracts';
import { useHarness } from '@newsflow/testing';
import { createDedupeIndex, type DedupeDocument } from '@newsflow/dedupe';
import { rng, syntheticStory, vocabulary, wireCopy } from './fixtures.js';

const h = useHarness();

const doc = (id: string, paragraphs: string[]): DedupeDocument => ({ id, title: '', body: paragraphs.join('\n\n') });

async function indexKeys(redis: ReturnType<ReturnType<typeof h>['connection']>, base: string): Promise<{ keys: number; bandFields: number; articles: number }> {
  const keys = await redis.keys(`${base}:*`);
  let bandFields = 0;
  for (const k of keys.filter((x) => x.includes(':L:'))) bandFields += await redis.hlen(k);
  return { keys: keys.length, bandFields, articles: keys.filter((x) => x.includes(':A:')).length };
}

describe('count bound of the dedupe index', () => {
  it('evicts the oldest entries first, with their bands, and stays the same size past the bound', async () => {
    const t = h();
    const redis = t.connection();
    const index = createDedupeIndex({ redis, prefix: t.prefix, options: { maxEntries: 20, buckets: 1024 } });
    const r = rng(9);
    const vocab = vocabulary(r);
    const stories = Array.from({ length: 60 }, () => syntheticStory(r, vocab, 3, 30));
    for (let i = 0; i < 30; i++) await index.claim(doc(`s${i}`, stories[i]!), `job${i}`);
    const at30 = await indexKeys(redis, index.keyBase);
    // 20 entries of 64 bands and one exact claim each; 20 article hashes.
    expect(at30.bandFields).toBe(20 * 65);
    expect(at30.articles).toBe(20);
    // The oldest ten are forgotten, the newest are still found.
    for (const i of [0, 5, 9]) expect((await index.classify(doc(`copy${i}`, wireCopy(r, stories[i]!)))).duplicateOf, `story ${i}`).toBeNull();
    for (const i of [10, 20, 29]) expect((await index.classify(doc(`copy${i}`, wireCopy(r, stories[i]!)))).duplicateOf, `story ${i}`).toBe(`s${i}`);
    for (let i = 30; i < 60; i++) await index.claim(doc(`s${i}`, stories[i]!), `job${i}`);
    const at60 = await indexKeys(redis, index.keyBase);
    expect(at60).toMatchObject({ bandFields: 20 * 65, articles: 20 });
    // Entry records: 20 entries span at most two 64-entry chunks.
    expect((await redis.keys(`${index.keyBase}:R:*`)).length).toBeLessThanOrEqual(2);
  });

  it('stays race-free when several connections claim pairs at once while it evicts', async () => {
    const t = h();
    const conns = [t.connection(), t.connection(), t.connection(), t.connection()];
    const indexes = conns.map((redis) => createDedupeIndex({ redis, prefix: t.prefix, options: { maxEntries: 100, buckets: 1024 } }));
    const r = rng(21);
    const vocab = vocabulary(r);
    const pairs = Array.from({ length: 120 }, (_, i) => {
      const story = syntheticStory(r, vocab, 3, 30);
      return [doc(`o${i}`, story), doc(`c${i}`, wireCopy(r, story))] as const;
    });
    // Both members of each pair go to different connections at the same moment, 20 pairs at a time:
    // 240 claims through a bound of 100, so eviction runs while pairs race (never across a pair).
    const results: Array<readonly [DedupeInfo, DedupeInfo]> = [];
    for (let w = 0; w < pairs.length; w += 20) {
      results.push(
        ...(await Promise.all(
          pairs.slice(w, w + 20).map(async ([o, c], k) => {
            const i = w + k;
            return Promise.all([indexes[i % 4]!.claim(o, `jo${i}`), indexes[(i + 1) % 4]!.claim(c, `jc${i}`)]);
          }),
        )),
      );
    }
    results.forEach(([x, y], i) => {
      expect(x.clusterId, `pair ${i}`).toBe(y.clusterId);
      expect([x, y].filter((v) => v.duplicateOf === null), `pair ${i} has one canonical`).toHaveLength(1);
    });
    const { articles } = await indexKeys(conns[0]!, indexes[0]!.keyBase);
    expect(articles).toBe(100);
  });
});
