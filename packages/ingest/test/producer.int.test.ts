import { describe, expect, it } from 'vitest';
import { PAGE_BODY_TTL_SECONDS, ValidationError, createStageWorker, markStored, pageBodyKey, pageIdFor } from '@newsflow/core';
import { IngestJob } from '@newsflow/contracts';
import { eventually, useHarness } from '@newsflow/testing';
import { createIngestWorker, createProducer, pageStatus } from '@newsflow/ingest';
import { page } from './helpers.js';

const h = useHarness();

describe('createProducer', () => {
  it('enqueues a valid page under its page id, with receivedAt from the clock', async () => {
    const t = h();
    const p = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix, clock: () => new Date('2026-11-28T09:00:00Z') }));
    const raw = page(1);
    const r = await p.submit(raw);
    expect(r).toEqual({ pageId: pageIdFor(raw.url as string, raw.html as string), duplicate: false });
    const job = await t.queues().ingest.getJob(r.pageId);
    const { html, ...meta } = raw;
    // The body waits under a key of its own; the job refers to it and carries the rest of the page.
    expect(job?.data).toEqual({ pageId: r.pageId, receivedAt: '2026-11-28T09:00:00.000Z', page: meta, bodyRef: { key: pageBodyKey(t.prefix, r.pageId), field: 'html', length: (html as string).length }, trace: [] });
    expect(await t.connection().get(pageBodyKey(t.prefix, r.pageId))).toBe(html);
    expect(await t.connection().ttl(pageBodyKey(t.prefix, r.pageId))).toBeGreaterThan(PAGE_BODY_TTL_SECONDS - 60);
    expect(IngestJob.safeParse(job?.data).success).toBe(true);
  });

  it('knows a stored page after retention removed its jobs: duplicate on resubmission, stored in the status', async () => {
    const t = h();
    const p = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
    const raw = page(9);
    const first = await p.submit(raw);
    await (await t.queues().ingest.getJob(first.pageId))!.remove(); // what retention does within the hour
    expect(await pageStatus(t.queues(), first.pageId, p.storedArticleIds)).toMatchObject({ state: 'unknown' });
    // The sink stage records this when it stores the page (see the sink worker test).
    await markStored(t.connection(), t.prefix, first.pageId, 'a'.repeat(24));
    expect(await pageStatus(t.queues(), first.pageId, p.storedArticleIds)).toEqual({ pageId: first.pageId, state: 'stored', stage: 'sink', articleId: 'a'.repeat(24) });
    expect(await p.submit(raw)).toEqual({ pageId: first.pageId, duplicate: true });
    expect(await t.queues().ingest.count()).toBe(0);
  });

  it('rejects a bad page with a ValidationError naming every failing field, enqueuing nothing', async () => {
    const t = h();
    const p = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
    const err = await p.submit({ url: 'not-a-url', language: 'english!', extra: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/url: must be an absolute http\(s\) URL/);
    expect(msg).toMatch(/language: must be a BCP 47 language tag/);
    expect(msg).toMatch(/extra/);
    expect(await t.queues().ingest.count()).toBe(0);
  });

  it('makes one job for the same page submitted twice and returns the existing id', async () => {
    const t = h();
    const p = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
    const a = await p.submit(page(2));
    const b = await p.submit(page(2));
    expect(b).toEqual({ pageId: a.pageId, duplicate: true });
    const changed = await p.submit(page(2, { html: '<p>updated body</p>' }));
    expect(changed.duplicate).toBe(false);
    expect(changed.pageId).not.toBe(a.pageId);
    expect(await t.queues().ingest.count()).toBe(2);
  });

  it('submitMany answers per item in order: accepted, duplicate within the batch, rejected', async () => {
    const t = h();
    const p = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
    const rs = await p.submitMany([page(3), page(3), { url: 'https://x.example/' }, page(4)]);
    expect(rs.map((r) => (r.ok ? (r.duplicate ? 'dup' : 'ok') : 'rejected'))).toEqual(['ok', 'dup', 'rejected', 'ok']);
    const rejected = rs[2]!;
    expect(!rejected.ok && rejected.error.message).toMatch(/html: one of html, htmlBase64 or text is required/);
    expect(await t.queues().ingest.count()).toBe(2);
  });
});

describe('pageStatus', () => {
  it('follows a page from queued to processing, and reports a failure with its stage and reason', async () => {
    const t = h();
    const q = t.queues();
    const p = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
    const { pageId } = await p.submit(page(5));
    expect(await pageStatus(q, pageId)).toEqual({ pageId, state: 'queued', stage: 'ingest' });

    const w = t.worker(createIngestWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    await eventually(() => q.parse.getJob(pageId), 'forwarded to parse');
    expect(await pageStatus(q, pageId)).toMatchObject({ state: 'processing', stage: 'parse' });
    await w.close();

    // The last stage stores and returns the article id; a real BullMQ sink worker stands in here.
    const sink = t.worker(
      createStageWorker({ stage: 'sink', version: '1', connection: t.connection(), prefix: t.prefix, logger: t.logger, process: async (a) => ({ articleId: a.id }) }),
    );
    await q.sink.add('article', { not: 'an article' }, { jobId: pageId }).catch(() => undefined);
    // A malformed article fails at the sink: the status says failed, with the reason.
    const failed = await eventually(async () => {
      const s = await pageStatus(q, pageId);
      return s.state === 'failed' ? s : null;
    }, 'failed status');
    expect(failed.stage).toBe('sink');
    expect(failed.reason).toMatch(/VALIDATION_FAILED/);
    await sink.close();
  });

  it('reports stored with the article id from the sink', async () => {
    const t = h();
    const q = t.queues();
    const pageId = 'a'.repeat(32);
    await q.sink.add('article', { id: 'art123456' }, { jobId: pageId });
    const job = await q.sink.getJob(pageId);
    // Complete the job as a sink would, through BullMQ's own API.
    const token = 'tok';
    const worker = await import('bullmq').then(({ Worker }) => new Worker('sink', null, { connection: t.connection(), prefix: t.prefix, autorun: false }));
    t.defer(worker);
    const active = await worker.getNextJob(token);
    expect(active?.id).toBe(job!.id);
    await active!.moveToCompleted({ articleId: 'art123456' }, token, false);
    expect(await pageStatus(q, pageId)).toEqual({ pageId, state: 'stored', stage: 'sink', articleId: 'art123456' });
    expect(await pageStatus(q, 'b'.repeat(32))).toEqual({ pageId: 'b'.repeat(32), state: 'unknown', stage: null });
  });
});
