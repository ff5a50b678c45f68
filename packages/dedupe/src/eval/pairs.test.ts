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
    const pairs = makePairs(corpus, { seed: 5 });
    const kinds = (label: string) => pairs.filter((p) => p.label === label).map((p) => p.kind).sort();
    expect(kinds('duplicate')).toEqual(['boilerplate', 'correction', 'dateline', 'truncation', 'typography', 'word-edits'].flatMap((k) => [k, k, k]).sort());
    expect(kinds('distinct')).toEqual(['different-article', 'different-article', 'different-article', 'same-site', 'semeval-en']);
    for (const p of pairs.filter((x) => x.label === 'duplicate')) expect(new URL(p.b.url).host).not.toBe(new URL(p.a.url).host);
    const typo = pairs.find((p) => p.kind === 'typography')!;
    expect(typo.b.text).not.toBe(typo.a.text);
    expect(contentHashOf(typo.b.text)).toBe(contentHashOf(typo.a.text));
    const cut = pairs.find((p) => p.kind === 'truncation')!;
    expect(words(cut.b.text).length).toBeLessThan(words(cut.a.text).length * 0.85);
    expect(makePairs(corpus, { seed: 5 })).toEqual(pairs);
  });

  it('rejects a bad pair line naming the line and the field', () => {
    expect(() => parsePairs('{"a":{"url":"u","text":"t"},"b":{"url":"u","text":"t"},"label":"duplicate"}\n{"a":{"url":"u"},"b":{},"label":"x"}')).toThrow(
      /line 2: a\.text/,
    );
    expect(() => parsePairs('{"a":{"url":"u","text":"t"},"b":{"url":"u","text":"t"},"label":"same"}')).toThrow(/line 1: label/);
    expect(() => parsePairs('nope')).toThrow(/line 1: not valid JSON/);
  });
});
