import { describe, expect, it } from 'vitest';
import { ValidationError, freePort } from '@newsflow/core';
import { useHarness } from '@newsflow/testing';
import { IngestApiError, createIngestClient, retryDelay } from '@newsflow/ingest';
import { TOKEN, page, startApi } from './helpers.js';

const h = useHarness();

describe('createIngestClient against a running server', () => {
  it('submits a page and gets the same id back for the same page, flagged duplicate', async () => {
    const t = h();
    const { url } = await startApi(t);
    const client = createIngestClient({ url, token: TOKEN });
    const a = await client.submit(page(1));
    const b = await client.submit(page(1));
    expect(a.duplicate).toBe(false);
    expect(b).toEqual({ ...a, duplicate: true });
    expect(await client.status(a.pageId)).toEqual({ pageId: a.pageId, state: 'queued', stage: 'ingest' });
    expect((await client.statuses([a.pageId, 'f'.repeat(32)])).map((s) => s.state)).toEqual(['queued', 'unknown']);
  });

  it('validates with the same schema before sending: a bad page never reaches the server', async () => {
    const t = h();
    const { url, queues } = await startApi(t);
    const client = createIngestClient({ url, token: TOKEN });
    const err = await client.submit({ url: 'https://x.example/', html: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toBe('html: must not be empty');
    const batch = await client.submitBatch([page(1), { url: 7 }, page(2)]);
    expect(batch.results.map((r) => [r.index, r.status])).toEqual([[0, 'accepted'], [1, 'rejected'], [2, 'accepted']]);
    expect(batch.rejected).toBe(1);
    expect(batch.results[1]!.error!.issues![0]!.path).toBe('url');
    expect(await queues.ingest.count()).toBe(2);
  });

  it('splits a large batch into requests the server accepts, keeping item order', async () => {
    const t = h();
    const { url, queues } = await startApi(t, { limits: { maxBatchItems: 3 } });
    const client = createIngestClient({ url, token: TOKEN, batchSize: 3 });
    const pages = Array.from({ length: 8 }, (_, i) => page(i));
    pages.splice(4, 0, { url: 'bad' });
    const r = await client.submitBatch(pages);
    expect([r.accepted, r.rejected, r.results.length]).toEqual([8, 1, 9]);
    expect(r.results.map((x) => x.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r.results[4]!.status).toBe('rejected');
    expect(await queues.ingest.count()).toBe(8);
  });

  it('does not retry a 401; surfaces status and code', async () => {
    const t = h();
    const { url } = await startApi(t);
    const sleeps: number[] = [];
    const client = createIngestClient({ url, token: 'wrong-token-xxxxxxxx', sleep: async (ms) => void sleeps.push(ms) });
    const err = (await client.submit(page(1)).catch((e: unknown) => e)) as IngestApiError;
    expect(err).toBeInstanceOf(IngestApiError);
    expect([err.status, err.code]).toEqual([401, 'UNAUTHORIZED']);
    expect(sleeps).toEqual([]);
  });

  it('on 429 waits at least Retry-After, then succeeds once the backlog drains', async () => {
    const t = h();
    const { url, queues, producer } = await startApi(t, { limits: { maxWaiting: 1, retryAfterSeconds: 2, cacheMs: 0 } });
    await producer.submit(page(100));
    const sleeps: number[] = [];
    const client = createIngestClient({
      url,
      token: TOKEN,
      // The "wait" drains the backlog instead of sleeping, as workers would in the meantime.
      sleep: async (ms) => {
        sleeps.push(ms);
        await queues.ingest.drain();
      },
    });
    const r = await client.submit(page(1));
    expect(r.duplicate).toBe(false);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
  });

  it('retries network failures with growing backoff, then gives up with UNREACHABLE', async () => {
    const port = await freePort();
    const sleeps: number[] = [];
    const client = createIngestClient({ url: `http://127.0.0.1:${port}`, token: TOKEN, retries: 3, baseDelayMs: 100, sleep: async (ms) => void sleeps.push(ms) });
    const err = (await client.submit(page(1)).catch((e: unknown) => e)) as IngestApiError;
    expect(err.code).toBe('UNREACHABLE');
    expect(sleeps).toHaveLength(3);
    // Full jitter within [ceiling/2, ceiling] of 100, 200, 400 ms.
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual((100 * 2 ** i) / 2);
      expect(ms).toBeLessThanOrEqual(100 * 2 ** i);
    });
  });
});

describe('retryDelay', () => {
  const o = { baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };
  it('honours Retry-After in seconds and as an HTTP date, capped', () => {
    expect(retryDelay(0, '3', o, () => 0)).toBe(3000);
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    expect(retryDelay(0, inTen, o, () => 0)).toBeGreaterThan(8_000);
    expect(retryDelay(0, '3600', o, () => 0)).toBe(60_000);
  });
  it('caps exponential backoff at maxDelayMs', () => {
    expect(retryDelay(20, null, o, () => 1)).toBe(10_000);
    expect(retryDelay(1, null, o, () => 0)).toBe(200);
  });
});
