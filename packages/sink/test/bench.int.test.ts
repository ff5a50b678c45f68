import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Article } from '@newsflow/contracts';
import { benchArticle, benchStore, openSqliteStore } from '@newsflow/sink';
import { tempDir } from './databases.js';

const tmp = tempDir('sink-bench');
afterAll(() => tmp.remove());

describe('benchStore', () => {
  it('measures inserts then redeliveries, and leaves exactly the written articles', async () => {
    const store = await openSqliteStore({ path: join(tmp.dir, 'bench.db') });
    try {
      const r = await benchStore(store, { count: 120, concurrency: 16, words: 50 });
      expect(r).toMatchObject({ store: 'sqlite', count: 120, concurrency: 16, insert: { writes: 120 }, redeliver: { writes: 120 } });
      expect(r.insert.writesPerSec).toBeGreaterThan(0);
      expect(r.insert.p99Ms).toBeGreaterThanOrEqual(r.insert.p50Ms);
      expect(await store.count()).toBe(120);
    } finally {
      await store.close();
    }
  });

  it('benchmarks with articles the sink would accept', () => {
    expect(Article.safeParse(benchArticle(7)).success).toBe(true);
  });
});
