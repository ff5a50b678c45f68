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

/** Decode one sentence with the given weights. */
export function decode(w: Float32Array, trans: Float64Array, f: SentenceFeatures, scratch?: Float64Array): Int8Array {
  const em = scratch && scratch.length >= f.n * NL ? scratch : new Float64Array(f.n * NL);
  emissions(w, f, em);
  const out = new Int8Array(f.n);
  viterbi(em, f.n, trans, out);
  return out;
}
