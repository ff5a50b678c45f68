import { describe, expect, it } from 'vitest';
import { Entity } from '@newsflow/contracts';
import { extractEntities, hasEntityModel, type ExtractStats } from './extract.js';
import { SUMMIT_BODY, SUMMIT_TITLE } from '../test/fixtures/summit-article.js';

describe('extractEntities on a summit story (shipped model)', () => {
  const entities = extractEntities({ title: SUMMIT_TITLE, body: SUMMIT_BODY, language: 'en' });
  const named = (name: string) => entities.filter((e) => e.name === name);

  it.each([
    ['Vladimir Putin', 'PER'],
    ['Donald Trump', 'PER'],
    ['Sergei Lavrov', 'PER'],
    ['Dmitry Peskov', 'PER'],
    ['Rex Tillerson', 'PER'],
    ['Vietnam', 'LOC'],
    ['Da Nang', 'LOC'],
    ['Hamburg', 'LOC'],
    ['Syria', 'LOC'],
    ['North Korea', 'LOC'],
    ['Iraq', 'LOC'],
    ['Ukraine', 'LOC'],
    ['APEC', 'ORG'],
    ['G20', 'ORG'],
    ['Interfax', 'ORG'],
  ])('finds %s exactly once, as %s', (name, type) => {
    expect(named(name).map((e) => e.type)).toEqual([type]);
  });

  it('merges every mention of a person, title included, with offsets into the right field', () => {
    const putin = named('Vladimir Putin')[0]!;
    expect(putin.count).toBe(4);
    expect(putin.aliases).toEqual(['Putin']);
    expect(putin.mentions.filter((m) => m.field === 'title')).toHaveLength(1);
    for (const m of putin.mentions) expect((m.field === 'title' ? SUMMIT_TITLE : SUMMIT_BODY).slice(m.start, m.end)).toBe(m.text);
    expect(putin.firstPosition).toBe(SUMMIT_BODY.indexOf('Vladimir Putin'));
    expect(named('Sergei Lavrov')[0]!.count).toBe(3);
    expect(named('Rex Tillerson')[0]!.count).toBe(2);
    expect(named('Dmitry Peskov')[0]!.count).toBe(2);
  });

  it('keeps titles and roles as attributes', () => {
    expect(named('Sergei Lavrov')[0]!.attributes.titles).toContain('Russian Foreign Minister');
    expect(named('Dmitry Peskov')[0]!.attributes.titles).toContain('Kremlin spokesman');
    expect(named('Rex Tillerson')[0]!.attributes.titles).toContain('U.S. Secretary of State');
  });

  it('gives the same result when an article is processed again (redelivery)', () => {
    expect(extractEntities({ title: SUMMIT_TITLE, body: SUMMIT_BODY, language: 'en' })).toEqual(entities);
  });

  it('ranks the people in the title and lead above those mentioned once, all valid contract entities', () => {
    for (const e of entities) expect(Entity.safeParse(e).success).toBe(true);
    expect(named('Vladimir Putin')[0]!.salience).toBe(1);
    expect(named('Vladimir Putin')[0]!.salience).toBeGreaterThan(named('Iraq')[0]!.salience);
    expect(new Set(entities.map((e) => e.key)).size).toBe(entities.length);
  });
});

describe('extractEntities on headlines', () => {
  it('keeps only the words of a title-case headline that the body confirms as names', () => {
    const es = extractEntities({
      title: 'Central Bank Holds Rates Steady as Lagarde Signals Patience',
      body: 'The European Central Bank left its deposit rate unchanged on Thursday, as President Christine Lagarde told reporters in Frankfurt that it would stay patient.',
    });
    const lagarde = es.find((e) => e.name === 'Christine Lagarde')!;
    expect(lagarde.mentions.map((m) => [m.field, m.text])).toContainEqual(['title', 'Lagarde']);
    expect(es.map((e) => e.name).filter((n) => /Signals|Holds|Steady/.test(n))).toEqual([]);
  });
});

