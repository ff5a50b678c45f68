/**
 * The scrapinghub article-extraction-benchmark metric, reimplemented: tokens are runs of Unicode
 * letters, digits and `_` (Python's `\w+`); a text becomes the multiset of its n-token shingles
 * (a text shorter than n is one shingle); per document, TP/FP/FN are the multiset overlaps
 * normalised by their sum; precision and recall are averaged over documents, and F1 is the
 * harmonic mean of the two averages.
 */

const TOKEN = /[\p{L}\p{N}_]+/gu;

export function tokenize(text: string | null | undefined): string[] {
  return (text ?? '').match(TOKEN) ?? [];
}

export function shingles(text: string | null | undefined, n = 4): Map<string, number> {
  const tokens = tokenize(text);
  const out = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const s = tokens.slice(i, i + n).join(' ');
    if (s) out.set(s, (out.get(s) ?? 0) + 1);
  }
  return out;
}

export interface Overlap {
  tp: number;
  fp: number;
  fn: number;
}

/** Normalised TP/FP/FN of one document (they sum to 1, or are all 0 for two empty texts). */
export function shingleOverlap(truth: string | null | undefined, prediction: string | null | undefined, n = 4): Overlap {
  const t = shingles(truth, n);
  const p = shingles(prediction, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, tc] of t) {
    const pc = p.get(k) ?? 0;
    tp += Math.min(tc, pc);
    fn += Math.max(0, tc - pc);
  }
  for (const [k, pc] of p) fp += Math.max(0, pc - (t.get(k) ?? 0));
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp: 0, fp: 0, fn: 0 };
}

export interface PrfScores {
  precision: number;
  recall: number;
  f1: number;
}

/** Macro precision and recall over documents, F1 of the two. */
export function macroScores(overlaps: Overlap[]): PrfScores {
  const ps = overlaps.filter((o) => o.tp + o.fp > 0).map((o) => o.tp / (o.tp + o.fp));
  const rs = overlaps.filter((o) => o.tp + o.fn > 0).map((o) => o.tp / (o.tp + o.fn));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const precision = mean(ps);
  const recall = mean(rs);
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}
