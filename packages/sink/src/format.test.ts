import { describe, expect, it } from 'vitest';
import type { Article } from '@newsflow/contracts';
import { CSV_COLUMNS, csvField, csvHeader, csvRow, formatSummaryLine, jsonlRow } from './format.js';
import type { StoredArticle } from './types.js';

const stored = (over: Partial<Article> = {}): StoredArticle =>
  ({
    id: 'abcdef0123456789abcdef01', url: 'https://x.example/a', canonicalUrl: 'https://x.example/a', title: 'Talks, "finally"', authors: ['A. Writer', 'B. Writer'],
    publishedAt: '2026-11-28T10:00:00.000Z', language: 'en', siteName: 'X', body: 'Line one.\nLine two, with a comma.', paragraphs: [], corrections: [],
    wordCount: 7, entities: [{ name: 'Sergei Lavrov' }, { name: 'Lima' }], trace: [], fetchedAt: '2026-11-28T10:00:00.000Z', receivedAt: '2026-11-28T10:00:00.000Z',
    pageId: 'p', tags: [], images: [], metadata: {},
    dedupe: { contentHash: 'a'.repeat(64), duplicateOf: null, duplicateKind: null, similarity: null, version: 2, unchanged: false, clusterId: 'c1' },
    stored: { version: 2, createdAt: '2026-11-28T10:00:01.000Z', updatedAt: '2026-11-28T11:00:00.000Z' },
    ...over,
  }) as StoredArticle;

describe('export formats', () => {
  it('writes RFC 4180 CSV: quoted fields for commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvHeader().split(',')).toEqual([...CSV_COLUMNS]);
    const row = csvRow(stored());
    expect(row.startsWith('abcdef0123456789abcdef01,https://x.example/a,"Talks, ""finally""",A. Writer; B. Writer,')).toBe(true);
    expect(row).toContain(',2,c1,,7,Sergei Lavrov; Lima,"Line one.\nLine two, with a comma."');
  });

  it('writes one parseable JSON object per article, store metadata included', () => {
    const line = jsonlRow(stored());
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ id: 'abcdef0123456789abcdef01', stored: { version: 2 } });
  });

  it('lists an article on one line with its version and duplicate mark', () => {
    const line = formatSummaryLine({
      id: 'abc', title: 'T', canonicalUrl: 'u', siteName: 'X', language: 'en', publishedAt: '2026-11-28T10:00:00.000Z', sortAt: '2026-11-28T10:00:00.000Z',
      version: 3, clusterId: 'c', duplicateOf: 'orig', wordCount: 1, createdAt: '', updatedAt: '',
    });
    expect(line).toMatch(/^abc  2026-11-28 10:00  X\s+T  \(v3, dup of orig\)$/);
  });
});
