import type { TaggedSpan } from './spans.js';

/** Head nouns of titles and roles: a phrase before a name is a title only if it holds one. */
export const ROLES: ReadonlySet<string> = new Set(
  (
    'president premier minister secretary spokesman spokeswoman spokesperson chancellor senator sen. general gen. ' +
    'leader ambassador chief director ceo chairman chairwoman chair governor gov. mayor king queen prince princess ' +
    'pope envoy aide adviser advisor official commissioner representative rep. judge prosecutor coach editor ' +
    'analyst head counterpart founder executive lawmaker deputy colonel col. captain capt. lieutenant lt. sergeant ' +
    'admiral marshal sheikh emir dr. professor prof. mr. mrs. ms. attorney officer manager economist correspondent ' +
    'hon. hon honourable honorable'
  ).split(' '),
);

/** Lower-case words that may sit inside a title: "Secretary of State", "foreign minister". */
const MODIFIERS = new Set(['of', 'foreign', 'prime', 'vice', 'deputy', 'defense', 'defence', 'state', 'former', 'acting', 'chief', 'interior', 'finance', 'economy', 'trade', 'general', 'presidential', 'press', 'first', 'senior']);

const CAPITALISED = /^[\p{Lu}][\p{L}\p{M}.'’-]*$/u;

/**
 * Titles and roles written next to a person mention: "Russian Foreign Minister Sergei Lavrov",
 * "Kremlin spokesman Dmitry Peskov", "Dmitry Peskov, the Kremlin's spokesman". Returns at most two
 * phrases (before and after the name).
 */
export function titlesFor(span: TaggedSpan): string[] {
  const out: string[] = [];
  const before = phraseBefore(span);
  if (before) out.push(before);
  const after = appositive(span);
  if (after) out.push(after);
  return out;
}

function phraseBefore(span: TaggedSpan): string | null {
  const toks = span.sentence;
  let i = span.first - 1;
  const words: string[] = [];
  while (i >= 0 && words.length < 6) {
    const t = toks[i]!.text;
    const lower = t.toLowerCase();
    // "Putin's spokesman": a possessive name belongs to the title.
    if ((t === "'s" || t === '’s') && i > 0 && CAPITALISED.test(toks[i - 1]!.text)) {
      words.unshift(toks[i - 1]!.text + t);
      i -= 2;
      continue;
    }
    if (CAPITALISED.test(t) || ROLES.has(lower) || MODIFIERS.has(lower)) {
      words.unshift(t);
      i--;
    } else break;
  }
  while (words[0] === 'of') words.shift();
  // The word next to the name is a role ("Foreign Minister"), or a role phrase ends there
  // ("Secretary of State"); a headline verb ("Minister Confirms Putin") is not part of a title.
  const roleAt = words.findLastIndex((w) => ROLES.has(w.toLowerCase()));
  if (roleAt < 0) return null;
  const tail = words.slice(roleAt + 1);
  if (tail.length && (tail[0] !== 'of' || tail.length > 2 || !CAPITALISED.test(tail[tail.length - 1]!))) return null;
  return words.join(' ') || null;
}

function appositive(span: TaggedSpan): string | null {
  const toks = span.sentence;
  let i = span.last + 1;
  if (toks[i]?.text !== ',') return null;
  i++;
  const words: string[] = [];
  if (/^(the|a|an)$/i.test(toks[i]?.text ?? '')) i++;
  while (i < toks.length && words.length < 6) {
    const t = toks[i]!.text;
    if (t === ',' || t === '.' || t === ';' || t === ')') break;
    words.push(t);
    const next = toks[i + 1]?.text;
    if (ROLES.has(t.toLowerCase()) && (next === undefined || next === ',' || next === '.' || next === ';')) {
      return words.join(' ').replace(/\s+(['’]s)\b/g, '$1');
    }
    i++;
  }
  return null;
}

/**
 * A person span that starts with a title ("President Vladimir Putin", as rule-based taggers and
 * silver data mark them) is cut to the name; the title stays available to {@link titlesFor}.
 */
export function trimTitle(span: TaggedSpan): TaggedSpan {
  const toks = span.sentence;
  let first = span.first;
  while (first < span.last) {
    const w = toks[first]!.text.toLowerCase();
    if (ROLES.has(w) || MODIFIERS.has(w)) first++;
    else break;
  }
  // Only a person span loses its leading title words ("General Motors" stays whole), unless the
  // span starts inside a role phrase: "Secretary of [State Rex Tillerson]" holds a person.
  let type = span.type;
  if (type !== 'PER' && first > span.first) {
    const before = toks[span.first - 1]?.text.toLowerCase() ?? '';
    const before2 = toks[span.first - 2]?.text.toLowerCase() ?? '';
    const insideRole = ROLES.has(before) || (before === 'of' && ROLES.has(before2));
    if (insideRole && span.last - first >= 1) type = 'PER';
    else first = span.first;
  }
  // Trailing event words: "the G20 Summit" names the G20.
  let last = span.last;
  if (type === 'ORG' && last > first && EVENT_WORDS.has(toks[last]!.text.toLowerCase())) last--;
  if (first === span.first && last === span.last) return span;
  const start = toks[first]!.start;
  const end = toks[last]!.end;
  return { ...span, type, first, last, start, end, text: span.text.slice(start - span.start, end - span.start) };
}

const EVENT_WORDS = new Set(['summit', 'talks', 'meeting', 'conference']);

/** A span made only of title words ("State" in "Secretary of State") names nobody. */
export function isTitleOnly(span: TaggedSpan): boolean {
  for (let i = span.first; i <= span.last; i++) {
    const w = span.sentence[i]!.text.toLowerCase();
    if (!ROLES.has(w) && !MODIFIERS.has(w)) return false;
  }
  return true;
}
