import type { LabeledDoc, LabeledSentence } from './corpora.js';
import type { GazetteerData } from './gazetteer.js';

/**
 * Synthetic sports reports built from the gazetteers. News wires print results and standings in
 * which a city names a team (an organisation), a pattern the open training sets barely contain.
 * Each document mixes team names (ORG) in result lines, tables and prose with venues (LOC) and
 * players (PER), so context, not the name itself, decides the type.
 */
export function sportsDocs(gaz: GazetteerData, count: number, rand: () => number): LabeledDoc[] {
  const cities = (gaz.CITY ?? []).filter((c) => /^[\p{Lu}][\p{L} .'-]+$/u.test(c));
  const names = (gaz.NAME ?? []).filter((n) => /^[\p{Lu}][\p{Ll}]+$/u.test(n));
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
    const a = team();
    const b = team();
    const venue = pick(cities).split(' ');
    doc.push(sent([pick(SPORT), '-', org(a), pick(['BEAT', 'DRAW WITH', 'LOSE TO', 'HOLD']), org(b), '.'], true));
    doc.push(sent([loc(venue), num(31), pick(['August', 'March', 'October'])]));
    doc.push(sent([org(a), pick(['beat', 'drew with', 'lost to', 'were held by']), org(b), `${num(5)}-${num(5)}`, 'in', 'a', 'match', 'played', 'in', loc(venue), 'on', 'Saturday', '.']));
    doc.push(sent([per(person()), 'scored', 'twice', 'for', org(a), 'while', per(person()), 'replied', 'for', 'the', 'visitors', '.']));
    const lines = 3 + Math.floor(rand() * 6);
    const results = rand() < 0.5;
    for (let i = 0; i < lines; i++) {
      if (results) doc.push(sent([org(team()), num(5), org(team()), num(5)]));
      else doc.push(sent([org(team()), num(30), num(20), num(10), num(10), num(60), num(60), num(70)]));
    }
    if (rand() < 0.5) doc.push(sent(['Result', 'of', 'a', 'match', 'in', loc(pick(cities).split(' ')), 'on', 'Sunday', ':', org(team()), num(5), org(team()), num(5)]));
    docs.push(doc);
  }
  return docs;
}
