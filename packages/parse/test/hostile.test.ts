import { describe, expect, it } from 'vitest';
import { HOSTILE_CASES, runHostileCase } from '../src/hostile.js';
import { parsePage } from '../src/index.js';

// A hang guard only: every case finishes far sooner; `newsflow bench hostile` prints the times.
const HANG_GUARD_MS = 20_000;

describe('hostile pages: the expected error or an article, never a hang or a crash', () => {
  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))(
    '%s',
    (_name, c) => {
      const r = runHostileCase(c);
      if ('error' in c.expect) {
        expect(r.error?.code).toBe(c.expect.error);
        expect(r.error?.retryable).toBe(false);
        // The message names the field the problem is in.
        expect(r.error?.message).toMatch(/^(?:html|htmlBase64|text): /);
      } else {
        expect(r.error).toBeUndefined();
        expect(r.words).toBeGreaterThan(40);
      }
      expect(r.ok).toBe(true);
    },
    HANG_GUARD_MS,
  );
});

describe('what the best-effort results hold', () => {
  const parsed = (name: string) => {
    const c = HOSTILE_CASES.find((x) => x.name === name);
    if (!c) throw new Error(`no hostile case "${name}"`);
    return parsePage(c.job());
  };

  it(
    'a 20 MB page gives the article from its first megabyte',
    () => {
      const a = parsed('20 MB page');
      expect(a.body.startsWith('The council met again today')).toBe(true);
      expect(a.wordCount).toBeGreaterThan(10_000);
    },
    HANG_GUARD_MS,
  );

  it(
    '100,000 nested elements are flattened, and the text inside survives',
    () => {
      expect(parsed('100,000 nested elements').body).toMatch(/^The council met again today/);
    },
    HANG_GUARD_MS,
  );

  it('a broken encoding keeps the readable text and the title', () => {
    const a = parsed('broken encoding (invalid UTF-8 declared UTF-8)');
    expect(a.title).toBe('Budget Day');
    expect(a.paragraphs.length).toBeGreaterThanOrEqual(3);
    expect(a.body).toContain('the new bridge');
  });

  it(
    'unclosed scripts, styles and comments after the article leave the article whole and add nothing',
    () => {
      for (const name of ['100,000 unclosed <script type=ld+json>', '100,000 unclosed <style>', '100,000 unclosed comments']) {
        const a = parsed(name);
        expect(a.paragraphs).toHaveLength(3);
        expect(a.body).not.toMatch(/color:red|note|"a":/);
      }
    },
    HANG_GUARD_MS,
  );
});
