import { words } from './normalize.js';

/** murmur3's 32-bit finalizer: a cheap, well-mixed bijection on 32-bit integers. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finished with fmix32. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h >>> 0);
}

/**
 * Distinct hashes of the word `size`-shingles of a text. A text shorter than `size` words gives one
 * shingle of all its words, so short texts still compare.
 */
export function shingleHashes(text: string, size: number): Uint32Array {
  const w = words(text).map(hashString);
  if (w.length === 0) return new Uint32Array(0);
  const k = Math.min(size, w.length);
  const set = new Set<number>();
  for (let i = 0; i + k <= w.length; i++) {
    let h = 0x9e3779b9 ^ k;
    for (let j = 0; j < k; j++) h = fmix32((Math.imul(h, 31) + w[i + j]!) >>> 0);
    set.add(h);
  }
  return Uint32Array.from(set);
}

const seedCache = new Map<number, Uint32Array>();

/** Fixed seeds for the permutations: every worker of every version must derive the same ones. */
function seeds(numPerm: number): Uint32Array {
  let s = seedCache.get(numPerm);
  if (!s) {
    s = new Uint32Array(numPerm);
    let x = 0x2545f491;
    for (let i = 0; i < numPerm; i++) {
      x = fmix32((x + 0x9e3779b9) >>> 0);
      s[i] = x;
    }
    seedCache.set(numPerm, s);
  }
  return s;
}

/**
 * MinHash signature: for each of `numPerm` hash functions, the minimum over the shingle set. The
 * share of equal positions in two signatures estimates the Jaccard similarity of the sets.
 */
export function minhash(shingles: Uint32Array, numPerm: number): Uint32Array {
  const sig = new Uint32Array(numPerm).fill(0xffffffff);
  const sd = seeds(numPerm);
  for (let p = 0; p < numPerm; p++) {
    const seed = sd[p]!;
    let min = 0xffffffff;
    for (let i = 0; i < shingles.length; i++) {
      const v = fmix32((shingles[i]! ^ seed) >>> 0);
      if (v < min) min = v;
    }
    sig[p] = min;
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures of equal length. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : 0;
}

/**
 * Containment of the smaller set in the larger, estimated from Jaccard and set sizes:
 * |A∩B| = J(|A|+|B|)/(1+J). A truncated wire copy has low Jaccard but containment near 1.
 */
export function estimateContainment(jaccard: number, sizeA: number, sizeB: number): number {
  const small = Math.min(sizeA, sizeB);
  if (small === 0) return 0;
  const inter = (jaccard * (sizeA + sizeB)) / (1 + jaccard);
  return Math.min(1, inter / small);
}
