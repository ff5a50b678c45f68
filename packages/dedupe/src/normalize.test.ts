import { describe, expect, it } from 'vitest';
import { contentHashOf, normalizeText, words } from './normalize.js';

describe('normalizeText', () => {
  it('folds case, NFKC forms, quotes, dashes and whitespace', () => {
    expect(normalizeText('  \u201CIt\u2019s  ﬁne\u201D \u2014 she SAID\u00A0today\r\n')).toBe('"it\'s fine" - she said today');
  });

  it('gives typographic variants of a body the same content hash, and other text another', () => {
    const a = 'The mayor said: "We will rebuild." - Reuters';
    const b = 'The  Mayor said: \u201Cwe will rebuild.\u201D \u2013 Reuters\u200B';
    expect(contentHashOf(a)).toBe(contentHashOf(b));
    expect(contentHashOf(a)).not.toBe(contentHashOf('The mayor said: "We will not rebuild." - Reuters'));
  });

  it('splits words without punctuation, keeping apostrophes and non-Latin letters', () => {
    expect(words("Don't panic, São Paulo — 42 km!")).toEqual(["don't", 'panic', 'são', 'paulo', '42', 'km']);
    expect(words('Москва, 2026')).toEqual(['москва', '2026']);
  });
});
