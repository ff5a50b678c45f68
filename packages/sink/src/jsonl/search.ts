import { searchTerms } from '../filter.js';

/** Lower-case words without diacritics, as FTS5's unicode61 tokenizer (remove_diacritics) sees them. */
export function tokens(text: string): string[] {
  return (text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
}

/**
 * The full-text rule of the SQL stores, in memory: every term (word or phrase) must occur, and OR
 * separates alternatives with lower precedence than the implied AND, as in FTS5 and tsquery:
 * `a b OR c` is (a AND b) OR c. Used by the JSONL store, which has no index.
 */
export function matchesSearch(text: string, q: string): boolean {
  const joined = ` ${tokens(text).join(' ')} `;
  const has = (t: string[]) => joined.includes(` ${tokens(t.join(' ')).join(' ')} `);
  const alternatives: string[][][] = [[]];
  for (const t of searchTerms(q)) {
    if (t === 'OR') alternatives.push([]);
    else alternatives[alternatives.length - 1]!.push(t);
  }
  return alternatives.some((alt) => alt.length > 0 && alt.every(has));
}
