import { hashString } from './minhash.js';
import { normalizeText, splitParagraphs, words } from './normalize.js';

/**
 * What makes an article *this* article rather than another one written from the same frame: the
 * figures and dates in it and the names it is about. Two templated briefs share their sentences
 * and differ exactly here; a copy shares these too.
 */
export interface Identity {
  /**
   * Each figure ("#1.23", "#2026", "#102-98") and name (a canonical entity key when the entity stage
   * gave some, else a capitalised word), true when it also occurs after the lead paragraph.
   */
  items: Map<string, boolean>;
  /** Where the names came from; sets from different sources are not compared. */
  nameSource: 'entities' | 'text';
}

/** What the index needs of an entity: its key and, when known, where it is mentioned. */
export interface EntityRef {
  key: string;
  mentions?: ReadonlyArray<{ start: number; field?: 'title' | 'body' }>;
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

/** Words a paragraph needs to count as text, not a header line ("Advertisement", "By Jane Roe"). */
export const LEAD_MIN_WORDS = 8;

/**
 * Where the lead paragraph (the first of at least LEAD_MIN_WORDS words, so a site's short header
 * lines do not count) starts and ends in `text`. A follow-up story keeps the earlier story's
 * background but has a new lead; a copy keeps the lead.
 */
export function leadSpan(text: string): { start: number; end: number } {
  let pos = 0;
  let first: { start: number; end: number } | null = null;
  for (const p of splitParagraphs(text)) {
    const at = text.indexOf(p, pos);
    pos = at + p.length;
    if (!first && words(p).length >= LEAD_MIN_WORDS) first = { start: at, end: pos };
  }
  return first ?? { start: 0, end: text.length };
}

/** The text from its lead paragraph on: what the lead shingles are taken from. */
export function leadShingleText(text: string): string {
  return text.slice(leadSpan(text).start);
}

/** The identity of a text; `entities` are the entity stage's, when it ran. */
export function identityOf(text: string, entities?: readonly EntityRef[]): Identity {
  const tailStart = leadSpan(text).end;
  const tail = text.slice(tailStart);
  const items = new Map<string, boolean>();
  const tailNumbers = numbersOf(tail);
  for (const n of numbersOf(text)) items.set(`#${n}`, tailNumbers.has(n));
  // Names of the body only, like the figures: another site's headline must not make a copy look different.
  const keyed = entities?.filter((e) => e.key.trim() && (!e.mentions || e.mentions.some((m) => (m.field ?? 'body') === 'body'))) ?? [];
  if (keyed.length) {
    for (const e of keyed) {
      const key = e.key.toLowerCase();
      const inTail = e.mentions?.some((m) => (m.field ?? 'body') === 'body' && m.start >= tailStart) ?? false;
      items.set(key, (items.get(key) ?? false) || inTail);
    }
  } else {
    const tailNames = capitalisedNames(tail);
    for (const n of capitalisedNames(text)) items.set(n, tailNames.has(n));
  }
  return { items, nameSource: keyed.length ? 'entities' : 'text' };
}

/**
 * A bottom-k sketch of an identity: the k smallest 15-bit item hashes, each shifted left with the
 * low bit set when the item also occurs after the lead, smallest first.
 */
export function sketch(identity: Identity, k: number): number[] {
  const hs = new Map<number, boolean>();
  for (const [item, inTail] of identity.items) {
    const h = hashString(item) & 0x7fff;
    hs.set(h, (hs.get(h) ?? false) || inTail);
  }
  return [...hs.keys()]
    .sort((a, b) => a - b)
    .slice(0, k)
    .map((h) => (h << 1) | (hs.get(h) ? 1 : 0));
}
