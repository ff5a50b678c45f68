import { describe, expect, it } from 'vitest';
import { useHarness } from '@newsflow/testing';
import { evaluatePairs, type PairLine } from '@newsflow/dedupe';
import { STORIES } from './fixtures.js';

const h = useHarness();

const doc = (url: string, paragraphs: string[]) => ({ url, title: '', text: paragraphs.join('\n\n') });

describe('evaluatePairs', () => {
  it('scores each pair in a fresh index and reports precision, recall and the confusion per kind', async () => {
    const t = h();
    const redis = t.connection();
    const pairs: PairLine[] = [
      { a: doc('https://a.example/1', STORIES[0]!), b: doc('https://b.example/1', ['Share this', ...STORIES[0]!]), label: 'duplicate', kind: 'boilerplate' },
      // The same body in pair 3 must not leak from pair 1's index.
      { a: doc('https://a.example/2', STORIES[1]!), b: doc('https://b.example/2', STORIES[2]!), label: 'distinct', kind: 'different' },
      { a: doc('https://a.example/3', STORIES[2]!), b: doc('https://b.example/3', STORIES[0]!), label: 'distinct', kind: 'different' },
      // Labelled wrongly on purpose: a true copy marked distinct must count as a false positive.
      { a: doc('https://a.example/4', STORIES[1]!), b: doc('https://b.example/4', STORIES[1]!), label: 'distinct', kind: 'mislabelled' },
    ];
    const r = await evaluatePairs(pairs, { redis });
    expect(r).toMatchObject({ pairs: 4, tp: 1, fp: 1, tn: 2, fn: 0, precision: 0.5, recall: 1 });
    expect(r.byKind.different).toMatchObject({ pairs: 2, tn: 2, accuracy: 1 });
    expect(r.misses).toEqual([expect.objectContaining({ line: 4, kind: 'mislabelled', label: 'distinct', similarity: 1 })]);
    expect(await redis.keys('{nfeval-*')).toEqual([]);
  });
});
