import { hashString } from './minhash.js';
import { normalizeText, splitParagraphs, words } from './normalize.js';

/**
 * What makes an article *this* article rather than another one written from the same frame: the
 * figures and dates in it and the names it is about. Two templated briefs share their sentences
 * and differ exactly here; a copy shares these too.
 */
export interface Identity {
  /** Normalized figures, dates, scores and times ("1.23", "2026", "102-98"). */
  numbers: Set<string>;
  /** Names: canonical entity keys when the entity stage gave some, else capitalised words. */
  names: Set<string>;
  /** Where `names` came from; sets from different sources are not compared. */
  nameSource: 'entities' | 'text';
}

const NUMBER = /\p{N}+(?:[.,:/-]\p{N}+)*/gu;
// A capitalised word (letters, apostrophes, inner hyphens); all-caps words too (NASA, AP).
const CAPITALISED = /\p{Lu}[\p{L}\p{M}'\u2019]*(?:-\p{L}[\p{L}\p{M}'\u2019]*)*/gu;
// What may stand before the first word of a sentence: start, sentence punctuation, quotes, dashes, line breaks.
const SENTENCE_START = /(?:^|[.!?:;\n\u2014\u2013-]\s*["'\u201C\u2018(]*|\n\s*)$/u;

/** Figures of a text, normalized: thousands separators kept as written, leading zeros of plain integers dropped. */
export function numbersOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of normalizeText(text).matchAll(NUMBER)) out.add(/^\d+$/.test(m[0]) ? String(Number(m[0])) : m[0]);
  return out;
}

/**
 * Capitalised words that do not start a sentence (a sentence's first word is capitalised
 * whatever it is), lower-cased. A cheap stand-in for named entities when there are none.
 */
export function capitalisedNames(text: string): Set<string> {
  const out = new Set<string>();
  const folded = text.normalize('NFKC');
  for (const m of folded.matchAll(CAPITALISED)) {
    const before = folded.slice(Math.max(0, m.index - 4), m.index);
    if (SENTENCE_START.test(before) || m.index === 0) continue;
    out.add(m[0].toLowerCase().replace(/['\u2019]s$/, ''));
  }
  return out;
}

/** The identity of a text; `entityKeys` are the entity stage's canonical keys, when it ran. */
export function identityOf(text: string, entityKeys?: readonly string[]): Identity {
  const keys = entityKeys?.filter((k) => k.trim()) ?? [];
  return {
    numbers: numbersOf(text),
    names: keys.length ? new Set(keys.map((k) => k.toLowerCase())) : capitalisedNames(text),
    nameSource: keys.length ? 'entities' : 'text',
  };
}

/** 16-bit hashes of a set's items, smallest first, at most `k` (a bottom-k sketch). */
export function sketch(items: Iterable<string>, k: number): number[] {
  const hs = new Set<number>();
  for (const s of items) hs.add(hashString(s) & 0xffff);
  return [...hs].sort((a, b) => a - b).slice(0, k);
}

/** Words a paragraph needs to count as text, not a header line ("Advertisement", "By Jane Roe"). */
export const LEAD_MIN_WORDS = 8;

/**
 * The lead of a text: its first `size` word shingles, starting at the first paragraph of at least
 * LEAD_MIN_WORDS words, so a site's short header lines do not count. A follow-up story keeps the
 * earlier story's background but has a new lead; a copy keeps the lead.
 */
export function leadShingleText(text: string): string {
  const paras = splitParagraphs(text);
  const first = paras.findIndex((p) => words(p).length >= LEAD_MIN_WORDS);
  return (first < 0 ? paras : paras.slice(first)).join('\n\n');
}
