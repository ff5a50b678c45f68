import { describe, expect, it } from 'vitest';
import type { EnrichedArticle, ParsedArticle } from '@newsflow/contracts';
import { articleIdFor, pageIdFor } from '@newsflow/core';
import { eventually, useHarness } from '@newsflow/testing';
import { createEntityWorker } from '@newsflow/entity';
import { SUMMIT_BODY, SUMMIT_TITLE } from './fixtures/summit-article.js';

const h = useHarness();

function parsedArticle(n: number, title: string, body: string): ParsedArticle {
  const url = `https://news.example.com/2026/11/${n}/summit`;
  return {
    id: articleIdFor(url),
    pageId: pageIdFor(url, body),
    url,
    canonicalUrl: url,
    fetchedAt: '2026-11-28T09:59:00.000Z',
    receivedAt: '2026-11-28T10:00:00.000Z',
    title,
    authors: ['Staff'],
    language: 'en',
    tags: [],
    images: [],
    body,
    paragraphs: body.split('\n\n').map((text) => ({ kind: 'p' as const, text })),
    corrections: [],
    wordCount: body.split(/\s+/).length,
    metadata: {},
    trace: [
      { stage: 'parse', version: '0.1.0', workerId: 'w', attempts: 1, startedAt: '2026-11-28T10:00:00.000Z', finishedAt: '2026-11-28T10:00:00.001Z', durationMs: 1 },
    ],
  };
}

describe('entity worker', () => {
  it('forwards the article to dedupe with its people, places and organisations', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createEntityWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const article = parsedArticle(1, SUMMIT_TITLE, SUMMIT_BODY);
    await q.entity.add('article', article, { jobId: article.pageId });
    const fwd = await eventually(() => q.dedupe.getJob(article.pageId), 'article forwarded to dedupe');
    const out = fwd.data as EnrichedArticle;
    expect(out.body).toBe(SUMMIT_BODY);
    expect(out.trace.map((e) => e.stage)).toEqual(['parse', 'entity']);
    const names = (type: string) => out.entities.filter((e) => e.type === type).map((e) => e.name);
    expect(names('PER')).toEqual(expect.arrayContaining(['Vladimir Putin', 'Donald Trump', 'Sergei Lavrov', 'Dmitry Peskov', 'Rex Tillerson']));
    expect(names('LOC')).toEqual(expect.arrayContaining(['Vietnam', 'Da Nang', 'Hamburg', 'Syria']));
    const putin = out.entities.find((e) => e.name === 'Vladimir Putin')!;
    // Offsets point at the text they claim, in the field they claim.
    for (const m of putin.mentions) expect((m.field === 'title' ? (out.headline ?? out.title) : out.body).slice(m.start, m.end)).toBe(m.text);
    expect(putin.mentions.some((m) => m.field === 'title')).toBe(true);
    await w.close();
  });

  it('tags the headline, not a site name the published title carries', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createEntityWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const headline = 'Putin and Trump meet briefly in Vietnam';
    const article = { ...parsedArticle(3, `${headline} | Kremlin Gazette Online`, SUMMIT_BODY), headline };
    await q.entity.add('article', article, { jobId: article.pageId });
    const out = (await eventually(() => q.dedupe.getJob(article.pageId), 'article forwarded to dedupe')).data as EnrichedArticle;
    expect(out.title).toBe(`${headline} | Kremlin Gazette Online`);
    expect(out.entities.map((e) => e.name).join(' ')).not.toMatch(/Gazette/);
    const inTitle = out.entities.flatMap((e) => e.mentions.filter((m) => m.field === 'title'));
    expect(inTitle.length).toBeGreaterThan(0);
    for (const m of inTitle) expect(headline.slice(m.start, m.end)).toBe(m.text);
    await w.close();
  });

  it('fails a payload without a body once, unrecoverably, naming the field', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createEntityWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const { body: _body, ...bad } = parsedArticle(2, 'No body', 'x');
    await q.entity.add('article', bad, { jobId: 'bad-entity', attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    const failed = await eventually(async () => ((await q.entity.getJobState('bad-entity')) === 'failed' ? q.entity.getJob('bad-entity') : null), 'job failed');
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toMatch(/VALIDATION_FAILED/);
    expect(failed!.failedReason).toMatch(/body: /);
    expect(await q.dedupe.count()).toBe(0);
    await w.close();
  });
});
