import { describe, expect, it } from 'vitest';
import type { EntityType } from '@newsflow/contracts';
import { buildEntities, normKey } from './canonical.js';
import type { TaggedSpan } from './spans.js';
import { tokenize } from './tokenize.js';

/** Spans for the given (text, type) mentions, located in `body` in order of appearance. */
function spans(body: string, mentions: Array<[string, EntityType]>): TaggedSpan[] {
  const sentences = tokenize(body);
  let from = 0;
  return mentions.map(([text, type]) => {
    const start = body.indexOf(text, from);
    if (start < 0) throw new Error(`${text} not in body`);
    from = start + text.length;
    const si = sentences.findIndex((s) => s.some((t) => t.start === start));
    const sentence = sentences[si]!;
    const first = sentence.findIndex((t) => t.start === start);
    const last = sentence.findIndex((t) => t.end === start + text.length);
    return { type, field: 'body', start, end: start + text.length, text, sentence, first, last, sentenceIndex: si };
  });
}

describe('buildEntities', () => {
  it('merges a surname into the full name and keeps the title as an attribute', () => {
    const body = 'Russian Foreign Minister Sergei Lavrov arrived. Lavrov said the talks went well.';
    const es = buildEntities(spans(body, [['Sergei Lavrov', 'PER'], ['Lavrov', 'PER']]));
    expect(es).toHaveLength(1);
    expect(es[0]).toMatchObject({ name: 'Sergei Lavrov', type: 'PER', key: 'per:sergei-lavrov', count: 2, aliases: ['Lavrov'], firstPosition: 25 });
    expect(es[0]!.attributes.titles).toEqual(['Russian Foreign Minister']);
  });

  it('maps aliases to one canonical name ("U.S." and "United States")', () => {
    const body = 'The U.S. and the United States of America are one country.';
    const es = buildEntities(spans(body, [['U.S.', 'LOC'], ['United States of America', 'LOC']]));
    expect(es.map((e) => [e.name, e.count])).toEqual([['United States', 2]]);
  });

  it('joins an acronym to the spelled-out organisation and a company to its suffixed name', () => {
    const body = 'Asia-Pacific Economic Cooperation leaders met. APEC said so. Paxar Corp bought a firm. Paxar did.';
    const es = buildEntities(spans(body, [['Asia-Pacific Economic Cooperation', 'ORG'], ['APEC', 'ORG'], ['Paxar Corp', 'ORG'], ['Paxar', 'ORG']]));
    expect(es.map((e) => e.count).sort()).toEqual([2, 2]);
    expect(es.find((e) => e.aliases.includes('APEC') || e.name === 'APEC')!.count).toBe(2);
  });

  it('joins a short company name to the full one, even when mistyped as a person, but not a place', () => {
    const body = 'Dow Chemical Co said profits rose. Dow expects more. Georgia Power Co runs plants in Georgia.';
    const es = buildEntities(spans(body, [['Dow Chemical Co', 'ORG'], ['Dow', 'PER'], ['Georgia Power Co', 'ORG'], ['Georgia', 'LOC']]));
    expect(es.map((e) => [e.name, e.type, e.count]).sort()).toEqual([
      ['Dow Chemical Co', 'ORG', 2],
      ['Georgia Power Co', 'ORG', 1],
      ['Georgia', 'LOC', 1],
    ]);
  });

  it('gives a mistyped mention the type most mentions have', () => {
    const body = 'Peskov spoke. Peskov said. Peskov left.';
    const es = buildEntities(spans(body, [['Peskov', 'PER'], ['Peskov', 'ORG'], ['Peskov', 'PER']]));
    expect(es).toHaveLength(1);
    expect(es[0]!.type).toBe('PER');
  });

  it('types a name followed by an organisation noun as an organisation ("the Interfax news agency")', () => {
    const body = 'The Interfax news agency reported it. Interfax said so.';
    const es = buildEntities(spans(body, [['Interfax', 'LOC'], ['Interfax', 'ORG']]));
    expect(es.map((e) => [e.name, e.type, e.count])).toEqual([['Interfax', 'ORG', 2]]);
  });

  it('normalises names for comparison without case, accents, dots or a leading article', () => {
    expect(normKey('The U.S.')).toBe('us');
    expect(normKey('Zürich’s')).toBe('zurich');
  });
});
