import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { EnrichedArticle, ParsedArticle } from '@newsflow/contracts';
import { articleIdFor, pageIdFor } from '@newsflow/core';
import { eventually, useHarness } from '@newsflow/testing';
import { createEntityWorker, manyNamesPage } from '@newsflow/entity';
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

  it('gives a page in another language no entities, and says why in its trace', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createEntityWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const body =
      'Il presidente Sergio Mattarella ha incontrato a Roma il sindaco di Napoli. Durante il Natale, ' +
      'la Banca d\'Italia ha pubblicato i dati sui prezzi, e i Pontos della regione hanno protestato.';
    const article = { ...parsedArticle(4, 'Mattarella incontra il sindaco di Napoli', body), language: 'it' };
    const english = { ...parsedArticle(5, SUMMIT_TITLE, SUMMIT_BODY), language: 'en-GB' };
    await q.entity.add('article', article, { jobId: article.pageId });
    await q.entity.add('article', english, { jobId: english.pageId });
    const out = (await eventually(() => q.dedupe.getJob(article.pageId), 'Italian article forwarded')).data as EnrichedArticle;
    expect(out.entities).toEqual([]);
    const entry = out.trace.find((e) => e.stage === 'entity')!;
    expect(entry.note).toBe('no entities: the article is in "it" and the entity model covers en only');
    // A regional English tag is English: tagged, and no note.
    const en = (await eventually(() => q.dedupe.getJob(english.pageId), 'English article forwarded')).data as EnrichedArticle;
    expect(en.entities.map((e) => e.name)).toEqual(expect.arrayContaining(['Vladimir Putin', 'Donald Trump']));
    expect(en.trace.find((e) => e.stage === 'entity')!.note).toBeUndefined();
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

  it('takes a page of 9,000 names and 20 normal pages through, none failed, stalled or run twice', async () => {
    const t = h();
    const q = t.queues();
    // A shorter lock than production's 30 s makes a blocked event loop show sooner: a page that
    // kept the loop for more than 10 s would lose its lock, be taken back as stalled and run again.
    const w = t.worker(createEntityWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger, lockDuration: 10_000, stalledInterval: 1_000 }));
    const trouble: string[] = [];
    w.worker.on('stalled', (id) => trouble.push(`stalled ${id}`));
    w.worker.on('failed', (job, err) => trouble.push(`failed ${job?.id}: ${err.message}`));
    w.worker.on('lockRenewalFailed', (ids) => trouble.push(`lock renewal failed ${ids.join(',')}`));
    const big = manyNamesPage(9000);
    const many = parsedArticle(100, big.title, big.body);
    const normal = Array.from({ length: 20 }, (_, i) => parsedArticle(200 + i, SUMMIT_TITLE, `${SUMMIT_BODY}\n\nUpdate ${i + 1}.`));
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    await q.entity.add('article', many, { jobId: many.pageId });
    for (const a of normal) await q.entity.add('article', a, { jobId: a.pageId });
    const ids = [many.pageId, ...normal.map((a) => a.pageId)];
    await eventually(async () => (await q.dedupe.count()) === ids.length, 'all 21 articles forwarded to dedupe', 180_000);
    // A job forwards before it completes: wait until none is left running or waiting to run again.
    const idle = async () => {
      const c = await q.entity.getJobCounts('active', 'wait', 'delayed');
      return c.active + c.wait + c.delayed === 0;
    };
    await eventually(idle, 'entity queue idle', 180_000);
    loop.disable();
    const forwarded = await Promise.all(ids.map(async (id) => (await q.dedupe.getJob(id))!.data as EnrichedArticle));
    for (const out of forwarded) {
      const entry = out.trace.find((e) => e.stage === 'entity')!;
      expect(entry.attempts).toBe(1);
      expect(out.entities.length).toBeGreaterThan(0);
    }
    const bigOut = forwarded[0]!;
    expect(bigOut.entities.length).toBeGreaterThan(6000);
    expect(await q.entity.getJobCounts('completed', 'failed')).toEqual({ completed: ids.length, failed: 0 });
    expect(trouble).toEqual([]);
    const normalMs = forwarded.slice(1).map((a) => a.trace.find((e) => e.stage === 'entity')!.durationMs);
    console.log(
      `entity worker: 9,000-name page (${big.body.length} chars, ${bigOut.entities.length} entities) in ${bigOut.trace.at(-1)!.durationMs} ms; ` +
        `20 normal pages ${Math.min(...normalMs)}–${Math.max(...normalMs)} ms each; longest event-loop delay ${Math.round(loop.max / 1e6)} ms`,
    );
    await w.close();
  }, 300_000);
});
