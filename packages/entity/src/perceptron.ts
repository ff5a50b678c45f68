import { LABELS } from './spans.js';
import type { SentenceFeatures } from './features.js';

/** Number of BIO labels: O plus B/I for PER, ORG, LOC, MISC. */
export const NL = LABELS.length;
/** Row of the transition table holding start-of-sentence scores. */
export const START = NL;

/** I-X may only follow B-X or I-X; nothing else constrains the label sequence. */
export function allowed(prev: number, cur: number): boolean {
  if (cur === 0 || cur % 2 === 1) return true;
  return prev === cur || prev === cur - 1;
}

/** Emission scores of each token for each label: `out[t * NL + l]`. */
export function emissions(w: Float32Array, f: SentenceFeatures, out: Float64Array): void {
  out.fill(0, 0, f.n * NL);
  const { off, idx } = f;
  for (let t = 0; t < f.n; t++) {
    const o = t * NL;
    for (let k = off[t]!; k < off[t + 1]!; k++) {
      const base = idx[k]! * NL;
      for (let l = 0; l < NL; l++) out[o + l]! += w[base + l]!;
    }
  }
}

/**
 * Emission weights without their all-zero rows: `rows[bucket]` is the bucket's row in `w`, or -1
 * when all its weights are zero. Most buckets are empty (a model's 2^20 rows hold about 170,000 that
 * are not), so the table is a sixth of the size and far more of it stays in the CPU's caches.
 */
export interface SparseWeights {
  rows: Int32Array;
  w: Float32Array;
}

export function sparseWeights(w: Float32Array): SparseWeights {
  const buckets = w.length / NL;
  const rows = new Int32Array(buckets).fill(-1);
  let used = 0;
  for (let r = 0; r < buckets; r++) {
    for (let l = 0; l < NL; l++) {
      if (w[r * NL + l] !== 0) {
        rows[r] = used++;
        break;
      }
    }
  }
  const out = new Float32Array(used * NL);
  for (let r = 0; r < buckets; r++) {
    const to = rows[r]! * NL;
    if (to >= 0) for (let l = 0; l < NL; l++) out[to + l] = w[r * NL + l]!;
  }
  return { rows, w: out };
}

let rowScratch = new Int32Array(1 << 14);

/**
 * {@link emissions} from a {@link SparseWeights} table: the same sums in the same order, less the
 * zero rows (adding 0 leaves a sum as it is), so the scores are equal to the last bit. The rows of
 * a sentence are looked up first, in one loop whose loads do not wait on each other, and each
 * token's nine sums are kept in locals rather than in `out`: this is the tagger's hottest loop.
 */
export function sparseEmissions(sw: SparseWeights, f: SentenceFeatures, out: Float64Array): void {
  const { off, idx } = f;
  const { rows, w } = sw;
  const m = off[f.n]!;
  if (rowScratch.length < m) rowScratch = new Int32Array(m * 2);
  const at = rowScratch;
  for (let k = 0; k < m; k++) at[k] = rows[idx[k]!]!;
  for (let t = 0; t < f.n; t++) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0; // prettier-ignore
    for (let k = off[t]!; k < off[t + 1]!; k++) {
      const r = at[k]!;
      if (r < 0) continue;
      const b = r * 9;
      a0 += w[b]!;
      a1 += w[b + 1]!;
      a2 += w[b + 2]!;
      a3 += w[b + 3]!;
      a4 += w[b + 4]!;
      a5 += w[b + 5]!;
      a6 += w[b + 6]!;
      a7 += w[b + 7]!;
      a8 += w[b + 8]!;
    }
    const o = t * 9;
    out[o] = a0;
    out[o + 1] = a1;
    out[o + 2] = a2;
    out[o + 3] = a3;
    out[o + 4] = a4;
    out[o + 5] = a5;
    out[o + 6] = a6;
    out[o + 7] = a7;
    out[o + 8] = a8;
  }
}
// sparseEmissions is written out for nine labels (O and B/I of four types).
if (NL !== 9) throw new Error(`perceptron: sparseEmissions assumes 9 labels, LABELS has ${NL}`);

/**
 * Best label sequence under emission and transition scores (first-order Viterbi); `t` comes
 * from {@link constrain}, so ill-formed sequences are never chosen.
 */
export function viterbi(em: Float64Array, n: number, t: Float64Array, out: Int8Array): void {
  if (n === 0) return;
  const score = new Float64Array(n * NL);
  const back = new Int8Array(n * NL);
  for (let l = 0; l < NL; l++) score[l] = em[l]! + t[START * NL + l]!;
  for (let i = 1; i < n; i++) {
    const prev = (i - 1) * NL;
    for (let l = 0; l < NL; l++) {
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < NL; p++) {
        const v = score[prev + p]! + t[p * NL + l]!;
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      score[i * NL + l] = best + em[i * NL + l]!;
      back[i * NL + l] = arg;
    }
  }
  let best = -Infinity;
  let arg = 0;
  for (let l = 0; l < NL; l++) {
    if (score[(n - 1) * NL + l]! > best) {
      best = score[(n - 1) * NL + l]!;
      arg = l;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    out[i] = arg;
    arg = back[i * NL + arg]!;
  }
}

/**
 * Transition scores ready for {@link viterbi}: ill-formed transitions (`O` → `I-PER`) at
 * -Infinity. Computed once per model; training recomputes it as the weights change.
 */
export function constrain(trans: Float32Array): Float64Array {
  const t = new Float64Array((NL + 1) * NL);
  for (let p = 0; p <= NL; p++) for (let l = 0; l < NL; l++) t[p * NL + l] = allowed(p === START ? -1 : p, l) ? trans[p * NL + l]! : -Infinity;
  return t;
}

/** Decode one sentence with the given weights (dense, or from {@link sparseWeights}). */
export function decode(w: Float32Array | SparseWeights, trans: Float64Array, f: SentenceFeatures, scratch?: Float64Array): Int8Array {
  const em = scratch && scratch.length >= f.n * NL ? scratch : new Float64Array(f.n * NL);
  if (w instanceof Float32Array) emissions(w, f, em);
  else sparseEmissions(w, f, em);
  const out = new Int8Array(f.n);
  viterbi(em, f.n, trans, out);
  return out;
}
