import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPageSet } from './bench-pipeline-pages.js';

/** Pages with what JSON escapes (quotes, backslashes, control characters, U+2028, non-ASCII, astral characters). */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nf-pages-json-'));
  const para = (k: number) =>
    `<p>Paragraph ${k}: the council said "no" to the plan \\ twice, at 5\t°C in Łódź and São Paulo; a line\u2028separator, 😀 and 𝔘 in the text of a long enough paragraph for the parser to keep it.</p>`;
  writeFileSync(
    join(dir, 'one.html'),
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Quotes "and" slashes \\</title></head><body><article><h1>Quotes "and" slashes</h1>${[1, 2, 3, 4].map(para).join('\n')}</article><script>var s = "</p>\\n";</script></body></html>`,
  );
  writeFileSync(join(dir, 'two.txt'), `A text page "quoted"\n\n${'Plain text with a tab\there and a backslash \\ and Ž. '.repeat(12)}\n`);
  return dir;
}

describe('bench pipeline pages: pageJsonParts', () => {
  it('joined, gives exactly the bytes of JSON.stringify(page(...)) for HTML and text pages, every phase and copy', () => {
    const set = loadPageSet(folder(), 'r1');
    expect(set.distinct).toBe(2);
    for (const phase of ['full', 'load10']) {
      for (let i = 0; i < 6; i++) {
        const want = Buffer.from(JSON.stringify(set.page(phase, i)), 'utf8');
        const got = Buffer.concat(set.pageJsonParts(phase, i));
        expect(got.toString('utf8')).toBe(want.toString('utf8'));
        expect(Buffer.compare(got, want)).toBe(0);
      }
    }
    // Each copy is its own page: its URL and its paragraph.
    const a = JSON.parse(Buffer.concat(set.pageJsonParts('full', 0)).toString()) as { url: string; html: string };
    const b = JSON.parse(Buffer.concat(set.pageJsonParts('full', 2)).toString()) as { url: string; html: string };
    expect(a.url).not.toBe(b.url);
    expect(a.html).toContain(set.marker('full', 0));
    expect(b.html).toContain(set.marker('full', 2));
  });
});
