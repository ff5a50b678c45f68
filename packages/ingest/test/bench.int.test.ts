import { describe, expect, it } from 'vitest';
import { testRedisUrl } from '@newsflow/testing';
import { benchPages, runIngestBench } from '@newsflow/ingest';

describe('ingest benchmark', () => {
  it('builds distinct pages of the asked size', () => {
    const pages = benchPages(3, 5120, 'r1');
    expect(new Set(pages.map((p) => p.url)).size).toBe(3);
    for (const p of pages) expect(Math.abs(p.html.length - 5120)).toBeLessThan(64);
  });

  it('accepts every page through both the batch endpoint and createProducer, and reports a rate', async () => {
    const r = await runIngestBench({ redisUrl: testRedisUrl(), pages: 300, batchSize: 100, concurrency: 2 });
    expect(r.results.map((f) => [f.mode, f.accepted])).toEqual([
      ['api', 300],
      ['producer', 300],
    ]);
    for (const f of r.results) expect(f.pagesPerSecond).toBeGreaterThan(0);
  });
});
