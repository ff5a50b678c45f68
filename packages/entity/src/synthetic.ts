import type { LabeledDoc, LabeledSentence } from './corpora.js';
import type { GazetteerData } from './gazetteer.js';

/**
 * Synthetic sports reports built from the gazetteers. News wires print results and standings in
 * which a city names a team (an organisation), a pattern the open training sets barely contain.
 * Each document mixes team names (ORG) in result lines, tables and prose with venues (LOC) and
 * players (PER), so context, not the name itself, decides the type. A third of the reports are
 * internationals, where a country names its national side and stays a place (LOC), as a reader
 * expects one country to keep one type. Datelines ("BRUSSELS 1996-08-31") name the place the
 * report comes from, in capitals or not.
 */
export function sportsDocs(gaz: GazetteerData, count: number, rand: () => number): LabeledDoc[] {
  const cities = (gaz.CITY ?? []).filter((c) => /^[\p{Lu}][\p{L} .'-]+$/u.test(c));
  const names = (gaz.NAME ?? []).filter((n) => /^[\p{Lu}][\p{Ll}]+$/u.test(n));
  const countries = (gaz.COUNTRY ?? []).filter((c) => /^[\p{Lu}][\p{L} .'-]+$/u.test(c));
  if (cities.length < 10 || names.length < 10) return [];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const num = (max: number): string => String(Math.floor(rand() * max));
  const SUFFIX = ['', '', '', '', 'United', 'City', 'Rovers', 'Athletic', 'FC', 'Wanderers', 'Town'];
  const team = (): string[] => [...pick(cities).split(' '), ...(pick(SUFFIX) ? [pick(SUFFIX)] : [])];
  const person = (): string[] => (rand() < 0.5 ? [pick(names)] : [pick(names), pick(names)]);
  type Part = string | { type: string; toks: string[] };
  const sent = (parts: Part[], caps = false): LabeledSentence => {
    const tokens: string[] = [];
    const labels: string[] = [];
    for (const p of parts) {
      if (typeof p === 'string') {
        for (const t of p.split(' ').filter(Boolean)) (tokens.push(caps ? t.toUpperCase() : t), labels.push('O'));
      } else {
        p.toks.forEach((t, i) => (tokens.push(caps ? t.toUpperCase() : t), labels.push(`${i ? 'I' : 'B'}-${p.type}`)));
      }
    }
    return { tokens, labels };
  };
  const org = (toks: string[]) => ({ type: 'ORG', toks });
  const loc = (toks: string[]) => ({ type: 'LOC', toks });
  const per = (toks: string[]) => ({ type: 'PER', toks });
  const SPORT = ['SOCCER', 'RUGBY UNION', 'BASKETBALL', 'ICE HOCKEY', 'CRICKET', 'BASEBALL'];
  const docs: LabeledDoc[] = [];
  for (let d = 0; d < count; d++) {
    const doc: LabeledDoc = [];
    // An international: the sides are countries, and a country is a place whatever it plays.
    const intl = countries.length >= 10 && rand() < 1 / 3;
    const side = intl ? (toks: string[]) => ({ type: 'LOC', toks }) : org;
    const a = intl ? pick(countries).split(' ') : team();
    const b = intl ? pick(countries).split(' ') : team();
    const venue = pick(cities).split(' ');
    doc.push(sent([pick(SPORT), '-', side(a), pick(['BEAT', 'DRAW WITH', 'LOSE TO', 'HOLD']), side(b), '.'], true));
    if (rand() < 0.5) doc.push(sent([loc(venue), num(31), pick(['August', 'March', 'October'])]));
    else doc.push(sent([loc(venue), `199${num(10)}-0${1 + Number(num(9))}-${10 + Number(num(18))}`], rand() < 0.7));
    doc.push(sent([side(a), pick(['beat', 'drew with', 'lost to', 'were held by']), side(b), `${num(5)}-${num(5)}`, 'in', 'a', 'match', 'played', 'in', loc(venue), 'on', 'Saturday', '.']));
    doc.push(sent([per(person()), 'scored', 'twice', 'for', side(a), 'while', per(person()), 'replied', 'for', 'the', 'visitors', '.']));
    const lines = 3 + Math.floor(rand() * 6);
    const results = rand() < 0.5;
    for (let i = 0; i < lines; i++) {
      const t = (): { type: string; toks: string[] } => (intl ? side(pick(countries).split(' ')) : org(team()));
      // Wire standings are often printed in capitals ("CHICAGO 75 60 .556").
      const caps = !intl && rand() < 0.4;
      if (results) doc.push(sent([t(), num(5), t(), num(5)], caps));
      else doc.push(sent([t(), num(30), num(20), num(10), num(10), num(60), num(60), num(70)], caps));
    }
    if (rand() < 0.5) doc.push(sent(['Result', 'of', 'a', 'match', 'in', loc(pick(cities).split(' ')), 'on', 'Sunday', ':', org(team()), num(5), org(team()), num(5)]));
    docs.push(doc);
  }
  return docs;
}
