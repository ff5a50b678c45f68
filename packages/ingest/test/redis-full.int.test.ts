import { describe, expect, it } from 'vitest';
import { Harness, startRedis } from '@newsflow/testing';
import { page, post, startApi } from './helpers.js';

describe('when Redis refuses writes', () => {
  it('answers 503 + Retry-After while Redis is at maxmemory (noeviction), 202 once it has room again', async () => {
    // A Redis of its own: shrinking the shared one would fail every other test running beside this.
    const redis = await startRedis({ appendonly: false });
    const t = new Harness(redis.url);
    try {
      // Memory backpressure off: this is what a client meets when Redis fills all the same.
      const { url } = await startApi(t, { limits: { retryAfterSeconds: 9, maxRedisMemoryPercent: 100 } });
      const admin = t.connection('worker');
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
      await admin.config('SET', 'maxmemory', String(used + 1024 * 1024));
      const filler = 'x'.repeat(16 * 1024);
      let full = false;
      for (let i = 0; i < 10_000 && !full; i++) full = await admin.set(`fill:${i}`, filler).then(() => false, (e: Error) => /^OOM/.test(e.message));
      expect(full).toBe(true);

      const r = await post(url, '/v1/articles', JSON.stringify(page(1)));
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('9');
      expect(r.json.error.code).toBe('REDIS_OUT_OF_MEMORY');
      expect(r.json.error.message).toMatch(/out of memory \(maxmemory reached\)/);
      const batch = await post(url, '/v1/articles/batch', JSON.stringify([page(2), page(3)]));
      expect([batch.status, batch.json.error.code]).toEqual([503, 'REDIS_OUT_OF_MEMORY']);

      // A stream whose chunk Redis refuses: 503, and its lines are to be sent again.
      const stream = await post(url, '/v1/articles/ndjson', [page(4), page(5), page(6)].map((p) => JSON.stringify(p)).join('\n'), { 'content-type': 'application/x-ndjson' });
      expect([stream.status, stream.headers.get('retry-after'), stream.json.error.code]).toEqual([503, '9', 'REDIS_OUT_OF_MEMORY']);
      expect(stream.json).toMatchObject({ accepted: 0, retry: 3, retryFromLine: 1 });

      await admin.config('SET', 'maxmemory', '0');
      expect((await post(url, '/v1/articles', JSON.stringify(page(1)))).status).toBe(202);
    } finally {
      await t.cleanup();
      await redis.stop();
    }
  }, 120_000);

  it('answers 429 naming INGEST_MAX_REDIS_MEMORY_PERCENT once Redis passes that share of maxmemory, before it refuses writes', async () => {
    const redis = await startRedis({ appendonly: false });
    const t = new Harness(redis.url);
    try {
      const { url } = await startApi(t, { limits: { retryAfterSeconds: 7, maxRedisMemoryPercent: 80, cacheMs: 0 } });
      const admin = t.connection('worker');
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      expect((await post(url, '/v1/articles', JSON.stringify(page(1)))).status).toBe(202);
      const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
      // About 90 % full: writes still succeed, so the stages could go on forwarding.
      await admin.config('SET', 'maxmemory', String(Math.round(used / 0.9)));
      expect(await admin.set('still-writable', 'yes')).toBe('OK');

      const r = await post(url, '/v1/articles', JSON.stringify(page(2)));
      expect([r.status, r.headers.get('retry-after'), r.json.error.code]).toEqual([429, '7', 'BACKPRESSURE']);
      // The share it names is Redis' own at that moment: past the limit, and what INFO says now
      // (used_memory moves by a few percent of this small data set between the two reads: client
      // buffers come and go, so the setup's "about 90 %" is not exact).
      const m = /^Redis is (\d+)% full \(limit 80% of its maxmemory, INGEST_MAX_REDIS_MEMORY_PERCENT\)/.exec(r.json.error.message);
      expect(m, r.json.error.message).not.toBeNull();
      const reported = Number(m![1]);
      expect(reported).toBeGreaterThan(80);
      const info = await admin.info('memory');
      const now = (100 * Number(/used_memory:(\d+)/.exec(info)![1])) / Number(/maxmemory:(\d+)/.exec(info)![1]);
      expect(Math.abs(reported - now), `reported ${reported}%, INFO now ${now.toFixed(1)}%`).toBeLessThanOrEqual(5);
      const stream = await post(url, '/v1/articles/ndjson', [page(3), page(4)].map((p) => JSON.stringify(p)).join('\n'), { 'content-type': 'application/x-ndjson' });
      expect([stream.status, stream.json.error.code]).toEqual([429, 'BACKPRESSURE']);
      expect(await t.queues().ingest.count()).toBe(1); // only the page accepted before

      await admin.config('SET', 'maxmemory', '0');
      expect((await post(url, '/v1/articles', JSON.stringify(page(2)))).status).toBe(202);
    } finally {
      await t.cleanup();
      await redis.stop();
    }
  }, 120_000);
});
