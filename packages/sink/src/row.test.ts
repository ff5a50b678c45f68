import { describe, expect, it } from 'vitest';
import type { Article } from '@newsflow/contracts';
import { benchArticle } from './bench.js';
import { articleRow, cleanArticleWithJson, cleanArticle } from './row.js';

const base = { id: 'abcdefgh', title: 'ok', authors: [], metadata: {} } as unknown as Article;

describe('cleanArticle', () => {
  it('replaces lone surrogates with U+FFFD and drops NUL in every string, keys included, keeping pairs', () => {
    const a = { ...base, title: 'A\uD800B\u0000', authors: ['\uDC00x'], metadata: { 'k\uD83D': ['v\uDE00', { deep: 'end\uD800' }], emoji: '😀' } } as unknown as Article;
    const c = cleanArticle(a) as unknown as Record<string, unknown>;
    expect(c.title).toBe('A\uFFFDB');
    expect(c.authors).toEqual(['\uFFFDx']);
    expect(c.metadata).toEqual({ 'k\uFFFD': ['v\uFFFD', { deep: 'end\uFFFD' }], emoji: '😀' });
    expect(JSON.stringify(c)).not.toMatch(/\\ud[89a-f]/i);
  });

  it('returns the article itself when every string is already valid', () => {
    const a = { ...base, title: 'Émoji 😀 and a backslash \\ud800 written out' } as unknown as Article;
    expect(cleanArticle(a).title).toBe(a.title);
    expect(cleanArticle({ ...base })).toEqual(base);
  });
});

describe('articleRow', () => {
  it('takes the JSON it is given as the document only when the version is the article\'s own', () => {
    const { article, json } = cleanArticleWithJson({ ...benchArticle(7), title: 'NUL\u0000 and a lone \uD800' });
    expect(json).toBe(JSON.stringify(article));
    const now = '2026-12-02T00:00:00.000Z';
    // The same document as serialising it again, byte for byte.
    expect(articleRow(article, 1, 'h', now, json).doc).toBe(articleRow(article, 1, 'h', now).doc);
    const v2 = articleRow(article, 2, 'h', now, json).doc;
    expect(v2).not.toBe(json);
    expect(JSON.parse(v2).dedupe.version).toBe(2);
  });
});
