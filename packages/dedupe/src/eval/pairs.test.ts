import { describe, expect, it } from 'vitest';
import { contentHashOf, words } from '../normalize.js';
import { csvRecords } from './csv.js';
import { parsePairs } from './evaluate.js';
import { makePairs } from './make-pairs.js';

const body = (n: number) =>
  Array.from({ length: 4 }, (_, p) => Array.from({ length: 30 }, (_, i) => `word${n}x${p}x${i}`).join(' ') + '.').join('\n\n');

describe('pair files', () => {
  it('parses quoted CSV fields with commas, newlines and doubled quotes', () => {
    const rows = csvRecords('lang1,lang2,text1,text2\nen,en,"a, ""b""\nc",d\r\nde,en,x,y\n');
    expect(rows).toEqual([
      { lang1: 'en', lang2: 'en', text1: 'a, "b"\nc', text2: 'd' },
      { lang1: 'de', lang2: 'en', text1: 'x', text2: 'y' },
    ]);
  });

  it('makes one positive per transformation, negatives per article and site, and keeps the same seed reproducible', () => {
    const corpus = {
      articles: [1, 2, 3].map((n) => ({ url: `https://news${n % 2}.example/${n}`, title: `T${n}`, text: body(n) })),
      storyPairs: [{ a: { url: 'https://s.invalid/1', title: '', text: 'x' }, b: { url: 'https://s.invalid/2', title: '', text: 'y' }, overall: 1 }],
    };
    const pairs = makePairs(corpus, { seed: 5, templates: 0, followUps: false });
    const kinds = (label: string) => pairs.filter((p) => p.label === label).map((p) => p.kind).sort();
    expect(kinds('duplicate')).toEqual(['boilerplate', 'correction', 'dateline', 'truncation', 'typography', 'word-edits'].flatMap((k) => [k, k, k]).sort());
    expect(kinds('distinct')).toEqual(['different-article', 'different-article', 'different-article', 'same-site', 'semeval-en']);
    for (const p of pairs.filter((x) => x.label === 'duplicate')) expect(new URL(p.b.url).host).not.toBe(new URL(p.a.url).host);
    const typo = pairs.find((p) => p.kind === 'typography')!;
    expect(typo.b.text).not.toBe(typo.a.text);
    expect(contentHashOf(typo.b.text)).toBe(contentHashOf(typo.a.text));
    const cut = pairs.find((p) => p.kind === 'truncation')!;
    expect(words(cut.b.text).length).toBeLessThan(words(cut.a.text).length * 0.85);
    expect(makePairs(corpus, { seed: 5, templates: 0, followUps: false })).toEqual(pairs);
  });

  it('adds template briefs per frame family, syndicated copies of them, and follow-ups of the articles', () => {
    const corpus = { articles: [1, 2].map((n) => ({ url: `https://news.example/${n}`, title: `T${n}`, text: body(n) })), storyPairs: [] };
    const pairs = makePairs(corpus, { seed: 3, templates: 4 });
    const count = (kind: string) => pairs.filter((p) => p.kind === kind).length;
    for (const family of ['earnings', 'market', 'sports', 'weather', 'court']) {
      const briefs = pairs.filter((p) => p.kind === `template-${family}`);
      expect(briefs, family).toHaveLength(4);
      for (const p of briefs) {
        expect(p.label).toBe('distinct');
        expect(p.a.text).not.toBe(p.b.text);
        // One frame: the two briefs share most of their words, and differ in figures.
        const wa = new Set(words(p.a.text));
        const shared = words(p.b.text).filter((w) => wa.has(w)).length / words(p.b.text).length;
        expect(shared, `${family}: ${p.a.text} / ${p.b.text}`).toBeGreaterThan(0.5);
        expect(p.a.text.match(/\d+/g)).not.toEqual(p.b.text.match(/\d+/g));
      }
    }
    expect(count('template-copy')).toBe(10);
    expect(pairs.filter((p) => p.kind === 'template-copy').every((p) => p.label === 'duplicate')).toBe(true);
    const follow = pairs.filter((p) => p.kind === 'follow-up');
    const update = pairs.filter((p) => p.kind === 'follow-up-update');
    expect(follow).toHaveLength(2);
    expect(update).toHaveLength(2);
    for (const p of [...follow, ...update]) expect(p.label).toBe('related');
    // A new lead over the background: the earlier lead is gone; an update keeps it below the new lead.
    const lead = (t: string) => t.split('\n\n')[0]!;
    for (const p of follow) {
      expect(p.b.text).not.toContain(lead(p.a.text));
      expect(p.b.text).toContain(p.a.text.split('\n\n').slice(1).join('\n\n'));
    }
    for (const p of update) {
      expect(p.b.text.endsWith(p.a.text)).toBe(true);
      expect(p.b.text.startsWith(lead(p.a.text))).toBe(false);
    }
  });

  it('finds real follow-ups in a corpus: articles sharing whole background paragraphs under different leads', () => {
    const background = [body(7).split('\n\n')[1]!, body(8).split('\n\n')[2]!];
    const a = { url: 'https://news.example/a', title: '', text: ['First lead of the story with enough words to count as a real paragraph here.', ...background].join('\n\n') };
    const b = { url: 'https://news.example/b', title: '', text: ['A different later lead, written the next day, with other words and new figures 12.', ...background].join('\n\n') };
    const pairs = makePairs({ articles: [a, b], storyPairs: [] }, { templates: 0 });
    expect(pairs.filter((p) => p.kind === 'real-follow-up')).toEqual([expect.objectContaining({ label: 'related', a, b })]);
  });

  it('rejects a bad pair line naming the line and the field', () => {
    expect(() => parsePairs('{"a":{"url":"u","text":"t"},"b":{"url":"u","text":"t"},"label":"duplicate"}\n{"a":{"url":"u"},"b":{},"label":"x"}')).toThrow(
      /line 2: a\.text/,
    );
    expect(() => parsePairs('{"a":{"url":"u","text":"t"},"b":{"url":"u","text":"t"},"label":"same"}')).toThrow(/line 1: label/);
    expect(() => parsePairs('nope')).toThrow(/line 1: not valid JSON/);
  });
});
