import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('keeps initialisms and abbreviations whole and splits a possessive off, as CoNLL does', () => {
    const toks = tokenize("Mr. Putin's visit to the U.S. ended.").flat().map((t) => t.text);
    expect(toks).toEqual(['Mr.', 'Putin', "'s", 'visit', 'to', 'the', 'U.S.', 'ended', '.']);
  });

  it('gives offsets that point at each token in the source text', () => {
    const text = 'Interfax  reported it.\nDa Nang, Vietnam — 12,000 people.';
    for (const t of tokenize(text).flat()) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('ends sentences at line breaks and at a full stop before a capital, not inside abbreviations', () => {
    const s = tokenize('Lavrov met Tillerson. They spoke.\nSen. Smith agreed with Gen. Jones').map((x) => x.map((t) => t.text).join(' '));
    expect(s).toEqual(['Lavrov met Tillerson .', 'They spoke .', 'Sen. Smith agreed with Gen. Jones']);
  });

  it('ends a sentence after a company suffix when a capitalised word follows', () => {
    const s = tokenize('It agreed to merge with Erskine Resources Ltd. Terms were not disclosed.').map((x) => x.map((t) => t.text).join(' '));
    expect(s).toEqual(['It agreed to merge with Erskine Resources Ltd.', 'Terms were not disclosed .']);
  });

  it('returns nothing for empty or blank text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \n\t ')).toEqual([]);
  });
});
