import { rng } from '@newsflow/core';

/**
 * A page made of many distinct names, for tests and `bench entity --names`: a directory, a list of
 * delegates or a results table can name thousands of people, organisations and places on one
 * page. The text is deterministic for a given `(names, seed)`.
 */

const FIRST = (
  'James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica ' +
  'Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Paul Sandra Steven Ashley Andrew ' +
  'Kimberly Kenneth Emily Joshua Donna Kevin Michelle Brian Carol George Amanda Timothy Melissa Ronald Deborah Jason ' +
  'Stephanie Edward Rebecca Jeffrey Sharon Ryan Laura Jacob Cynthia Gary Kathleen Nicholas Amy Eric Angela Jonathan ' +
  'Shirley Stephen Anna Larry Brenda Justin Pamela Scott Emma Brandon Nicole Benjamin Helen Samuel Samantha Gregory ' +
  'Katherine Alexander Christine Frank Debra Patrick Rachel Raymond Carolyn Jack Janet Dennis Catherine Jerry Maria'
).split(' ');

const SYLLABLES = 'bar ken dor mal vin tes rok lan mer sha vol gri pen dal tor nik sel ran bel cor fen hal mor ster wick'.split(' ');
const ORG_TAILS = ['Holdings', 'Group', 'Bank', 'Motors', 'Foundation', 'Institute', 'Airlines', 'Partners'];
/** Sentence endings: they bring the text to about 30 characters a name, as on the probed page. */
const ENDINGS = [
  'on Tuesday, according to the programme of the congress',
  'during the opening session of the annual congress',
  'before the vote on the final resolution of the congress',
];
const PLACE_FORMS = [(w: string) => `${w}ville`, (w: string) => `Port ${w}`, (w: string) => `${w}burg`, (w: string) => `New ${w}`];

export interface ManyNamesPage {
  title: string;
  body: string;
  /** Distinct names written on the page: people, organisations and places. */
  names: number;
}

/**
 * A page naming `names` distinct things, about 70% people ("Firstname Lastname"), 15%
 * organisations and 15% places, five names to a sentence. Surnames are built from syllables so
 * that nearly every person has a surname of their own, as on a real list of delegates.
 */
export function manyNamesPage(names: number, seed = 1): ManyNamesPage {
  if (!Number.isInteger(names) || names < 1) throw new RangeError(`names: must be a positive integer, got ${names}`);
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const word = (): string => {
    const n = 2 + Math.floor(rand() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += pick(SYLLABLES);
    return w[0]!.toUpperCase() + w.slice(1);
  };
  const seen = new Set<string>();
  const fresh = (make: () => string): string => {
    for (;;) {
      const s = make();
      if (!seen.has(s)) {
        seen.add(s);
        return s;
      }
    }
  };
  const next = (): string => {
    const r = rand();
    if (r < 0.7) return fresh(() => `${pick(FIRST)} ${word()}`);
    if (r < 0.85) return fresh(() => `${word()} ${pick(ORG_TAILS)}`);
    return fresh(() => pick(PLACE_FORMS)(word()));
  };
  const sentences: string[] = [];
  for (let left = names; left > 0; left -= 5) {
    const ns = Array.from({ length: Math.min(5, left) }, next);
    const [a, b, c, d, e] = ns;
    let s = `${a} met ${b ?? 'reporters'}`;
    if (c) s += ` and ${c}`;
    if (d) s += ` of ${d}`;
    if (e) s += ` in ${e}`;
    sentences.push(`${s} ${pick(ENDINGS)}.`);
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 8) paragraphs.push(sentences.slice(i, i + 8).join(' '));
  return { title: 'Delegates at the annual congress', body: paragraphs.join('\n\n'), names: seen.size };
}
