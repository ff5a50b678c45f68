import { describe, expect, it } from 'vitest';
import type { ParseJob } from '@newsflow/contracts';
import { dropPageBody, jobLockOf, pageBodyKey, pageIdFor, storePageBodies } from '@newsflow/core';
import { eventually, useHarness } from '@newsflow/testing';
import { createParseWorker } from '../src/index.js';

const h = useHarness();

const PAGE = `<!doctype html><html lang="en"><head><title>Bridge Reopens After Repairs | Valley Post</title>
<meta property="og:site_name" content="Valley Post"><link rel="canonical" href="/news/bridge-reopens">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Bridge Reopens After Repairs","author":{"@type":"Person","name":"Lena Park"},"datePublished":"2025-05-02T08:30:00Z"}</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Bridge Reopens After Repairs</h1>
<p>The river bridge on the main road reopened on Friday morning after eight months of repairs to its steel supports and deck.</p>
<p>Engineers said the bridge can again carry lorries of up to forty tonnes, which had been diverted through the town centre since the autumn.</p>
<p>The county spent four million on the work, slightly less than budgeted, and said the old toll booths would not return.</p>
</article><footer>© 2025 Valley Post. All rights reserved.</footer></body></html>`;

function job(over: Partial<ParseJob> = {}): ParseJob {
  const url = 'https://valley.example/news/bridge-reopens?utm_source=feed';
  return {
    pageId: pageIdFor(url, PAGE),
    receivedAt: '2025-05-02T09:00:00.000Z',
    url,
    fetchedAt: '2025-05-02T08:59:00.000Z',
    html: PAGE,
    headers: {},
    metadata: { feed: 'valley' },
    trace: [{ stage: 'ingest', version: '1', workerId: 'w', attempts: 1, startedAt: '2025-05-02T09:00:00.000Z', finishedAt: '2025-05-02T09:00:00.001Z', durationMs: 1 }],
    ...over,
  };
}

async function failedJob(q: ReturnType<ReturnType<typeof h>['queues']>['parse'], id: string) {
  return eventually(async () => ((await q.getJobState(id)) === 'failed' ? q.getJob(id) : null), `job ${id} failed`);
}

