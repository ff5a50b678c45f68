import { describe, expect, it } from 'vitest';
import { SharedFeatures, documentFeatures, documentFeaturizer, type SentenceFeatures } from './features.js';
import { Gazetteer } from './gazetteer.js';

const gaz = new Gazetteer({ LOC: ['North Korea', 'Berlin', 'St. Louis'], NAME: ['Anna', 'Karl'], ORG: ['Acme Corp'] });
// A capitals headline, gazetteer phrases, a title-case line, a table line and a lower-case repeat.
const doc = [
  ['NORTH', 'KOREA', 'TALKS', 'STALL', 'IN', 'BERLIN'],
  ['Anna', 'Novak', 'of', 'Acme', 'Corp', 'visited', 'North', 'Korea', 'and', 'St.', 'Louis', 'on', 'Tuesday', '.'],
  ['Putin', 'and', 'Trump', 'Meet', 'Briefly', 'At', 'Summit'],
  ['Soccer', ':', 'Leeds', '2', 'Arsenal', '1'],
  ['novak', 'said', 'Novak', "'s", 'Berlin', 'office', 'was', 'closed', '.'],
];
const prior = [
  ['O', 'O', 'O', 'O', 'O', 'B-LOC'],
  ['B-PER', 'I-PER', 'O', 'B-ORG', 'I-ORG', 'O', 'B-LOC', 'I-LOC', 'O', 'B-LOC', 'I-LOC', 'O', 'O', 'O'],
  ['B-PER', 'O', 'B-PER', 'O', 'O', 'O', 'O'],
  ['O', 'O', 'B-ORG', 'O', 'B-ORG', 'O'],
  ['O', 'O', 'B-PER', 'O', 'B-LOC', 'O', 'O', 'O', 'O'],
];

/** FNV-1a over every offset and index: one number that changes when any feature does. */
function checksum(fs: SentenceFeatures[]): string {
  let h = 0x811c9dc5;
  for (const f of fs) {
    for (const x of f.off) h = Math.imul(h ^ x, 0x01000193);
    for (const x of f.idx) h = Math.imul(h ^ x, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

const plain = (fs: SentenceFeatures[]) => fs.map((f) => ({ n: f.n, off: [...f.off], idx: [...f.idx] }));

describe('documentFeatures', () => {
  it('hashes the features the shipped model was trained on (a change here needs a retrained model)', () => {
    // Pinned from the implementation the shipped model was trained with.
    expect(checksum(documentFeatures(doc, gaz, 20))).toBe('26b260e3');
    expect(checksum(documentFeatures(doc, gaz, 20, prior))).toBe('90a62001');
    expect(checksum(documentFeatures(doc, gaz, 12, prior))).toBe('dff97001');
  });

  it('gives a second pass sharing the first pass’s features the same features as one hashing everything anew', () => {
    const shared = new SharedFeatures(doc, gaz, 20);
    const first = doc.map((_, si) => documentFeaturizer(doc, gaz, 20, undefined, shared)(si));
    const second = doc.map((_, si) => documentFeaturizer(doc, gaz, 20, prior, shared)(si));
    expect(plain(first)).toEqual(plain(documentFeatures(doc, gaz, 20)));
    expect(plain(second)).toEqual(plain(documentFeatures(doc, gaz, 20, prior)));
    // Each token's features start with its prior-independent ones, in the same order.
    for (const [si, f] of second.entries()) {
      for (let t = 0; t < f.n; t++) {
        const own = [...first[si]!.idx.subarray(first[si]!.off[t]!, first[si]!.off[t + 1]!)];
        expect([...f.idx.subarray(f.off[t]!, f.off[t]! + own.length)]).toEqual(own);
      }
    }
  });

  it('hashes the same features for a document too long to keep them between passes', () => {
    const uncached = new SharedFeatures(doc, gaz, 20, 0);
    const again = doc.map((_, si) => documentFeaturizer(doc, gaz, 20, prior, uncached)(si));
    expect(plain(again)).toEqual(plain(documentFeatures(doc, gaz, 20, prior)));
    // Not kept: every call hashes the sentence again.
    expect(uncached.base(1)).not.toBe(uncached.base(1));
    const cached = new SharedFeatures(doc, gaz, 20);
    expect(cached.base(1)).toBe(cached.base(1));
  });

  it('refuses shared features of another document or size', () => {
    const shared = new SharedFeatures(doc, gaz, 20);
    expect(() => documentFeaturizer(doc.slice(1), gaz, 20, undefined, shared)).toThrow(RangeError);
    expect(() => documentFeaturizer(doc, gaz, 18, undefined, shared)).toThrow(RangeError);
  });
});
