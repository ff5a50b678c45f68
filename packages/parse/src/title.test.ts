import { describe, expect, it } from 'vitest';
import { headlineOf, titleFromDocument } from './title.js';

const none = { h1: [], headings: [] };

describe('titleFromDocument: the <title> element when the page has no metadata title', () => {
  it('cuts the last part after a separator, or the first when that leaves under three words', () => {
    expect(titleFromDocument('Parliament backs tram line revival | Eastern Courier', none)).toBe('Parliament backs tram line revival');
    expect(titleFromDocument('Courier | Tram revival', none)).toBe('Courier | Tram revival');
    expect(titleFromDocument('Eastern Courier | Parliament backs tram line revival', none)).toBe('Parliament backs tram line revival');
  });

  it('keeps the whole element when cutting leaves four words or fewer', () => {
    expect(titleFromDocument('Mozilla - Wikipedia', none)).toBe('Mozilla - Wikipedia');
    expect(titleFromDocument('Short news - Site', none)).toBe('Short news - Site');
  });

  it('takes the text after a colon unless a heading repeats the whole title', () => {
    expect(titleFromDocument('Courier: Parliament backs the tram line revival', none)).toBe('Parliament backs the tram line revival');
    const repeated = 'Transport: Parliament backs the tram line revival';
    expect(titleFromDocument(repeated, { h1: [repeated], headings: [repeated] })).toBe(repeated);
  });

  it('falls back to the single <h1> when the element is missing or very short, and to nothing without one', () => {
    expect(titleFromDocument('', { h1: ['Parliament backs tram line revival'], headings: ['Parliament backs tram line revival'] })).toBe('Parliament backs tram line revival');
    expect(titleFromDocument(undefined, none)).toBe('');
  });
});

describe('headlineOf: the headline readers see, without the site name', () => {
  const url = 'https://courier.example/transport/tram';

  it('takes the <h1> the title contains', () => {
    expect(headlineOf('How to Build a Terrarium | eHow', undefined, { h1: ['How to Build a Terrarium'], headings: [] }, 'eHow', url)).toBe('How to Build a Terrarium');
  });

  it('skips an <h1> that names the site, and takes the story heading after it', () => {
    const page = { h1: ['Marktplatz für ein gutes Leben', 'Alles hat seine Zeit…'], headings: [] };
    expect(headlineOf('Alles hat seine Zeit...', 'Alles hat seine Zeit… | Marktplatz für ein gutes Leben', page, undefined, url)).toBe('Alles hat seine Zeit…');
  });

  it('cuts only the parts of the title that name the site', () => {
    expect(headlineOf('Parliament backs tram line revival - Eastern Courier', undefined, none, 'Eastern Courier', url)).toBe('Parliament backs tram line revival');
    expect(headlineOf('Tram line revival | Courier.example', undefined, none, undefined, url)).toBe('Tram line revival');
    // Not a site name: the second half is part of the headline.
    expect(headlineOf('How we designed Dropbox’s ATF - an async task framework', undefined, none, 'Dropbox', 'https://dropbox.tech/x')).toBe(
      'How we designed Dropbox’s ATF - an async task framework',
    );
  });

  it('takes the heading that tells the same story in other words, not an unrelated one', () => {
    const h1 = 'VW-Chef warnt vor Tesla und "Golf aus China"';
    expect(headlineOf("VW-Chef Diess warnt vor Tesla und 'Golf aus China'", undefined, { h1: [h1], headings: [h1] }, 'oe24', url)).toBe(h1);
    expect(headlineOf('The sharing economy is a lie: Uber and Ayn Rand', undefined, { h1: ['Salon'], headings: ['Salon'] }, 'Salon', url)).toBe(
      'The sharing economy is a lie: Uber and Ayn Rand',
    );
  });

  it('takes the last level of a "Site » Blog » Story" hierarchy', () => {
    const doc = 'Four Years Remaining » Blog Archive » Interning of Small Integers in Python';
    expect(headlineOf('Four Years Remaining » Blog Archive', doc, { h1: ['Four Years Remaining'], headings: [] }, undefined, 'https://fouryears.eu/x')).toBe(
      'Interning of Small Integers in Python',
    );
  });
});
