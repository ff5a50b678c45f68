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

type Weights = ReadonlyArray<readonly [number, number]>;

function dotWith(m: ReadonlyMap<number, number>, b: Weights): number {
  let s = 0;
  for (const [h, w] of b) {
    const v = m.get(h);
    if (v !== undefined) s += v * w;
  }
  return s;
}

const asMap = (a: Weights) => new Map<number, number>(a as Array<[number, number]>);

/**
 * `storySimilarity(a, ·)` with `a`'s weights indexed once: the online assignment scores one
 * article against its candidates with it.
 */
export function storyScorer(a: StoryFeatures): (b: StoryFeatures) => number {
  const terms = asMap(a.terms);
  const entities = asMap(a.entities);
  return (b) => combine(dotWith(terms, b.terms), dotWith(entities, b.entities), timeFactor(a, b));
}

function timeFactor(a: StoryFeatures, b: StoryFeatures): number {
  const days = a.at && b.at ? Math.abs(a.at - b.at) / 86_400_000 : 0;
  return 2 ** (-days / SIMILARITY.halfLifeDays);
}

function combine(terms: number, entities: number, time: number): number {
  const raw = SIMILARITY.terms * terms + SIMILARITY.entities * entities;
  return Math.min(1, Math.sqrt(Math.max(0, raw)) * time);
}

/** The components, for reports. */
export function similarityParts(a: StoryFeatures, b: StoryFeatures): { terms: number; entities: number; time: number } {
  return { terms: dotWith(asMap(a.terms), b.terms), entities: dotWith(asMap(a.entities), b.entities), time: timeFactor(a, b) };
}

export function storySimilarity(a: StoryFeatures, b: StoryFeatures): number {
  return storyScorer(a)(b);
}

/** Plain TF-IDF cosine of the kept terms. */
export function termCosine(a: StoryFeatures, b: StoryFeatures): number {
  return dotWith(asMap(a.terms), b.terms);
}
