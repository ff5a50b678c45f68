import { describe, expect, it } from 'vitest';
import { dateFromUrl, isDateLine, parseDate } from './dates.js';

describe('parseDate', () => {
  it.each([
    ['2019-11-19T08:03:00-05:00', '2019-11-19T08:03:00-05:00'],
    ['2019-11-19', '2019-11-19T00:00:00.000Z'],
    ['Nov. 19, 2019 8:03 pm ET', '2019-11-19T20:03:00.000Z'],
    ['Updated 10:48, Tue, Nov 19, 2019', '2019-11-19T00:00:00.000Z'],
    ['6. Mai 2014', '2014-05-06T00:00:00.000Z'],
    ['3 de mayo de 2022', '2022-05-03T00:00:00.000Z'],
    ['12 février 2021', '2021-02-12T00:00:00.000Z'],
    ['08.11.2017', '2017-11-08T00:00:00.000Z'],
  ])('%s → %s', (raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });

  it('rejects what is not a date', () => {
    expect(parseDate('5 min read')).toBeUndefined();
    expect(parseDate('Chapter 12 of 2000 words')).toBeUndefined();
    expect(parseDate('2019-13-45')).toBeUndefined();
  });
});

describe('dateFromUrl and isDateLine', () => {
  it('reads /yyyy/mm/dd/ paths only', () => {
    expect(dateFromUrl('https://example.com/2020/01/13/a-story/')).toBe('2020-01-13T00:00:00.000Z');
    expect(dateFromUrl('https://example.com/news/2020-01/story')).toBeUndefined();
  });

  it('tells a dateline from a sentence', () => {
    expect(isDateLine('Published: November 19, 2019')).toBe(true);
    expect(isDateLine('Updated at 1:23 p.m.')).toBe(true);
    expect(isDateLine('Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM')).toBe(true);
    expect(isDateLine('sexta-feira, 22 de outubro de 2010 às 20:13')).toBe(true);
    expect(isDateLine('Updated Nov 19; the council meets again on Friday to vote')).toBe(false);
    expect(isDateLine('Aktualisiert um 10:04 Uhr')).toBe(true);
    expect(isDateLine('Updated at 1:23 p.m. with comments from the mayor')).toBe(false);
    expect(isDateLine('Erstellt am Dienstag 6. Mai 2014')).toBe(true);
    expect(isDateLine('| UPDATED: 11:05, Tue, Nov 19, 2019')).toBe(true);
    expect(isDateLine('The vote on November 19, 2019 was close and the count took two days.')).toBe(false);
  });
});