describe('parse worker on real Redis', () => {
  it('forwards a parsed article to entity with title, author, date and canonical URL', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createParseWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const j = job();
    await q.parse.add('page', j, { jobId: j.pageId });
    const fwd = await eventually(() => q.entity.getJob(j.pageId), 'article forwarded to entity');
    expect(fwd.data.title).toBe('Bridge Reopens After Repairs');
    expect(fwd.data.authors).toEqual(['Lena Park']);
    expect(fwd.data.publishedAt).toBe('2025-05-02T08:30:00.000Z');
    expect(fwd.data.canonicalUrl).toBe('https://valley.example/news/bridge-reopens');
    expect(fwd.data.siteName).toBe('Valley Post');
    expect(fwd.data.metadata).toEqual({ feed: 'valley' });
    expect(fwd.data.body).toMatch(/^The river bridge on the main road reopened/);
    expect(fwd.data.body).not.toMatch(/All rights reserved|Home/);
    expect(fwd.data.trace.map((e: { stage: string }) => e.stage)).toEqual(['ingest', 'parse']);
    await w.close();
  });

  it('fails a payload without a valid url once, unrecoverably, naming the field', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createParseWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    await q.parse.add('page', { ...job(), url: 'nope' }, { jobId: 'bad-url', attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    const f = await failedJob(q.parse, 'bad-url');
    expect(f!.attemptsMade).toBe(1);
    expect(f!.failedReason).toMatch(/VALIDATION_FAILED/);
    expect(f!.failedReason).toMatch(/url/);
    await w.close();
  });

  it('fails a page with no article text once with EMPTY_ARTICLE', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createParseWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const j = job({ html: '<html><body><nav><a href="/">Home</a></nav><script>var x=1</script></body></html>' });
    await q.parse.add('page', j, { jobId: 'empty', attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    const f = await failedJob(q.parse, 'empty');
    expect(f!.attemptsMade).toBe(1);
    expect(f!.failedReason).toMatch(/^EMPTY_ARTICLE: html: no article text/);
    await w.close();
  });

  describe('a body kept in Redis (bodyRef)', () => {
    async function withRef(t: ReturnType<typeof h>, id: string) {
      const { html, ...rest } = job();
      const [bodyRef] = await storePageBodies(t.connection(), t.prefix, [{ pageId: id, field: 'html', body: html! }]);
      return { ...rest, pageId: id, bodyRef: bodyRef! };
    }

    it('loads the body, forwards the article and deletes the body', async () => {
      const t = h();
      const q = t.queues();
      const id = 'b'.repeat(32);
      const j = await withRef(t, id);
      const w = t.worker(createParseWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
      await q.parse.add('page', j, { jobId: id });
      const fwd = await eventually(() => q.entity.getJob(id), 'article forwarded to entity');
      expect(fwd.data.title).toBe('Bridge Reopens After Repairs');
      expect(fwd.data.body).toMatch(/^The river bridge on the main road reopened/);
      expect(JSON.stringify(fwd.data)).not.toContain('bodyRef');
      await eventually(async () => (await q.parse.getJobState(id)) === 'completed', 'parse job completed');
      expect(await t.connection().exists(pageBodyKey(t.prefix, id))).toBe(0);
      await w.close();
    });

    it('deletes a body only for a delivery that still holds its job lock', async () => {
      const t = h();
      const redis = t.connection();
      const lockKey = `${t.prefix}:parse:${'e'.repeat(32)}:lock`;
      expect(jobLockOf({ queueQualifiedName: `${t.prefix}:parse`, id: 'e'.repeat(32), token: 'tok-1' })).toEqual({ key: lockKey, token: 'tok-1' });
      expect(jobLockOf({ queueQualifiedName: `${t.prefix}:parse`, id: 'e'.repeat(32) })).toBeNull();
      const { bodyRef } = await withRef(t, 'e'.repeat(32));
      // No lock (the job was rolled back to before it existed) or another worker's: the body stays.
      expect(await dropPageBody(redis, bodyRef, { key: lockKey, token: 'tok-1' })).toBe(false);
      await redis.set(lockKey, 'tok-2');
      expect(await dropPageBody(redis, bodyRef, { key: lockKey, token: 'tok-1' })).toBe(false);
      expect(await redis.exists(bodyRef.key)).toBe(1);
      // The holder's own token: deleted.
      expect(await dropPageBody(redis, bodyRef, { key: lockKey, token: 'tok-2' })).toBe(true);
      expect(await redis.exists(bodyRef.key)).toBe(0);
    });

    it('completes a redelivery whose body is gone when its article was already forwarded', async () => {
      const t = h();
      const q = t.queues();
      const id = 'c'.repeat(32);
      const j = await withRef(t, id);
      // What an earlier delivery left behind: the article in entity, the body deleted, no completion.
      await q.entity.add('article', { marker: 'earlier delivery' }, { jobId: id });
      await t.connection().del(j.bodyRef.key);
      const w = t.worker(createParseWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
      const added = await q.parse.add('page', j, { jobId: id });
      await eventually(async () => (await q.parse.getJobState(id)) === 'completed', 'parse job completed');
      expect((await q.parse.getJob(added.id!))!.returnvalue).toEqual({ forwardedTo: 'entity', alreadyForwarded: true });
      expect((await q.entity.getJob(id))!.data).toEqual({ marker: 'earlier delivery' });
      await w.close();
    });

    it('fails once, naming bodyRef and the key, when the body is gone and nothing was forwarded', async () => {
      const t = h();
      const q = t.queues();
      const id = 'd'.repeat(32);
      const j = await withRef(t, id);
      await t.connection().del(j.bodyRef.key);
      const w = t.worker(createParseWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
      await q.parse.add('page', j, { jobId: id, attempts: 5, backoff: { type: 'fixed', delay: 10 } });
      const f = await failedJob(q.parse, id);
      expect(f!.attemptsMade).toBe(1);
      expect(f!.failedReason).toBe(`PAGE_BODY_MISSING: bodyRef: the page body (${j.bodyRef.key}) is no longer in Redis: bodies expire 8 days after submission; submit the page again`);
      expect(await q.entity.getJob(id)).toBeUndefined();
      await w.close();
    });
  });
});
