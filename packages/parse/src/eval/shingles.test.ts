import { describe, expect, it } from 'vitest';
import { macroScores, shingleOverlap, tokenize } from './shingles.js';

describe('scrapinghub shingle metric', () => {
  // The upstream benchmark's own test cases, with 3-token shingles.
  it.each([
    ['a b c', 'a b c', { tp: 1, fp: 0, fn: 0 }],
    ['a b c d', 'a b c', { tp: 0.5, fp: 0, fn: 0.5 }],
    ['a b c a b c', 'a b c', { tp: 0.25, fp: 0, fn: 0.75 }],
    ['', '', { tp: 0, fp: 0, fn: 0 }],
  ])('truth %j, prediction %j', (truth, pred, expected) => {
    expect(shingleOverlap(truth, pred, 3)).toEqual(expected);
  });

  it('tokenizes Unicode letters, digits and underscore, case kept', () => {
    expect(tokenize('Ärger, 3½ snake_case — Δx!')).toEqual(['Ärger', '3½', 'snake_case', 'Δx']);
  });

  it('averages precision and recall over documents, skipping documents with nothing to score', () => {
    const s = macroScores([
      { tp: 1, fp: 0, fn: 0 },
      { tp: 0.5, fp: 0, fn: 0.5 },
      { tp: 0, fp: 0, fn: 0 },
      { tp: 0, fp: 0, fn: 1 },
    ]);
    expect(s.precision).toBeCloseTo(1);
    expect(s.recall).toBeCloseTo(0.5);
    expect(s.f1).toBeCloseTo(2 / 3);
  });
});
