import { describe, expect, it } from 'vitest';
import { splitAuthors } from './authors.js';

describe('splitAuthors', () => {
  it.each([
    ['By Jane Doe and John Roe, Reuters', ['Jane Doe', 'John Roe', 'Reuters']],
    ['By Jana Novak, Transport Correspondent', ['Jana Novak']],
    ['Artikel von: hausinfo', ['hausinfo']],
    ['Beitragvon r23 »', ['r23']],
    [': Joe S.', ['Joe S.']],
    ['By Perry Bacon Jr.', ['Perry Bacon Jr.']],
    ['Auteur: Anna Kubišta', ['Anna Kubišta']],
    ['Christoph Hein Chefredakteur', ['Christoph Hein']],
    ['Redaktion 1. November 2023 10:29', ['Redaktion']],
    ['Johanna Kropfitsch Alle Artikel', ['Johanna Kropfitsch']],
    ['Jane Doe.', ['Jane Doe']],
    ['Poppy Reid Feb 21, 2020', ['Poppy Reid']],
    ['Veröffentlicht am 12.03.2021', []],
    ['jane@example.com', []],
  ])('%j → %j', (raw, names) => {
    expect(splitAuthors(raw)).toEqual(names);
  });
});
