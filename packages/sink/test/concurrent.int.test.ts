import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type WriteOutcome } from '@newsflow/sink';
import { freshStoreConfig, tempDir, type StoreKind } from './databases.js';
import { entity, makeArticle } from './fixtures.js';

const tmp = tempDir('sink-concurrent');
afterAll(() => tmp.remove());

describe.each<StoreKind>(['sqlite', 'postgres'])('two sinks writing one %s store at once', (kind) => {
  it('stores each article once when both receive the same articles', async () => {
    const cfg = await freshStoreConfig(kind, tmp.dir, 'two');
    const [a, b] = await Promise.all([openStore(cfg), openStore(cfg)]);
    try {
      const articles = Array.from({ length: 150 }, (_, i) => makeArticle({ n: i, entities: [entity(`Person ${i % 7}`, 'PER')] }));
      const [ra, rb] = await Promise.all([Promise.all(articles.map((x) => a.write(x))), Promise.all([...articles].reverse().map((x) => b.write(x)))]);
      const outcomes: Record<string, WriteOutcome[]> = {};
      for (const r of [...ra, ...rb]) (outcomes[r.articleId] ??= []).push(r.outcome);
      // For every article exactly one sink inserted it; the other found it already there.
      for (const id of Object.keys(outcomes)) expect(outcomes[id]!.sort()).toEqual(['inserted', 'unchanged']);
      expect(await a.count()).toBe(150);
      expect(await b.count({ entity: 'Person 3' })).toBe(Math.ceil((150 - 3) / 7));
      const versions = await Promise.all(articles.slice(0, 20).map((x) => a.versions(x.id)));
      expect(versions.every((v) => v.length === 1)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
