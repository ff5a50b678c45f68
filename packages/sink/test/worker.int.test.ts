import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { storedArticleIds } from '@newsflow/core';
import { eventually, useHarness } from '@newsflow/testing';
import { createSinkWorker, openSqliteStore } from '@newsflow/sink';
import { entity, makeArticle } from './fixtures.js';

const h = useHarness();
const dir = mkdtempSync(join(tmpdir(), 'newsflow-sink-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sink worker on real Redis and a real SQLite file', () => {
  it('stores the article with its five-stage trace and returns articleId, version and outcome', async () => {
    const t = h();
    const store = t.defer(await openSqliteStore({ path: join(dir, 'a.db') }));
    const events = t.defer(new QueueEvents('sink', { connection: t.connection(), prefix: t.prefix }));
    await events.waitUntilReady();
    const w = t.worker(createSinkWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger, store }));
    const a = makeArticle({ n: 1, entities: [entity('Sergei Lavrov', 'PER')] });
    const job = await t.queues().sink.add('article', a, { jobId: a.pageId });
    const result = await job.waitUntilFinished(events, 15_000);
    expect(result).toEqual({ articleId: a.id, version: 1, outcome: 'inserted' });

    const stored = await store.get(a.id);
    expect(stored?.title).toBe('Story 1');
    expect(stored?.trace.map((e) => e.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
    expect(stored?.trace[4]).toMatchObject({ stage: 'sink', workerId: w.workerId, attempts: 1 });
    expect((await store.list({ entity: 'sergei lavrov' })).items.map((i) => i.id)).toEqual([a.id]);
    await w.close();
  });

  it('records the stored page in the ledger, which outlives the removed job', async () => {
    const t = h();
    const store = t.defer(await openSqliteStore({ path: join(dir, 'ledger.db') }));
    const events = t.defer(new QueueEvents('sink', { connection: t.connection(), prefix: t.prefix }));
    await events.waitUntilReady();
    const w = t.worker(createSinkWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger, store }));
    const a = makeArticle({ n: 7 });
    const job = await t.queues().sink.add('article', a, { jobId: a.pageId });
    await job.waitUntilFinished(events, 15_000);
    await job.remove(); // what retention does within the hour
    expect(await storedArticleIds(t.connection(), t.prefix, [a.pageId, 'f'.repeat(32)])).toEqual([a.id, null]);
    await w.close();
  });

  it('writes once when the same job is delivered twice', async () => {
    const t = h();
    const store = t.defer(await openSqliteStore({ path: join(dir, 'b.db') }));
    const events = t.defer(new QueueEvents('sink', { connection: t.connection(), prefix: t.prefix }));
    await events.waitUntilReady();
    const w = t.worker(createSinkWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger, store }));
    const a = makeArticle({ n: 2 });
    const first = await t.queues().sink.add('article', a, { jobId: a.pageId });
    await first.waitUntilFinished(events, 15_000);
    const before = await store.get(a.id);
    await first.remove();
    const again = await t.queues().sink.add('article', a, { jobId: a.pageId });
    expect(await again.waitUntilFinished(events, 15_000)).toEqual({ articleId: a.id, version: 1, outcome: 'unchanged' });
    expect(await store.count()).toBe(1);
    expect(await store.versions(a.id)).toHaveLength(1);
    // The first delivery's trace is what stays: the second wrote nothing.
    expect((await store.get(a.id))?.stored.updatedAt).toBe(before?.stored.updatedAt);
    await w.close();
  });

  it('fails a bad payload once, unrecoverably, naming the field, and stores nothing', async () => {
    const t = h();
    const store = t.defer(await openSqliteStore({ path: join(dir, 'c.db') }));
    const w = t.worker(createSinkWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger, store }));
    const bad = { ...makeArticle({ n: 3 }), dedupe: { contentHash: 'nope' } };
    await t.queues().sink.add('article', bad, { jobId: 'bad-1', attempts: 3, backoff: { type: 'fixed', delay: 10 } });
    const failed = await eventually(async () => ((await t.queues().sink.getJobState('bad-1')) === 'failed' ? t.queues().sink.getJob('bad-1') : null), 'bad job failed');
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toMatch(/dedupe\.contentHash/);
    expect(await store.count()).toBe(0);
    await w.close();
  });

  it('fails a job whose article violates a constraint once, with the reason, while the rest of its batch is stored', async () => {
    const t = h();
    const store = t.defer(await openSqliteStore({ path: join(dir, 'd.db') }));
    const good = Array.from({ length: 20 }, (_, i) => makeArticle({ n: 200 + i }));
    const poison = makeArticle({ n: 199 });
    poison.dedupe.duplicateOf = poison.id;
    const q = t.queues().sink;
    await q.addBulk([...good.slice(0, 10), poison, ...good.slice(10)].map((a) => ({ name: 'article', data: a, opts: { jobId: a.pageId, attempts: 3 } })));
    const w = t.worker(createSinkWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger, store }));
    await eventually(async () => {
      const c = await q.getJobCounts('completed', 'failed');
      return c.completed === 20 && c.failed === 1;
    }, '20 jobs stored and 1 failed');
    const failed = (await q.getFailed())[0]!;
    expect(failed.id).toBe(poison.pageId);
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/^CONSTRAINT_VIOLATION: article [a-z0-9]+: .*articles_not_own_duplicate/);
    expect(await store.count()).toBe(20);
    await w.close();
  });
});
