import { describe, expect, it } from 'vitest';
import type { Entity } from '@newsflow/contracts';
import { extractEntities } from './extract.js';

/**
 * Short news texts written for this project, one per shape the tagger used to get wrong: a
 * governor's title, a network's correspondent, a social handle, a space probe, a sports cup, a
 * militant group, a company's short name, an honorific, a possessive, a festival, an appositive.
 * Each listed entity must come out exactly once, with this type and this name; `absent` lists
 * names that must not come out as an entity at all.
 */
const CASES: Array<{ shape: string; text: string; entities: Array<[string, Entity['type']]>; absent?: string[] }> = [
  {
    shape: "a governor's title and place",
    text: 'South Dakota Gov. Kristi Noem signed the bill on Tuesday in Pierre. Noem said the law would take effect in July.',
    entities: [['Kristi Noem', 'PER'], ['South Dakota', 'LOC'], ['Pierre', 'LOC']],
    absent: ['Dakota Gov. Kristi Noem', 'South Dakota Gov. Kristi Noem'],
  },
  {
    shape: "a network's correspondent",
    text: 'CBS Sports NFL Insider Jason La Canfora reported that the Ravens would rest their starters. La Canfora cited two team officials.',
    entities: [['Jason La Canfora', 'PER']],
    absent: ['CBS Sports NFL Insider Jason La Canfora', 'La Canfora'],
  },
  {
    shape: 'a social handle beside the name',
    text: 'Kentucky Governor Matt Bevin wrote on Twitter: "Thank you @MattBevin supporters!" Bevin later deleted the post.',
    entities: [['Matt Bevin', 'PER'], ['Kentucky', 'LOC']],
    absent: ['MattBevin', 'Kentucky Governor', 'Bevin'],
  },
  {
    shape: 'a space probe and the planet it studies',
    text: 'The space probe Juno reached Jupiter on Monday, NASA said. Juno will study the moons Europa and Io.',
    entities: [['Jupiter', 'LOC'], ['NASA', 'ORG'], ['Europa', 'LOC'], ['Io', 'LOC']],
    absent: ['Juno', 'Europa and Io'],
  },
  {
    shape: 'a sports cup',
    text: 'Spain won the Davis Cup for the sixth time on Sunday in Madrid. Rafael Nadal won the deciding match.',
    entities: [['Spain', 'LOC'], ['Madrid', 'LOC'], ['Rafael Nadal', 'PER']],
    absent: ['Davis Cup'],
  },
  {
    shape: 'militant groups',
    text: 'Fighters of the Free Syrian Army clashed with Islamic State militants near Aleppo. The Free Syrian Army said 12 fighters died.',
    entities: [['Free Syrian Army', 'ORG'], ['Islamic State', 'ORG'], ['Aleppo', 'LOC']],
    absent: ['Free', 'Army', 'Syrian Army'],
  },
  {
    shape: "a company's short name",
    text: 'Volkswagen (VW) said it would recall 100,000 cars. VW shares fell 3 percent in Frankfurt.',
    entities: [['Volkswagen', 'ORG'], ['Frankfurt', 'LOC']],
    absent: ['VW'],
  },
  {
    shape: 'an honorific between two names',
    text: 'Senator Chuck Nzeribe and Hon. Emeka Ihedioha met in Abuja on Friday to discuss the budget.',
    entities: [['Chuck Nzeribe', 'PER'], ['Emeka Ihedioha', 'PER'], ['Abuja', 'LOC']],
    absent: ['Hon', 'Nzeribe and Hon'],
  },
  {
    shape: 'possessives',
    text: "Apple's chief executive Tim Cook visited Beijing. Cook's trip followed talks with China's commerce ministry.",
    entities: [['Tim Cook', 'PER'], ['Apple', 'ORG'], ['Beijing', 'LOC'], ['China', 'LOC']],
    absent: ["Apple's", "Cook's", "China's"],
  },
  {
    shape: 'a crater on Mars',
    text: 'The Perseverance rover landed in Jezero Crater on Mars, the Jet Propulsion Laboratory said.',
    entities: [['Jezero Crater', 'LOC'], ['Mars', 'LOC'], ['Jet Propulsion Laboratory', 'ORG']],
    absent: ['Perseverance'],
  },
  {
    shape: "an agency's correspondent",
    text: 'Reuters correspondent Maria Tsvetkova reported from Moscow that the Kremlin denied the claim.',
    entities: [['Reuters', 'ORG'], ['Maria Tsvetkova', 'PER'], ['Moscow', 'LOC']],
  },
  {
    shape: 'a festival',
    text: 'Diwali celebrations began in New Delhi on Thursday, and Prime Minister Narendra Modi lit lamps.',
    entities: [['New Delhi', 'LOC'], ['Narendra Modi', 'PER']],
    absent: ['Diwali'],
  },
  {
    shape: 'a company in an appositive',
    text: 'Tallink, the Estonian ferry operator, cut routes between Tallinn and Helsinki, chief executive Paavo Nogene said.',
    entities: [['Tallink', 'ORG'], ['Tallinn', 'LOC'], ['Helsinki', 'LOC'], ['Paavo Nogene', 'PER']],
  },
  {
    shape: 'a firm in an appositive',
    text: 'Hackers said on Monday that Stratfor, the Texas-based intelligence firm, had lost client data.',
    entities: [['Stratfor', 'ORG']],
  },
];

describe('entities as a reader expects them (project-written texts, shipped model)', () => {
  it.each(CASES)('$shape', ({ text, entities, absent }) => {
    const out = extractEntities({ title: '', body: text, language: 'en' });
    for (const [name, type] of entities) {
      const found = out.filter((e) => e.name === name);
      expect(found.map((e) => `${e.name}/${e.type}`), `${name} in: ${out.map((e) => `${e.name}/${e.type}`).join(', ')}`).toEqual([`${name}/${type}`]);
    }
    for (const name of absent ?? []) expect(out.map((e) => e.name)).not.toContain(name);
    // Every mention's offsets point at its own text.
    for (const e of out) for (const m of e.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });
});
