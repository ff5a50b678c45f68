import { describe, expect, it } from 'vitest';
import { diffVersions, summarize } from './changes.js';

const v1 = {
  title: 'Bridge to close',
  body: '',
  paragraphs: [{ text: 'The bridge closes on Monday.' }, { text: 'Repairs take a year.' }],
  corrections: [],
};

describe('diffVersions', () => {
  it('counts paragraphs added and removed and records a correction the parser lifted out', () => {
    const v2 = { ...v1, paragraphs: [v1.paragraphs[0]!, { text: 'Repairs take eighteen months.' }], corrections: [{ text: 'An earlier version gave the wrong duration.' }] };
    expect(diffVersions(summarize(v1), v2)).toEqual({ paragraphsAdded: 1, paragraphsRemoved: 1, correctionsAdded: ['An earlier version gave the wrong duration.'], titleChanged: false });
  });

  it('records an appended "Correction:" paragraph and a changed title', () => {
    const fix = 'CORRECTION: The bridge closes on Tuesday, not Monday.';
    const v2 = { ...v1, title: 'Bridge to close on Tuesday', paragraphs: [...v1.paragraphs, { text: fix }] };
    expect(diffVersions(summarize(v1), v2)).toEqual({ paragraphsAdded: 1, paragraphsRemoved: 0, correctionsAdded: [fix], titleChanged: true });
  });

  it('splits the body into paragraphs when the parser gave none', () => {
    const a = { title: 't', body: 'One.\n\nTwo.', paragraphs: [], corrections: [] };
    const b = { ...a, body: 'One.\n\nTwo.\n\nThree.' };
    expect(diffVersions(summarize(a), b)).toMatchObject({ paragraphsAdded: 1, paragraphsRemoved: 0 });
  });
});
