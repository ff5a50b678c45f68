import { describe, expect, it } from 'vitest';
import { useHarness } from '@newsflow/testing';
import { TOKEN, page, post, startApi } from './helpers.js';

const h = useHarness();
const NDJSON = { 'content-type': 'application/x-ndjson' };

describe('POST /v1/articles/ndjson limits', () => {
  it('a million lines of `1` get a small, quick answer naming the line limit, in bounded memory', async () => {
    const t = h();
    const { url, queues } = await startApi(t);
    const body = '1\n'.repeat(1_000_000);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const res = await fetch(`${url}/v1/articles/ndjson`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, ...NDJSON }, body });
    const text = await res.text();
    const ms = Date.now() - started;
    const growthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    console.log(`1,000,000 lines of "1" (2 MB): HTTP ${res.status}, ${text.length} bytes answered in ${ms} ms, RSS +${growthMb.toFixed(0)} MB`);
    expect(res.status).toBe(413);
    expect(text.length).toBeLessThan(1024 * 1024);
    const json = JSON.parse(text);
    expect(json.error.code).toBe('TOO_MANY_LINES');
    expect(json.error.message).toMatch(/more than 100000 lines \(INGEST_MAX_NDJSON_LINES\)/);
    // Every line read is counted; only the first 1,000 are listed, then the first rejections after them.
    expect(json).toMatchObject({ accepted: 0, duplicates: 0, rejected: 100_000, retry: 0, omitted: 99_000 });
    expect(json.results).toHaveLength(1000);
    expect(json.results.map((r: { index: number }) => r.index)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(json.results[0].error.code).toBe('VALIDATION_FAILED');
    expect(json.errors.map((r: { index: number }) => r.index)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1001));
    expect(growthMb).toBeLessThan(200);
    expect(await queues.ingest.count()).toBe(0);
  }, 180_000);

  it('per-line results are bounded below the line limit too, and the pages past them still go in', async () => {
    const t = h();
    const { url, queues } = await startApi(t, { limits: { maxNdjsonResults: 10, maxNdjsonErrors: 3 } });
    const lines = Array.from({ length: 40 }, (_, i) => (i % 4 === 3 ? '{"url": broken' : JSON.stringify(page(i))));
    const r = await post(url, '/v1/articles/ndjson', lines.join('\n'), NDJSON);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 30, rejected: 10, omitted: 30 });
    expect(r.json.results.map((x: { index: number }) => x.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.json.errors.map((x: { index: number; error: { code: string } }) => [x.index, x.error.code])).toEqual([
      [12, 'INVALID_JSON'],
      [16, 'INVALID_JSON'],
      [20, 'INVALID_JSON'],
    ]);
    expect(await queues.ingest.count()).toBe(30);
  });

  it('backpressure is checked during the stream: 3,000 pages with room for 1,000 take 1,000, the rest are told to retry', async () => {
    const t = h();
    const { url, queues } = await startApi(t, { limits: { maxWaiting: 1000, retryAfterSeconds: 6 } });
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify(page(i)));
    const r = await post(url, '/v1/articles/ndjson', lines.join('\n'), NDJSON);
    expect(r.status).toBe(200);
    expect(r.headers.get('retry-after')).toBe('6');
    expect(r.json.accepted).toBeGreaterThan(0);
    expect(r.json.accepted).toBeLessThanOrEqual(1000 + 100);
    expect(r.json.accepted + r.json.retry).toBe(3000);
    expect(r.json.retryFromLine).toBe(r.json.accepted + 1);
    expect(await queues.ingest.count()).toBe(r.json.accepted);
    // Sending the stream again from retryFromLine, once there is room, takes the rest.
    await queues.ingest.drain();
    const again = await post(url, '/v1/articles/ndjson', lines.slice(r.json.retryFromLine - 1, r.json.retryFromLine - 1 + 1000).join('\n'), NDJSON);
    expect(again.json).toMatchObject({ accepted: 1000, retry: 0 });
  });
});
