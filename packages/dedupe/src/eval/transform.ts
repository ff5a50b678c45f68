import { rng } from '@newsflow/core';

export { rng };

export type Rand = () => number;

export function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

const HEADERS = [
  'Advertisement',
  'Share this article',
  'Sign up for our morning briefing',
  'Listen to this story',
  'Breaking News',
  'Subscribe now for unlimited access',
];
const FOOTERS = [
  '© 2026 The Daily Example. All rights reserved.',
  'Reporting by Jane Roe; Editing by John Doe',
  'Follow us on social media for the latest updates.',
  'This story was syndicated from a wire service.',
  'Read more: the week in review',
  'Copyright 2026 Example Press. This material may not be published, broadcast, rewritten or redistributed.',
];
const CITIES = ['LONDON', 'NEW YORK', 'PARIS', 'TOKYO', 'WASHINGTON', 'BERLIN', 'NAIROBI', 'SYDNEY'];
const AGENCIES = ['Reuters', 'AP', 'AFP', 'Example Wire'];
const MONTHS = ['Jan', 'Feb', 'March', 'April', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];
const FILLERS = ['also', 'now', 'then', 'still', 'reportedly', 'recently', 'however', 'indeed'];

export function paragraphsOf(text: string): string[] {
  const ps = text.split(/\n\s*\n|\n/).map((p) => p.trim()).filter(Boolean);
  return ps.length ? ps : [text.trim()];
}

/** Another site's header and footer lines around the same text. */
export function boilerplate(r: Rand, text: string): string {
  const head = Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(r, HEADERS));
  const foot = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, FOOTERS));
  return [...head, text, ...foot].join('\n\n');
}

/** A correction paragraph appended, as a newsroom does an hour later. */
export function correction(r: Rand, text: string): string {
  const what = pick(r, ['the date of the vote', "a spokesperson's name", 'the size of the budget', 'the location of the meeting', 'a quote']);
  return `${text}\n\nCorrection: An earlier version of this story misstated ${what}. The article has been updated.`;
}

/** The first `share` of the words, cut back to a sentence end when one is near: a wire copy cut short. */
export function truncate(text: string, share: number): string {
  const words = text.split(/(\s+)/);
  let count = 0;
  const total = words.filter((w) => w.trim()).length;
  const keep = Math.max(1, Math.round(total * share));
  let out = '';
  for (const w of words) {
    if (w.trim()) count++;
    if (count > keep) break;
    out += w;
  }
  const end = Math.max(out.lastIndexOf('. '), out.lastIndexOf('.\n'));
  return end > out.length * 0.8 ? out.slice(0, end + 1) : out.trimEnd();
}

export function dateline(r: Rand, text: string): string {
  return `${pick(r, CITIES)}, ${pick(r, MONTHS)} ${1 + Math.floor(r() * 28)} (${pick(r, AGENCIES)}) - ${text}`;
}

/** Light copy-editing: about `rate` of the words dropped, doubled or given a filler word. */
export function wordEdits(r: Rand, text: string, rate: number): string {
  return text
    .split(/\n/)
    .map((line) =>
      line
        .split(/ /)
        .flatMap((w) => {
          if (!w || r() >= rate) return [w];
          const op = r();
          if (op < 0.34) return [];
          if (op < 0.67) return [w, pick(r, FILLERS)];
          return [w.length > 3 ? w.slice(0, -1) : w.toUpperCase()];
        })
        .join(' '),
    )
    .join('\n');
}

/** Typographic changes only: curly quotes and dashes, no-break spaces, doubled spaces, CRLF. */
export function typography(text: string): string {
  let open = true;
  return text
    .replace(/"/g, () => ((open = !open) ? '\u201D' : '\u201C'))
    .replace(/'/g, '\u2019')
    .replace(/ - /g, ' \u2014 ')
    .replace(/\. /g, '.  ')
    .replace(/, /g, ',\u00A0')
    .replace(/\n/g, '\r\n');
}

/** Two paragraphs (or sentences) swapped: a re-edited layout. */
export function reorder(r: Rand, text: string): string {
  let parts = paragraphsOf(text);
  let sep = '\n\n';
  if (parts.length < 3) {
    parts = text.split(/(?<=\.)\s+/);
    sep = ' ';
  }
  if (parts.length < 3) return text;
  const i = 1 + Math.floor(r() * (parts.length - 2));
  [parts[i], parts[i + 1]] = [parts[i + 1]!, parts[i]!];
  return parts.join(sep);
}

/** One sentence in the middle removed: a tightened copy. */
export function dropSentence(r: Rand, text: string): string {
  const s = text.split(/(?<=\.)\s+/);
  if (s.length < 4) return text;
  s.splice(1 + Math.floor(r() * (s.length - 2)), 1);
  return s.join(' ');
}

const LEAD_FRAMES: Array<(n: (lo: number, hi: number) => number, name: () => string, day: string) => string> = [
  (n, name, day) => `${name()} said on ${day} that ${n(2, 40)} more people had come forward since the first reports, and that a full review would be published within ${n(2, 12)} weeks.`,
  (n, name, day) => `New figures released on ${day} put the cost at ${n(2, 900)} million, ${n(10, 90)} percent more than the estimate given last week, according to ${name()}.`,
  (n, name, day) => `${name()} announced on ${day} that ${n(2, 30)} officials would step down, in the first resignations since the events described below came to light ${n(2, 20)} days ago.`,
  (n, name, day) => `A court in ${name()} on ${day} ordered a new hearing within ${n(2, 28)} days, after lawyers for ${name()} filed ${n(2, 9)} new complaints over the affair.`,
  (n, name, day) => `Talks between ${name()} and ${name()} broke down on ${day} after ${n(3, 19)} hours, leaving the dispute unresolved as a deadline of ${n(1, 12)} p.m. approached.`,
  (n, name, day) => `${name()} confirmed on ${day} that an inquiry had been opened, the latest turn in a story that has drawn ${n(2, 90)},000 comments and ${n(2, 40)} official statements.`,
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A new lead of one or two paragraphs about the names of `text`, with new figures and a new day. */
export function newLead(r: Rand, text: string): string[] {
  const names = [...new Set(text.match(/\b\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)+/gu) ?? [])];
  const name = () => (names.length ? pick(r, names) : pick(r, ['The ministry', 'The company', 'The city council', 'Police']));
  const n = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const day = pick(r, WEEKDAYS);
  const count = 1 + Math.floor(r() * 2);
  return Array.from({ length: count }, () => [pick(r, LEAD_FRAMES)(n, name, day), pick(r, LEAD_FRAMES)(n, name, day)].join(' '));
}

/**
 * A follow-up story: a new lead over the earlier story's background. `keepLead` false drops the
 * earlier lead (the background paragraphs under a new top); true keeps the whole earlier story
 * under the new lead (an update written on top). Null when the text has too few paragraphs or
 * sentences to have a background.
 */
export function followUp(r: Rand, text: string, keepLead: boolean): string | null {
  let parts = paragraphsOf(text);
  let sep = '\n\n';
  if (parts.length < 4) {
    parts = text.split(/(?<=[.!?])\s+(?=\p{Lu})/u);
    sep = ' ';
  }
  if (parts.length < 4) return null;
  const background = keepLead ? parts : parts.slice(1);
  return [...newLead(r, text), background.join(sep)].join('\n\n');
}
