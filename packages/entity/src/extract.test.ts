import { describe, expect, it } from 'vitest';
import { Entity } from '@newsflow/contracts';
import { extractEntities } from './extract.js';
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

  it('handles text in other languages and scripts without failing', () => {
    const ru = extractEntities({ title: 'Путин встретился с Трампом', body: 'Президент России Владимир Путин прибыл во Вьетнам.', language: 'ru' });
    const zh = extractEntities({ title: '', body: '普京与特朗普在岘港会面。', language: 'zh' });
    const de = extractEntities({ title: 'Gipfel', body: 'Bundeskanzlerin Angela Merkel traf in Hamburg den französischen Präsidenten.', language: 'de' });
    for (const e of [...ru, ...zh, ...de]) expect(Entity.safeParse(e).success).toBe(true);
    expect(de.some((e) => e.name === 'Hamburg' || e.name === 'Angela Merkel')).toBe(true);
  });
});
