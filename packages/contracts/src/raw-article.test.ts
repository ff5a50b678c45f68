import { describe, expect, it } from 'vitest';
import { formatIssues } from './issues.js';
import { IngestJob, RawArticle } from './raw-article.js';
import { QUEUES } from './catalog.js';

const ok = { url: 'https://news.example.com/a', html: '<p>hi</p>' };

describe('RawArticle', () => {
  it('accepts a page with url and one body', () => {
    expect(RawArticle.parse(ok)).toEqual(ok);
    expect(RawArticle.parse({ url: 'http://x.test/p', text: 'Some text' }).text).toBe('Some text');
  });

  it.each([
    [{ html: '<p>x</p>' }, /^url: /],
    [{ url: 'ftp://x.test/a', html: 'x' }, /^url: must be an absolute http\(s\) URL/],
    [{ url: 'https://x.test/a' }, /^html: one of html, htmlBase64 or text is required/],
    [{ url: 'https://x.test/a', html: 'x', text: 'y' }, /give only one of html, htmlBase64 or text/],
    [{ url: 'https://x.test/a', text: '   ' }, /^text: must not be empty/],
    [{ url: 'https://x.test/a', text: 'x', language: 'english!' }, /^language: must be a BCP 47 language tag/],
    [{ url: 'https://x.test/a', text: 'x', fetchedAt: 'yesterday' }, /^fetchedAt: /],
    [{ url: 'https://x.test/a', text: 'x', extra: 1 }, /extra/],
    [{ url: 'https://x.test/a', htmlBase64: 'not base64!' }, /^htmlBase64: must be base64/],
  ])('rejects %j naming the field', (input, message) => {
    const r = RawArticle.safeParse(input);
    expect(r.success).toBe(false);
    expect(formatIssues(r.error!)).toMatch(message);
  });
});

describe('IngestJob', () => {
  const base = { pageId: 'a'.repeat(32), receivedAt: '2026-12-02T10:00:00.000Z', trace: [] };
  const ref = { key: '{newsflow}:body:' + 'a'.repeat(32), field: 'html', length: 9 };

  it('carries the body inline (older producers, other languages) or by bodyRef', () => {
    expect(IngestJob.safeParse({ ...base, page: ok }).success).toBe(true);
    expect(IngestJob.parse({ ...base, page: { url: ok.url }, bodyRef: ref }).bodyRef).toEqual(ref);
  });

  it.each([
    [{ page: { url: ok.url } }, /^page\.html: one of html, htmlBase64 or text is required/],
    [{ page: ok, bodyRef: ref }, /^page\.text: a page with bodyRef carries no html, htmlBase64 or text/],
    [{ page: { url: ok.url }, bodyRef: { ...ref, field: 'pdf' } }, /^bodyRef\.field: /],
    [{ page: { url: ok.url, html: ' ' } }, /^page\.html: must not be empty/],
  ])('rejects %j naming the field', (over, message) => {
    const r = IngestJob.safeParse({ ...base, ...over });
    expect(r.success).toBe(false);
    expect(formatIssues(r.error!)).toMatch(message);
  });
});

describe('queue catalog', () => {
  it('chains the five stages ingest → parse → entity → dedupe → sink', () => {
    const order: string[] = [];
    let q: keyof typeof QUEUES | null = 'ingest';
    while (q) {
      order.push(q);
      q = QUEUES[q].next;
    }
    expect(order).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
  });

  it('keeps failed jobs and retries with jittered exponential backoff', () => {
    for (const spec of Object.values(QUEUES)) {
      expect(spec.defaultJobOptions.attempts).toBeGreaterThan(1);
      expect(spec.defaultJobOptions.backoff).toMatchObject({ type: 'exponential' });
      expect(spec.defaultJobOptions.backoff.jitter).toBeGreaterThan(0);
      expect(spec.defaultJobOptions.removeOnFail.age).toBeGreaterThanOrEqual(24 * 3600);
    }
  });
});
