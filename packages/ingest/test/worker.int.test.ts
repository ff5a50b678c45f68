import { describe, expect, it } from 'vitest';
import type { IngestJob } from '@newsflow/contracts';
import { pageIdFor } from '@newsflow/core';
import { eventually, useHarness } from '@newsflow/testing';
import { createIngestWorker } from '@newsflow/ingest';

const h = useHarness();

function ingestJob(page: IngestJob['page']): IngestJob {
  return { pageId: pageIdFor(page.url, page.html ?? page.text ?? ''), receivedAt: '2026-11-28T10:00:00.000Z', page, trace: [] };
}

describe('ingest stage worker', () => {
  it('turns an ingest job into a parse job: fetchedAt resolved, header names lower-cased, fields carried', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createIngestWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const job = ingestJob({
      url: 'https://news.example.com/a',
      html: '<p>hello</p>',
      site: 'Example News',
      source: 'scraper-1',
      language: 'en',
      headers: { 'Content-Type': 'text/html; charset=windows-1251', ETag: '"x"' },
      metadata: { section: 'world' },
    });
    await q.ingest.add('page', job, { jobId: job.pageId });
    const fwd = await eventually(() => q.parse.getJob(job.pageId), 'parse job');
    expect(fwd.data).toMatchObject({
      pageId: job.pageId,
      url: 'https://news.example.com/a',
      fetchedAt: '2026-11-28T10:00:00.000Z',
      receivedAt: '2026-11-28T10:00:00.000Z',
      html: '<p>hello</p>',
      site: 'Example News',
      source: 'scraper-1',
      language: 'en',
      headers: { 'content-type': 'text/html; charset=windows-1251', etag: '"x"' },
      metadata: { section: 'world' },
    });
    expect(fwd.data.trace).toHaveLength(1);
    expect(fwd.data.trace[0]).toMatchObject({ stage: 'ingest', attempts: 1 });
    await w.close();
  });

  it('keeps the scraper fetchedAt when given', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createIngestWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const job = ingestJob({ url: 'https://news.example.com/b', text: 'Title\n\nBody', fetchedAt: '2026-11-27T08:00:00+01:00' });
    await q.ingest.add('page', job, { jobId: job.pageId });
    const fwd = await eventually(() => q.parse.getJob(job.pageId), 'parse job');
    expect(fwd.data.fetchedAt).toBe('2026-11-27T08:00:00+01:00');
    expect(fwd.data.text).toBe('Title\n\nBody');
    expect(fwd.data.headers).toEqual({});
    await w.close();
  });

  it('fails a malformed job once, naming the field, and forwards nothing', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createIngestWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const bad = { ...ingestJob({ url: 'https://news.example.com/c', html: '<p>x</p>' }), page: { url: 'ftp://x', html: '<p>x</p>' } };
    await q.ingest.add('page', bad, { jobId: 'bad', attempts: 3 });
    const failed = await eventually(async () => ((await q.ingest.getJobState('bad')) === 'failed' ? q.ingest.getJob('bad') : null), 'failed job');
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toMatch(/page\.url: must be an absolute http\(s\) URL/);
    expect(await q.parse.count()).toBe(0);
    await w.close();
  });
});