describe('extractEntities on awkward input', () => {
  it('returns no entities for empty text', () => {
    expect(extractEntities({ title: '', body: '' })).toEqual([]);
    expect(extractEntities({ title: '   ', body: '\n\n' })).toEqual([]);
  });

  it('handles 1 MB of text and returns valid entities', () => {
    const para = 'Officials in Berlin said on Monday that Siemens would open a plant near Warsaw, according to Angela Merkel. ';
    const body = para.repeat(Math.ceil(1_000_000 / para.length));
    const es = extractEntities({ title: 'Plant', body });
    expect(body.length).toBeGreaterThanOrEqual(1_000_000);
    for (const e of es) expect(Entity.safeParse(e).success).toBe(true);
    const berlin = es.find((e) => e.name === 'Berlin');
    expect(berlin?.count).toBe(Math.ceil(1_000_000 / para.length));
  });

  it('returns no absurd names for text without spaces or punctuation', () => {
    const es = [
      ...extractEntities({ title: '', body: 'A'.repeat(200_000) }),
      ...extractEntities({ title: '', body: 'Moscow '.repeat(30_000) }),
    ];
    for (const e of es) for (const m of e.mentions) expect(m.end - m.start).toBeLessThanOrEqual(120);
  });

  it('handles text in other languages and scripts without failing when asked to tag them', () => {
    const all = { languages: null };
    const ru = extractEntities({ title: 'Путин встретился с Трампом', body: 'Президент России Владимир Путин прибыл во Вьетнам.', language: 'ru' }, all);
    const zh = extractEntities({ title: '', body: '普京与特朗普在岘港会面。', language: 'zh' }, all);
    const de = extractEntities({ title: 'Gipfel', body: 'Bundeskanzlerin Angela Merkel traf in Hamburg den französischen Präsidenten.', language: 'de' }, all);
    for (const e of [...ru, ...zh, ...de]) expect(Entity.safeParse(e).success).toBe(true);
    expect(de.some((e) => e.name === 'Hamburg' || e.name === 'Angela Merkel')).toBe(true);
  });
});

describe('languages without a model', () => {
  it('gives text in another language no entities, and says which language in the stats', () => {
    const stats = {} as ExtractStats;
    const input = { title: 'Mattarella a Roma', body: 'Il presidente Sergio Mattarella ha incontrato a Roma il sindaco di Napoli.' };
    expect(extractEntities({ ...input, language: 'it' }, { stats })).toEqual([]);
    expect(stats.language).toBe('it');
    // English in any region, or an unknown language, is tagged.
    expect(extractEntities({ ...input, language: 'en-GB' }).map((e) => e.name)).toContain('Sergio Mattarella');
    expect(extractEntities(input).map((e) => e.name)).toContain('Sergio Mattarella');
    expect(extractEntities({ ...input, language: 'it' }, { languages: null }).map((e) => e.name)).toContain('Sergio Mattarella');
    expect([hasEntityModel('pt-BR'), hasEntityModel('EN_us'), hasEntityModel(undefined), hasEntityModel('it', ['it', 'en'])]).toEqual([false, true, true, true]);
  });
});

describe('one entity, one name and one type across articles', () => {
  it('joins a bracketed abbreviation to the name before it, and names the entity by the full name', () => {
    const body = 'Volkswagen (VW) said on Tuesday it would cut 2,000 jobs in Germany. A VW spokesman said the plan was final, and VW shares fell.';
    const es = extractEntities({ title: 'Carmaker to cut jobs', body, language: 'en' });
    const vw = es.filter((e) => e.name === 'Volkswagen' || e.name === 'VW');
    expect(vw).toHaveLength(1);
    expect(vw[0]).toMatchObject({ name: 'Volkswagen', type: 'ORG', key: 'org:volkswagen', aliases: ['VW'] });
    expect(vw[0]!.mentions).toHaveLength(4);
  });

  it('keeps a country a place in every one of 20 articles, whatever it does in them', () => {
    const contexts = [
      'The United States imposed new sanctions on the company on Monday.',
      'The United States said it would send aid to the region.',
      'Farmers across the United States braced for a late frost.',
      'Officials from the United States and Canada met in Ottawa.',
      'The United States beat Mexico 2-0 in a friendly in Houston.',
      'Exports to the United States rose 4 percent in October.',
      'The United States vetoed the draft resolution at the United Nations.',
      'Wildfires spread across the western United States this week.',
      'The United States will host the summit next year, a spokesman said.',
      'Investors in the United States sold bonds after the report.',
    ];
    const types = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const body = `${contexts[i % contexts.length]} The report was published by the Harbour Gazette on day ${i + 1}.`;
      const us = extractEntities({ title: `Briefing ${i + 1}`, body, language: 'en' }).filter((e) => e.name === 'United States');
      expect(us).toHaveLength(1);
      types.add(`${us[0]!.type} ${us[0]!.key}`);
    }
    expect([...types]).toEqual(['LOC loc:united-states']);
  });
});
