import type { StoryFeatures } from './features.js';

/**
 * How much two articles report the same story, 0..1: the one score the online assignment joins
 * stories by and `eval stories` measures. A weighted sum of the cosine of their distinctive words,
 * and the cosine of their entities, square-rooted (the human scale is closer to linear in it),
 * damped when they were published far apart. Weights were fitted on the SemEval-2022 Task 8 training sample (see docs/stories.md).
 */
export const SIMILARITY = {
  terms: 0.8,
  entities: 0.2,
  /** Days apart at which the score is halved; stories are days, not months. */
  halfLifeDays: 7,
} as const;

function dot(a: ReadonlyArray<readonly [number, number]>, b: ReadonlyArray<readonly [number, number]>): number {
  if (!a.length || !b.length) return 0;
  const m = new Map<number, number>(a as Array<[number, number]>);
  let s = 0;
  for (const [h, w] of b) {
    const v = m.get(h);
    if (v !== undefined) s += v * w;
  }
  return s;
}

/** The components, for reports. */
export function similarityParts(a: StoryFeatures, b: StoryFeatures): { terms: number; entities: number; time: number } {
  const days = a.at && b.at ? Math.abs(a.at - b.at) / 86_400_000 : 0;
  return { terms: dot(a.terms, b.terms), entities: dot(a.entities, b.entities), time: 2 ** (-days / SIMILARITY.halfLifeDays) };
}

export function storySimilarity(a: StoryFeatures, b: StoryFeatures): number {
  const p = similarityParts(a, b);
  const raw = SIMILARITY.terms * p.terms + SIMILARITY.entities * p.entities;
  return Math.min(1, Math.sqrt(Math.max(0, raw)) * p.time);
}

/** Plain TF-IDF cosine of the kept terms: the baseline `eval stories` reports beside the score. */
export function termCosine(a: StoryFeatures, b: StoryFeatures): number {
  return dot(a.terms, b.terms);
}
