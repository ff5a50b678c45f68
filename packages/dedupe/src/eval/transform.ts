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
