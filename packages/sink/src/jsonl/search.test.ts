import { describe, expect, it } from 'vitest';
import { matchesSearch } from './search.js';

describe('matchesSearch (the JSONL store full-text rule)', () => {
  const text = 'Sergei Lavrov met Antony Blinken at the APEC summit in Lima. Café talks followed.';
  it('needs every word, matches phrases in order, and ignores case and accents', () => {
    expect(matchesSearch(text, 'lavrov lima')).toBe(true);
    expect(matchesSearch(text, 'lavrov moscow')).toBe(false);
    expect(matchesSearch(text, '"apec summit"')).toBe(true);
    expect(matchesSearch(text, '"summit apec"')).toBe(false);
    expect(matchesSearch(text, 'cafe')).toBe(true);
  });
  it('reads OR with lower precedence than AND, as FTS5 and tsquery do', () => {
    expect(matchesSearch(text, 'moscow OR lima')).toBe(true);
    expect(matchesSearch(text, 'moscow kremlin OR lima')).toBe(true);
    expect(matchesSearch(text, 'moscow OR kremlin')).toBe(false);
    expect(matchesSearch(text, '!!!')).toBe(false);
  });
});
