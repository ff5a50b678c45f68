import type { ParseJob } from '@newsflow/contracts';
import { AppError, coerceError } from '@newsflow/core';
import { parsePage } from './parse.js';

/**
 * Pages built to break a parser: empty, binary, huge, deeply nested, wrongly encoded, and markup
 * whose unclosed tags make regex-based clean-up rescan the page from every `<` (quadratic time).
 * `newsflow bench hostile` times each one; the parse tests check each outcome.
 */
export interface HostileCase {
  name: string;
  /** What must come back: an unrecoverable error with this code, or an article (best effort). */
  expect: { error: string } | { article: true };
  job(): ParseJob;
}

/** The time each case must stay under (the parse issue's bar). */
export const HOSTILE_LIMIT_MS = 2_000;

const PARA = `<p>${'The council met again today to discuss the budget for the coming year and the new bridge. '.repeat(3)}</p>`;
const ARTICLE = `<html><head><meta charset="utf-8"><title>Budget Day</title></head><body><article><h1>Budget Day</h1>${PARA.repeat(3)}</article>`;

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

/** The article, then `unit` 100,000 times and nothing after: every one left open. */
const unclosed = (unit: string): ParseJob => job({ html: ARTICLE + unit.repeat(100_000) });

export const HOSTILE_CASES: HostileCase[] = [
  { name: 'empty page', expect: { error: 'EMPTY_PAGE' }, job: () => job({ html: '  \n ' }) },
  {
    name: 'binary bytes (50 KB)',
    expect: { error: 'BINARY_CONTENT' },
    job: () => job({ htmlBase64: Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919 + 13) % 256)).toString('base64') }),
  },
  { name: 'htmlBase64 that is not base64', expect: { error: 'BAD_ENCODING' }, job: () => job({ htmlBase64: '@@not base64@@' }) },
  {
    name: '20 MB page',
    expect: { article: true },
    job: () => job({ html: `<html><body><article><h1>Budget Day</h1>${PARA.repeat(Math.ceil((20 * 1024 * 1024) / PARA.length))}</article></body></html>` }),
  },
  {
    name: '100,000 nested elements',
    expect: { article: true },
    job: () => job({ html: `<html><body>${'<div>'.repeat(100_000)}${PARA}${'</div>'.repeat(100_000)}${PARA}</body></html>` }),
  },
  {
    name: 'broken encoding (invalid UTF-8 declared UTF-8)',
    expect: { article: true },
    job: () =>
      job({
        htmlBase64: Buffer.concat([Buffer.from(ARTICLE), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x82]), Buffer.from(`${PARA}</body></html>`)]).toString('base64'),
      }),
  },
  { name: '100,000 unclosed <script type=ld+json>', expect: { article: true }, job: () => unclosed('<script type="application/ld+json">{"a":') },
  { name: '100,000 unclosed <style>', expect: { article: true }, job: () => unclosed('<style>p{color:red}') },
  { name: '100,000 unclosed comments', expect: { article: true }, job: () => unclosed('<!-- note ') },
  { name: '100,000 unclosed <noscript>', expect: { article: true }, job: () => unclosed('<noscript><p>Please turn on JavaScript.') },
  { name: '100,000 tags without ">"', expect: { article: true }, job: () => unclosed('<div class="a" ') },
  { name: '100,000 <meta without ">" past the size cap', expect: { article: true }, job: () => job({ html: ARTICLE + PARA.repeat(5_000) + '<meta name="x" '.repeat(100_000) }) },
  {
    name: '2 MB JSON-LD block in the head',
    expect: { article: true },
    job: () =>
      job({
        html: ARTICLE.replace('</head>', `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Budget Day', articleBody: 'word '.repeat(400_000) })}</script></head>`),
      }),
  },
  { name: '50,000 <meta> in the head', expect: { article: true }, job: () => job({ html: ARTICLE.replace('</head>', `${'<meta name="k" content="v">'.repeat(50_000)}</head>`) }) },
  {
    name: '20,000 embedded tweets',
    expect: { article: true },
    job: () => job({ html: ARTICLE + '<div class="social"><blockquote class="twitter-tweet"><p>Budget news.</p></blockquote></div>'.repeat(20_000) }),
  },
  { name: '100,000 list items of links', expect: { article: true }, job: () => job({ html: `${ARTICLE}<ul>${'<li><a href="/x">link</a></li>'.repeat(100_000)}</ul>` }) },
  { name: 'a million stray "<"', expect: { article: true }, job: () => job({ html: `${ARTICLE}<p>${'<'.repeat(1_000_000)}</p>` }) },
  { name: '50,000 JSON-LD blocks', expect: { article: true }, job: () => job({ html: ARTICLE.replace('</head>', `${'<script type="application/ld+json">{"@type":"NewsArticle","headline":"x"}</script>'.repeat(50_000)}</head>`) }) },
  { name: 'text page: 5 MB on one line', expect: { article: true }, job: () => job({ text: 'The council met again today to discuss the budget. '.repeat(100_000) }) },
  {
    name: 'markup with no article text',
    expect: { error: 'EMPTY_ARTICLE' },
    job: () => job({ html: '<html><body><nav><a href="/">Home</a></nav><footer>© 2026</footer></body></html>' }),
  },
];

export interface HostileResult {
  name: string;
  ms: number;
  /** "article (N words)" or the error code. */
  outcome: string;
  /** The outcome is the expected one. */
  ok: boolean;
  error?: AppError;
  words?: number;
}

/** Parse one hostile page and time it (the job is built before the clock starts). */
export function runHostileCase(c: HostileCase): HostileResult {
  const j = c.job();
  const start = performance.now();
  try {
    const a = parsePage(j);
    const ms = performance.now() - start;
    return { name: c.name, ms, outcome: `article (${a.wordCount} words)`, ok: 'article' in c.expect, words: a.wordCount };
  } catch (e) {
    const ms = performance.now() - start;
    const err = coerceError(e);
    return { name: c.name, ms, outcome: err.code, ok: 'error' in c.expect && c.expect.error === err.code, error: err };
  }
}
