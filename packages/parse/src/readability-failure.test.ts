import { Readability } from '@mozilla/readability';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parsePage } from './parse.js';

const paras = Array.from({ length: 8 }, (_, i) => `<p>Paragraph ${i + 1} of the council report: the harbour budget for the coming year rises by ${i + 2} per cent, the mayor said on Tuesday, after residents asked for more ferries.</p>`).join('\n');
const job = (html: string) => ({ pageId: 'p1', receivedAt: '2026-12-04T00:00:00.000Z', fetchedAt: '2026-12-04T00:00:00.000Z', url: 'https://news.example.com/harbour', html, headers: {}, metadata: {}, trace: [] });

afterEach(() => vi.restoreAllMocks());

describe('a page Readability throws on', () => {
  it('is still extracted, and the failure is reported through onWarning with the URL and the error', () => {
    vi.spyOn(Readability.prototype, 'parse').mockImplementation(() => {
      throw new Error('boom in Readability');
    });
    const warnings: Array<{ message: string; details: Record<string, unknown> }> = [];
    const a = parsePage(job(`<html><head><title>Harbour budget</title></head><body><article><h1>Harbour budget</h1>${paras}</article></body></html>`), {
      onWarning: (message, details) => warnings.push({ message, details }),
    });
    expect(a.body).toContain('Paragraph 8 of the council report');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toEqual({ message: 'Readability failed on the page; extracting without it', details: { url: 'https://news.example.com/harbour', err: 'boom in Readability' } });
  });

  it('reports nothing when Readability works', () => {
    const warnings: string[] = [];
    parsePage(job(`<html><body><article><h1>Harbour budget</h1>${paras}</article></body></html>`), { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
  });
});
