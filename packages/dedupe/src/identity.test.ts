import { describe, expect, it } from 'vitest';
import { capitalisedNames, identityOf, leadShingleText, leadSpan, numbersOf, sketch } from './identity.js';

describe('identity of a text', () => {
  it('collects figures, dates, scores and times as written', () => {
    expect([...numbersOf('Revenue rose 4.5% to $1,234.5 million on 2026-11-28; they won 102-98 at 3:30 p.m. in 007 minutes.')].sort()).toEqual(
      ['1,234.5', '102-98', '2026-11-28', '3:30', '4.5', '7'].sort(),
    );
  });

  it('takes capitalised words that do not start a sentence as names', () => {
    const names = capitalisedNames('The board of Acme Corp met in Springfield. Shares rose. "We are pleased," said Ada Brennan\u2019s deputy.\nWeather was fine.');
    expect([...names].sort()).toEqual(['acme', 'ada', 'brennan', 'corp', 'springfield']);
  });

  it('uses the entity stage keys of the body when there are some, and the text otherwise, marking what occurs after the lead', () => {
    const text = 'Shares of Acme Corp rose 3 percent on Monday, the exchange said.\n\nThe chain Acme Corp said 5 new stores would open.';
    const tail = text.indexOf('Acme Corp said');
    const ents = [
      { key: 'ORG:Acme Corporation', mentions: [{ start: 10 }, { start: tail }] },
      { key: 'MISC:monday', mentions: [{ start: 40 }] },
      { key: 'LOC:wall street', mentions: [{ start: 0, field: 'title' as const }] },
    ];
    expect(identityOf(text, ents)).toEqual({
      items: new Map([['#3', false], ['#5', true], ['org:acme corporation', true], ['misc:monday', false]]),
      nameSource: 'entities',
    });
    expect(identityOf(text, [])).toEqual({
      items: new Map([['#3', false], ['#5', true], ['acme', true], ['corp', true], ['monday', false]]),
      nameSource: 'text',
    });
  });

  it('keeps the k smallest hashes, flagged when after the lead, so two sketches of one set agree', () => {
    const items = new Map(Array.from({ length: 100 }, (_, i) => [`item${i}`, i % 2 === 0] as const));
    const s = sketch({ items, nameSource: 'text' }, 24);
    expect(s).toHaveLength(24);
    expect([...s].sort((a, b) => a - b)).toEqual(s);
    expect(s.every((h) => h >= 0 && h < 65536)).toBe(true);
    expect(sketch({ items: new Map([...items].reverse()), nameSource: 'text' }, 24)).toEqual(s);
    expect(sketch({ items: new Map([['only', true], ['other', false]]), nameSource: 'text' }, 24).map((h) => h & 1).sort()).toEqual([0, 1]);
  });

  it('starts the lead at the first paragraph of real text, past short header lines', () => {
    const body = 'Advertisement\n\nBy Jane Roe\n\nThe city council voted on Tuesday to close the old harbour bridge.\n\nMore text.';
    expect(leadShingleText(body)).toBe('The city council voted on Tuesday to close the old harbour bridge.\n\nMore text.');
    expect(leadShingleText('Short.\n\nAlso short.')).toBe('Short.\n\nAlso short.');
    expect(body.slice(leadSpan(body).end)).toBe('\n\nMore text.');
  });
});
