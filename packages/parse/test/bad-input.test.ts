import { describe, expect, it } from 'vitest';
import type { ParseJob } from '@newsflow/contracts';
import { AppError } from '@newsflow/core';
import { parsePage } from '../src/index.js';

// A hang guard only: these must finish far sooner (the figures are printed by `newsflow bench parse`).
const HANG_GUARD_MS = 20_000;

const PARA = `<p>${'The council met again today to discuss the budget for the coming year and the new bridge. '.repeat(3)}</p>`;

function job(page: Partial<ParseJob>): ParseJob {
  return {
    pageId: 'b'.repeat(32),
    receivedAt: '2026-01-01T00:00:00.000Z',
    fetchedAt: '2026-01-01T00:00:00.000Z',
    url: 'https://example.com/story',
    headers: {},
    metadata: {},
    trace: [],
    ...page,
  };
}

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected parsePage to throw');
}

describe('bad input: a clear unrecoverable error or a best-effort result, never a hang or a crash', () => {
  it('an empty page is EMPTY_PAGE, naming the field', () => {
    const e = failure(() => parsePage(job({ html: '  \n ' })));
    expect(e.code).toBe('EMPTY_PAGE');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/^html: /);
  });

  it('binary bytes are BINARY_CONTENT', () => {
    const bytes = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919 + 13) % 256));
    const e = failure(() => parsePage(job({ htmlBase64: bytes.toString('base64') })));
    expect(e.code).toBe('BINARY_CONTENT');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/^htmlBase64: /);
  });

  it('a page that is not base64 is BAD_ENCODING', () => {
    const e = failure(() => parsePage(job({ htmlBase64: '@@not base64@@' })));
    expect(e.code).toBe('BAD_ENCODING');
  });

  it(
    'a 20 MB page gives an article from its first megabyte',
    () => {
      const html = `<html><body><article><h1>Budget Day</h1>${PARA.repeat(Math.ceil((20 * 1024 * 1024) / PARA.length))}</article></body></html>`;
      expect(html.length).toBeGreaterThan(20 * 1024 * 1024);
      const a = parsePage(job({ html }));
      expect(a.body.startsWith('The council met again today')).toBe(true);
      expect(a.wordCount).toBeGreaterThan(10_000);
    },
    HANG_GUARD_MS,
  );

  it(
    '100,000 nested elements are flattened, and the text inside survives',
    () => {
      const html = `<html><body>${'<div>'.repeat(100_000)}${PARA}${'</div>'.repeat(100_000)}${PARA}</body></html>`;
      const a = parsePage(job({ html }));
      expect(a.body).toMatch(/^The council met again today/);
    },
    HANG_GUARD_MS,
  );

  it('a broken encoding (invalid UTF-8 in a page declared UTF-8) gives the readable text', () => {
    const bytes = Buffer.concat([
      Buffer.from('<html><head><meta charset="utf-8"><title>Budget Day</title></head><body><article>'),
      Buffer.from(PARA.repeat(3)),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x82]),
      Buffer.from(`${PARA}</article></body></html>`),
    ]);
    const a = parsePage(job({ htmlBase64: bytes.toString('base64') }));
    expect(a.title).toBe('Budget Day');
    expect(a.paragraphs.length).toBeGreaterThanOrEqual(3);
    expect(a.body).toContain('the new bridge');
  });

  it('markup with no article text is EMPTY_ARTICLE', () => {
    const e = failure(() => parsePage(job({ html: '<html><body><nav><a href="/">Home</a></nav><footer>© 2026</footer></body></html>' })));
    expect(e.code).toBe('EMPTY_ARTICLE');
  });
});
