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
 * Best label sequence under emission and transition scores (first-order Viterbi), with
 * ill-formed transitions (`O` → `I-PER`) excluded.
 */
export function viterbi(em: Float64Array, n: number, trans: Float32Array, out: Int8Array): void {
  if (n === 0) return;
  const score = new Float64Array(n * NL);
  const back = new Int8Array(n * NL);
  for (let l = 0; l < NL; l++) score[l] = allowed(-1, l) && !(l % 2 === 0 && l > 0) ? em[l]! + trans[START * NL + l]! : -Infinity;
  for (let t = 1; t < n; t++) {
    for (let l = 0; l < NL; l++) {
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < NL; p++) {
        if (!allowed(p, l)) continue;
        const v = score[(t - 1) * NL + p]! + trans[p * NL + l]!;
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      score[t * NL + l] = best + em[t * NL + l]!;
      back[t * NL + l] = arg;
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
  for (let t = n - 1; t >= 0; t--) {
    out[t] = arg;
    arg = back[t * NL + arg]!;
  }
}

/** Decode one sentence with the given weights. */
export function decode(w: Float32Array, trans: Float32Array, f: SentenceFeatures, scratch?: Float64Array): Int8Array {
  const em = scratch && scratch.length >= f.n * NL ? scratch : new Float64Array(f.n * NL);
  emissions(w, f, em);
  const out = new Int8Array(f.n);
  viterbi(em, f.n, trans, out);
  return out;
}
