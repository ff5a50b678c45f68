import { describe, expect, it } from 'vitest';
import type { Article } from '@newsflow/contracts';
import { cleanArticle } from './row.js';

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
