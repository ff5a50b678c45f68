import { describe, expect, it } from 'vitest';
import { estimateContainment, estimateJaccard, minhash, shingleHashes } from './minhash.js';

function text(n: number, offset = 0): string {
  return Array.from({ length: n }, (_, i) => `w${i + offset}`).join(' ');
}

function jaccard(a: Uint32Array, b: Uint32Array): number {
  const sa = new Set(a);
  const inter = [...new Set(b)].filter((x) => sa.has(x)).length;
  return inter / (sa.size + new Set(b).size - inter);
}

describe('MinHash', () => {
  it('estimates Jaccard within a few points of the exact value', () => {
    const a = shingleHashes(text(400), 3);
    const b = shingleHashes(text(400, 150), 3);
    const exact = jaccard(a, b);
    const est = estimateJaccard(minhash(a, 256), minhash(b, 256));
    expect(exact).toBeGreaterThan(0.3);
    expect(Math.abs(est - exact)).toBeLessThan(0.08);
  });

  it('gives identical texts identical signatures, so their bands always collide', () => {
    const s1 = minhash(shingleHashes('one two three four five six', 3), 128);
    const s2 = minhash(shingleHashes('One, two; three four five six!', 3), 128);
    expect(estimateJaccard(s1, s2)).toBe(1);
    expect(Array.from(s1)).toEqual(Array.from(s2));
  });

  it('makes one shingle of a text shorter than the shingle size, and none of an empty one', () => {
    expect(shingleHashes('breaking news', 3)).toHaveLength(1);
    expect(shingleHashes(' ... ', 3)).toHaveLength(0);
  });

  it('estimates containment of a truncated copy near 1 while its Jaccard is low', () => {
    const full = shingleHashes(text(1000), 3);
    const cut = shingleHashes(text(300), 3);
    const j = estimateJaccard(minhash(full, 128), minhash(cut, 128));
    expect(j).toBeLessThan(0.5);
    expect(estimateContainment(j, full.length, cut.length)).toBeGreaterThan(0.8);
  });
});
