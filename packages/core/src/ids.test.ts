import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { articleIdFor, normalizeUrl, pageIdFor } from './ids.js';
import { coerceError, AppError, TransientError } from './errors.js';

describe('ids', () => {
  it('normalizes URLs so tracking parameters, fragments, www and trailing slashes do not split an article', () => {
    expect(normalizeUrl('http://WWW.Example.com/news/a/?utm_source=x&b=2&a=1#top')).toBe('https://example.com/news/a?a=1&b=2');
    expect(articleIdFor('https://example.com/news/a')).toBe(articleIdFor('http://www.example.com/news/a/?fbclid=1'));
    expect(articleIdFor('https://example.com/news/a')).not.toBe(articleIdFor('https://example.com/news/b'));
  });

  it('gives the same page id for the same url and content only', () => {
    expect(pageIdFor('https://a.test/x', 'body')).toBe(pageIdFor('https://a.test/x', 'body'));
    expect(pageIdFor('https://a.test/x', 'body')).not.toBe(pageIdFor('https://a.test/x', 'body 2'));
    expect(pageIdFor('https://a.test/x', 'body')).toMatch(/^[a-f0-9]{32}$/);
    // Ids already in queues and ledgers stay valid: SHA-256 of "url\ncontent" in UTF-8, whether the
    // content comes as a string or as its UTF-8 bytes (a lone surrogate encodes as U+FFFD either way).
    for (const body of ['body', 'Zürich — 東京 😀', 'lone \ud800 surrogate', '']) {
      const expected = createHash('sha256').update(`https://a.test/ü\n${body}`).digest('hex').slice(0, 32);
      expect(pageIdFor('https://a.test/ü', body), body).toBe(expected);
      expect(pageIdFor('https://a.test/ü', Buffer.from(body, 'utf8')), body).toBe(expected);
    }
  });
});

describe('coerceError', () => {
  it('classifies network and database errors as retryable and keeps AppErrors as they are', () => {
    const net = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(coerceError(net)).toBeInstanceOf(TransientError);
    expect(coerceError(net).retryable).toBe(true);
    const fatal = new AppError('EMPTY_ARTICLE', 'no text', { retryable: false });
    expect(coerceError(fatal)).toBe(fatal);
    expect(coerceError('boom').message).toBe('boom');
  });
});
