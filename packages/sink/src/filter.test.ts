import { describe, expect, it } from 'vitest';
import { ValidationError } from '@newsflow/core';
import { decodeCursor, encodeCursor, parseArticleQuery, parseTimeBound, searchTerms, toFts5Query, toWebSearchQuery } from './filter.js';

const now = new Date('2026-11-28T12:00:00.000Z');

describe('parseTimeBound', () => {
  it('reads ISO timestamps, dates and ages, always answering in UTC', () => {
    expect(parseTimeBound('2026-11-28T10:00:00+02:00', now)).toBe('2026-11-28T08:00:00.000Z');
    expect(parseTimeBound('2026-11-01', now)).toBe('2026-11-01T00:00:00.000Z');
    expect(parseTimeBound('24h', now)).toBe('2026-11-27T12:00:00.000Z');
    expect(parseTimeBound('7d', now)).toBe('2026-11-21T12:00:00.000Z');
    expect(parseTimeBound('yesterday', now)).toBeNull();
    expect(parseTimeBound('2026-13-45', now)).toBeNull();
  });
});

describe('parseArticleQuery', () => {
  it('turns string parameters into a filter', () => {
    expect(parseArticleQuery({ since: '1d', site: 'Moscow Times', limit: '50', canonical: '1', id: 'aaaaaaaa,bbbbbbbb' }, now)).toEqual({
      since: '2026-11-27T12:00:00.000Z', site: 'Moscow Times', limit: 50, canonicalOnly: true, ids: ['aaaaaaaa', 'bbbbbbbb'],
    });
  });

  it('rejects bad input with a message naming the field', () => {
    const msg = (q: Record<string, unknown>) => {
      try {
        parseArticleQuery(q, now);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(msg({ limit: '0' })).toMatch(/^limit: limit must be at least 1/);
    expect(msg({ limit: 'ten' })).toMatch(/^limit: /);
    expect(msg({ until: 'soon' })).toMatch(/^until: /);
    expect(msg({ q: '' })).toMatch(/^q: /);
    expect(msg({ sort: 'title' })).toMatch(/sort/);
    expect(msg({ since: '2026-11-02', until: '2026-11-01' })).toMatch(/since must be before until/);
    expect(msg({ cursor: 'not-a-cursor' })).toMatch(/cursor/);
  });
});

describe('cursor', () => {
  it('round-trips the last row position', () => {
    const c = { sortAt: '2026-11-28T10:00:00.000Z', id: 'abc12345' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });
});

describe('search text', () => {
  it('keeps words, phrases and OR, and drops syntax that would break a query', () => {
    expect(searchTerms('Lavrov "foreign minister" OR Blinken')).toEqual([['Lavrov'], ['foreign', 'minister'], 'OR', ['Blinken']]);
    expect(toFts5Query('APEC (Lima) -summit NEAR/3 OR')).toBe('"APEC" "Lima" "summit" "NEAR 3"');
    expect(toFts5Query('OR OR')).toBe('');
    expect(toWebSearchQuery('a OR "b c"')).toBe('"a" or "b c"');
  });
});
