import { ValidationError } from '@newsflow/core';
import { words } from '../normalize.js';
import { dfBucket, entityHash, storyFeatures, termHashes, type DocFrequencies, type StoryFeatures, type StoryInput } from '../story/features.js';
import { storySimilarity } from '../story/similarity.js';
import { DEFAULT_OPTIONS } from '../options.js';
import { csvRecords } from './csv.js';

/** One SemEval-2022 Task 8 row: two articles and the human `Overall` score (1 = same story … 4 = unrelated). */
export interface StoryPairRow {
  pairId: string;
  lang1: string;
  lang2: string;
  text1: string;
  text2: string;
  overall: number;
}

/** Rows with both texts and a numeric score; the columns the task's CSV files have. */
export function parseStoryPairs(csv: string, source = 'CSV'): StoryPairRow[] {
  const recs = csvRecords(csv);
  const first = recs[0];
  if (first && !['pair_id', 'text1', 'text2', 'Overall'].every((c) => c in first)) {
    throw new ValidationError(`${source}: needs the columns pair_id, lang1, lang2, text1, text2, Overall (SemEval-2022 Task 8 layout)`);
  }
  return recs
    .map((r) => ({ pairId: r.pair_id ?? '', lang1: r.lang1 ?? '', lang2: r.lang2 ?? '', text1: r.text1 ?? '', text2: r.text2 ?? '', overall: Number(r.Overall) }))
    .filter((r) => r.text1.trim() && r.text2.trim() && Number.isFinite(r.overall));
}

/**
 * The task's texts are the headline and the body joined by two spaces (as the scraper wrote them):
 * split there when the first part is headline-sized.
 */
export function splitTitle(text: string): { title: string; body: string } {
  const at = text.indexOf('  ');
  return at > 0 && at < 250 ? { title: text.slice(0, at).trim(), body: text.slice(at).trim() } : { title: '', body: text.trim() };
}

export interface StoryEvalOptions {
  /** The entity stage's extraction, run on every text (the score reads entity keys). @defaultValue none (no entities) */
  entities?: (doc: { title: string; body: string; language: string }) => StoryInput['entities'];
  /** Score at or above which two articles are one story. @defaultValue the online assignment's threshold */
  threshold?: number;
}

export interface PairwiseScore {
  /** Pairs the humans call the same story (`Overall` ≤ 1.5) / different (≥ 3) / in between. */
  same: number;
  different: number;
  middle: number;
  /** Of the middle band, how many the score puts in one story. */
  middleJoined: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface StoryEvalGroup extends PairwiseScore {
  languages: string;
  pairs: number;
  /** Pearson of the story score against −Overall (higher = better). */
  pearson: number;
  /** The same for a plain TF-IDF cosine over all words. */
  baselinePearson: number;
}

export interface StoryEvalReport {
  threshold: number;
  texts: number;
  all: StoryEvalGroup;
  byLanguage: StoryEvalGroup[];
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2) return NaN;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sx += (x[i]! - mx) ** 2;
    sy += (y[i]! - my) ** 2;
  }
  return sx && sy ? sxy / Math.sqrt(sx * sy) : NaN;
}

/** Plain TF-IDF (raw counts × log idf, every word) cosine: the baseline. */
function baselineVectors(texts: readonly string[]): Map<string, Map<string, number>> {
  const df = new Map<string, number>();
  const tfs = texts.map((t) => {
    const tf = new Map<string, number>();
    for (const w of words(t)) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const w of tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
    return tf;
  });
  const out = new Map<string, Map<string, number>>();
  texts.forEach((t, i) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, n] of tfs[i]!) {
      const x = n * Math.log((texts.length + 1) / (df.get(w)! + 1));
      v.set(w, x);
      norm += x * x;
    }
    for (const [w, x] of v) v.set(w, x / (Math.sqrt(norm) || 1));
    out.set(t, v);
  });
  return out;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let s = 0;
  for (const [w, x] of a) s += x * (b.get(w) ?? 0);
  return s;
}

function group(languages: string, items: Array<{ overall: number; score: number; baseline: number }>, threshold: number): StoryEvalGroup {
  let same = 0, different = 0, middle = 0, middleJoined = 0, tp = 0, fp = 0, fn = 0;
  for (const it of items) {
    const joined = it.score >= threshold;
    if (it.overall <= 1.5) {
      same++;
      if (joined) tp++;
      else fn++;
    } else if (it.overall >= 3) {
      different++;
      if (joined) fp++;
    } else {
      middle++;
      if (joined) middleJoined++;
    }
  }
  const neg = (xs: number[]) => xs.map((x) => -x);
  return {
    languages,
    pairs: items.length,
    pearson: pearson(items.map((i) => i.score), neg(items.map((i) => i.overall))),
    baselinePearson: pearson(items.map((i) => i.baseline), neg(items.map((i) => i.overall))),
    same, different, middle, middleJoined, tp, fp, fn,
    precision: tp + fp ? tp / (tp + fp) : NaN,
    recall: tp + fn ? tp / (tp + fn) : NaN,
  };
}

/**
 * Scores every pair with `storySimilarity` (the online assignment's function) over features built
 * as the pipeline builds them, with document frequencies counted over the file's texts (as the
 * index would have counted them after seeing those articles).
 */
export function evaluateStories(rows: readonly StoryPairRow[], opts: StoryEvalOptions = {}): StoryEvalReport {
  const threshold = opts.threshold ?? DEFAULT_OPTIONS.storyThreshold;
  const langOf = new Map<string, string>();
  for (const r of rows) {
    langOf.set(r.text1, r.lang1);
    langOf.set(r.text2, r.lang2);
  }
  const inputs = new Map<string, StoryInput>();
  for (const [text, language] of langOf) {
    const doc = { ...splitTitle(text), language };
    inputs.set(text, { ...doc, entities: opts.entities?.(doc) ?? [] });
  }
  const counts = new Map<number, number>();
  for (const input of inputs.values()) {
    const buckets = new Set([...termHashes(input), ...(input.entities ?? []).map((e) => entityHash(e.key))].map(dfBucket));
    for (const b of buckets) counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const df: DocFrequencies = { docs: inputs.size, df: (b) => counts.get(b) ?? 0 };
  const features = new Map<string, StoryFeatures>();
  for (const [text, input] of inputs) features.set(text, storyFeatures(input, df));
  const base = baselineVectors([...inputs.keys()]);
  const scored = rows.map((r) => ({
    languages: `${r.lang1}-${r.lang2}`,
    overall: r.overall,
    score: storySimilarity(features.get(r.text1)!, features.get(r.text2)!),
    baseline: cosine(base.get(r.text1)!, base.get(r.text2)!),
  }));
  const byLang = new Map<string, typeof scored>();
  for (const s of scored) byLang.set(s.languages, [...(byLang.get(s.languages) ?? []), s]);
  return {
    threshold,
    texts: inputs.size,
    all: group('all', scored, threshold),
    byLanguage: [...byLang].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).map(([l, items]) => group(l, items, threshold)),
  };
}
