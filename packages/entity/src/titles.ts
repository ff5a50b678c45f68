import type { TaggedSpan } from './spans.js';

/** Head nouns of titles and roles: a phrase before a name is a title only if it holds one. */
const ROLES = new Set(
  (
    'president premier minister secretary spokesman spokeswoman spokesperson chancellor senator sen. general gen. ' +
    'leader ambassador chief director ceo chairman chairwoman chair governor gov. mayor king queen prince princess ' +
    'pope envoy aide adviser advisor official commissioner representative rep. judge prosecutor coach editor ' +
    'analyst head counterpart founder executive lawmaker deputy colonel col. captain capt. lieutenant lt. sergeant ' +
    'admiral marshal sheikh emir dr. professor prof. mr. mrs. ms. attorney officer manager economist correspondent'
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
    if (CAPITALISED.test(t) || ROLES.has(lower) || MODIFIERS.has(lower)) {
      words.unshift(t);
      i--;
    } else break;
  }
  while (words.length && MODIFIERS.has(words[0]!) && words[0] === words[0]!.toLowerCase() && words[0] === 'of') words.shift();
  // A title is only a title if its last word is a role or it ends in a role phrase ("Secretary of State").
  const roleAt = words.findLastIndex((w) => ROLES.has(w.toLowerCase()));
  if (roleAt < 0) return null;
  const tail = words.slice(roleAt + 1);
  if (tail.some((w) => w !== 'of' && !CAPITALISED.test(w))) return null;
  if (tail.length > 2) return null;
  return words.join(' ').replace(/\s+(['’]s)\b/g, '$1') || null;
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
  if (span.type !== 'PER') return span;
  let first = span.first;
  while (first < span.last) {
    const w = span.sentence[first]!.text.toLowerCase();
    if (ROLES.has(w) || MODIFIERS.has(w) || (w === 'state' && first > span.first)) first++;
    else break;
  }
  if (first === span.first) return span;
  const start = span.sentence[first]!.start;
  return { ...span, first, start, text: span.text.slice(start - span.start) };
}

/** A span made only of title words ("State" in "Secretary of State") names nobody. */
export function isTitleOnly(span: TaggedSpan): boolean {
  for (let i = span.first; i <= span.last; i++) {
    const w = span.sentence[i]!.text.toLowerCase();
    if (!ROLES.has(w) && !MODIFIERS.has(w)) return false;
  }
  return true;
}
