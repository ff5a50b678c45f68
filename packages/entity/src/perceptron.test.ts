import { describe, expect, it } from 'vitest';
import type { SentenceFeatures } from './features.js';
import { NL, START, constrain, decode, emissions, sparseEmissions, sparseWeights } from './perceptron.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUCKETS = 4096;

/** Weights where most rows are all zero, as in a trained model, and a row can hold single zeros. */
function weights(rand: () => number): Float32Array {
  const w = new Float32Array(BUCKETS * NL);
  for (let r = 0; r < BUCKETS; r++) {
    if (rand() < 0.8) continue;
    for (let l = 0; l < NL; l++) w[r * NL + l] = rand() < 0.2 ? 0 : (rand() - 0.5) * 7.3;
  }
  return w;
}

function sentence(rand: () => number, n: number): SentenceFeatures {
  const off = new Int32Array(n + 1);
  const idx: number[] = [];
  for (let t = 0; t < n; t++) {
    off[t] = idx.length;
    const k = 1 + Math.floor(rand() * 60);
    for (let i = 0; i < k; i++) idx.push(Math.floor(rand() * BUCKETS));
  }
  off[n] = idx.length;
  return { n, off, idx: Int32Array.from(idx) };
}

describe('sparse emission weights', () => {
  it('keep only the rows with a non-zero weight', () => {
    const w = new Float32Array(4 * NL);
    w[1 * NL + 3] = 2.5;
    w[3 * NL + 0] = -1;
    const sw = sparseWeights(w);
    expect([...sw.rows]).toEqual([-1, 0, -1, 1]);
    expect(sw.w.length).toBe(2 * NL);
    expect(sw.w[3]).toBe(2.5);
    expect(sw.w[NL]).toBe(-1);
  });

  it('score every token exactly as the dense weights do, to the last bit', () => {
    const rand = rng(7);
    const w = weights(rand);
    const sw = sparseWeights(w);
    for (const n of [1, 2, 17, 300]) {
      const f = sentence(rand, n);
      const dense = new Float64Array(n * NL);
      const sparse = new Float64Array(n * NL).fill(Number.NaN);
      emissions(w, f, dense);
      sparseEmissions(sw, f, sparse);
      expect([...sparse]).toEqual([...dense]);
    }
  });

  it('decode to the same labels as the dense weights', () => {
    const rand = rng(11);
    const w = weights(rand);
    const trans = new Float32Array((NL + 1) * NL).map(() => (rand() - 0.5) * 3);
    trans[START * NL] = 0.5;
    const t = constrain(trans);
    const sw = sparseWeights(w);
    for (let i = 0; i < 20; i++) {
      const f = sentence(rand, 1 + Math.floor(rand() * 40));
      expect([...decode(sw, t, f)]).toEqual([...decode(w, t, f)]);
    }
  });
});
