import { describe, expect, it } from 'vitest';
import { QueueEvents } from 'bullmq';
import type { ParseJob, ParsedArticle } from '@newsflow/contracts';
import { AppError, TransientError, createStageWorker, pageIdFor, type StageWorkerOptions } from '@newsflow/core';
import type { Harness } from '@newsflow/testing';
import { eventually, useHarness } from '@newsflow/testing';

const h = useHarness();

function parseJob(n = 1): ParseJob {
  const url = `https://example.com/news/${n}`;
  return {
    pageId: pageIdFor(url, `body ${n}`),
    receivedAt: '2026-11-28T10:00:00.000Z',
    url,
    fetchedAt: '2026-11-28T09:59:00.000Z',
    text: `Title ${n}\n\nbody ${n}`,
    headers: {},
    metadata: {},
    trace: [
      { stage: 'ingest', version: '0.1.0', workerId: 'w', attempts: 1, startedAt: '2026-11-28T10:00:00.000Z', finishedAt: '2026-11-28T10:00:00.001Z', durationMs: 1 },
    ],
  };
}

function parsedFrom(job: ParseJob): Omit<ParsedArticle, 'trace'> {
  return {
    id: job.pageId.slice(0, 24),
    pageId: job.pageId,
    url: job.url,
    canonicalUrl: job.url,
    fetchedAt: job.fetchedAt,
    receivedAt: job.receivedAt,
    title: 'T',
    authors: [],
    tags: [],
    images: [],
    body: 'b',
    paragraphs: [{ kind: 'p', text: 'b' }],
    corrections: [],
    wordCount: 1,
    metadata: {},
  };
}

/** A tracked parse-stage worker on the test's prefix; `process` defaults to a trivial parse. */
function parseWorker(t: Harness, opts: Partial<StageWorkerOptions<'parse'>> = {}) {
  return t.worker(
    createStageWorker({ stage: 'parse', version: '1', connection: t.connection(), prefix: t.prefix, logger: t.logger, process: async (i) => parsedFrom(i), ...opts }),
  );
}

describe('createStageWorker', () => {
  it('forwards a valid payload under the same job id with a trace entry appended', async () => {
    const t = h();
    const q = t.queues();
    const w = parseWorker(t, { version: '9.9.9' });
    const job = parseJob(1);
    await q.parse.add('page', job, { jobId: job.pageId });
    const fwd = await eventually(() => q.entity.getJob(job.pageId), 'job forwarded to entity');
    expect(fwd.data.title).toBe('T');
    expect(fwd.data.trace).toHaveLength(2);
    expect(fwd.data.trace[1]).toMatchObject({ stage: 'parse', version: '9.9.9', attempts: 1, workerId: w.workerId });
    await w.close();
  });

  it('fails a bad payload once, unrecoverably, naming the field', async () => {
    const t = h();
    const q = t.queues();
    let calls = 0;
    const w = parseWorker(t, { process: async (i) => (calls++, parsedFrom(i)) });
    const bad = { ...parseJob(2), url: 'not a url' };
    await q.parse.add('page', bad, { jobId: 'bad1', attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    const failed = await eventually(async () => ((await q.parse.getJobState('bad1')) === 'failed' ? q.parse.getJob('bad1') : null), 'job failed');
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toMatch(/VALIDATION_FAILED/);
    expect(failed!.failedReason).toMatch(/url: /);
    expect(calls).toBe(0);
    await w.close();
  });

  it('retries a retryable error and records the attempt count; a non-retryable one fails at once', async () => {
    const t = h();
    const q = t.queues();
    const tries = new Map<string, number>();
    const w = parseWorker(t, {
      process: async (input) => {
        const n = (tries.get(input.pageId) ?? 0) + 1;
        tries.set(input.pageId, n);
        if (input.url.endsWith('/3') && n === 1) throw new TransientError('ECONNRESET', 'blip');
        if (input.url.endsWith('/4')) throw new AppError('EMPTY_PAGE', 'page has no text', { retryable: false });
        return parsedFrom(input);
      },
    });
    const j3 = parseJob(3);
    const j4 = parseJob(4);
    await q.parse.add('page', j3, { jobId: j3.pageId, backoff: { type: 'fixed', delay: 10 } });
    await q.parse.add('page', j4, { jobId: j4.pageId, backoff: { type: 'fixed', delay: 10 } });
    const fwd = await eventually(() => q.entity.getJob(j3.pageId), 'retried job forwarded');
    expect(fwd.data.trace[1].attempts).toBe(2);
    // The retried attempt's reason starts with the error code, like unrecoverable ones.
    const j3job = await q.parse.getJob(j3.pageId);
    expect(j3job!.stacktrace.join('\n')).toMatch(/ECONNRESET: blip/);
    const f4 = await eventually(async () => ((await q.parse.getJobState(j4.pageId)) === 'failed' ? q.parse.getJob(j4.pageId) : null), 'j4 failed');
    expect(f4!.failedReason).toBe('EMPTY_PAGE: page has no text');
    expect(tries.get(j4.pageId)).toBe(1);
    await w.close();
  });

  it('forwards once when the same job is delivered twice', async () => {
    const t = h();
    const q = t.queues();
    const events = new QueueEvents('parse', { connection: t.connection(), prefix: t.prefix });
    t.defer(events);
    await events.waitUntilReady();
    const w = parseWorker(t);
    const job = parseJob(5);
    const first = await q.parse.add('page', job, { jobId: job.pageId });
    await first.waitUntilFinished(events, 10_000);
    // Simulate redelivery: the completed record is gone (retention), the same job arrives again.
    await first.remove();
    const again = await q.parse.add('page', job, { jobId: job.pageId });
    await again.waitUntilFinished(events, 10_000);
    expect(await q.entity.count()).toBe(1);
    await w.close();
  });

  it('forwards a job that was added without an id (auto-numbered) under a derived, stable id', async () => {
    const t = h();
    const q = t.queues();
    const w = parseWorker(t);
    const added = await q.parse.add('page', parseJob(6));
    expect(added.id).toMatch(/^\d+$/);
    const fwd = await eventually(() => q.entity.getJob(`parse-${added.id}`), 'auto-numbered job forwarded');
    expect(fwd.data.pageId).toBe(parseJob(6).pageId);
    await w.close();
  });

  it('close(timeout) is bounded even when a job hangs, and the job is taken over by another worker', async () => {
    const t = h();
    const q = t.queues();
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    const first = parseWorker(t, {
      lockDuration: 1_000,
      stalledInterval: 500,
      process: async (i) => {
        await hung;
        return parsedFrom(i);
      },
    });
    const job = parseJob(7);
    await q.parse.add('page', job, { jobId: job.pageId });
    await eventually(async () => (await q.parse.getJobState(job.pageId)) === 'active', 'job active');
    // The hung job cannot finish; close must still return (force-closing after the timeout).
    await first.close(300);
    expect(first.isClosed()).toBe(true);
    const second = parseWorker(t, { lockDuration: 1_000, stalledInterval: 500 });
    const fwd = await eventually(() => q.entity.getJob(job.pageId), 'stalled job taken over and forwarded', 20_000);
    expect(fwd.data.trace[1].workerId).toBe(second.workerId);
    release();
    await second.close();
  });
});
