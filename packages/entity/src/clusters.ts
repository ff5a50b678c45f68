import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ValidationError, rng } from '@newsflow/core';

/**
 * Word clusters learnt from unlabelled text, at several sizes: words that occur in the same
 * contexts share a class ("Tuesday"/"Friday", "Reuters"/"Interfax", "Leeds"/"Everton"), so the
 * tagger can generalise from a name it saw in training to one it did not.
 */
export interface WordClustersData {
  /** Class counts, one clustering per size, coarse to fine. */
  sizes: number[];
  /** Clustered words, case kept, most frequent first. */
  words: string[];
  /** `ids[k][i]`: the class of `words[i]` in the clustering of `sizes[k]`. */
  ids: number[][];
  /** What the clusters were learnt from: tokens, vocabulary, and the sources as given. */
  provenance: { tokens: number; minCount: number; iterations: number; sources: TextSource[] };
}

/** A text the clusters were learnt from, recorded in the clusters file. */
export interface TextSource {
  name: string;
  sha256: string;
  sentences: number;
  tokens: number;
}

export interface TrainClustersOptions {
  /** @defaultValue [64, 256, 1024] */
  sizes?: number[];
  /** Words seen fewer times are not clustered. @defaultValue 3 */
  minCount?: number;
  /** Exchange passes over the vocabulary per size. @defaultValue 12 */
  iterations?: number;
  seed?: number;
  sources?: TextSource[];
  log?: (msg: string) => void;
}

/**
 * Predictive exchange clustering (Uszkoreit & Brants 2008): each word moves to the class that
 * most raises the likelihood of the class-based model P(w | c(w)) P(c(w) | previous word), one
 * word at a time, until a pass moves few words. It is Brown clustering's objective without its
 * hierarchy, and it runs in O(bigram types × classes) per pass, so millions of tokens take
 * seconds. Sentences of `sentences` are token lists; case is kept.
 */
export function trainClusters(sentences: Iterable<readonly string[]>, opts: TrainClustersOptions = {}): WordClustersData {
  const sizes = opts.sizes ?? [64, 256, 1024];
  const minCount = opts.minCount ?? 3;
  const iterations = opts.iterations ?? 12;
  const log = opts.log ?? (() => undefined);
  const freq = new Map<string, number>();
  const sents: string[][] = [];
  let tokens = 0;
  for (const s of sentences) {
    sents.push(s as string[]);
    tokens += s.length;
    for (const w of s) freq.set(w, (freq.get(w) ?? 0) + 1);
  }
  const words = [...freq].filter(([, n]) => n >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const id = new Map(words.map((w, i) => [w, i]));
  // Two extra predecessor ids: a sentence start, and any word below minCount.
  const V = words.length;
  const START = V;
  const RARE = V + 1;
  const pairCounts = new Map<number, number>();
  const count = new Int32Array(V);
  for (const s of sents) {
    let prev = START;
    for (const w of s) {
      const i = id.get(w);
      if (i !== undefined) {
        count[i]!++;
        const key = i * (V + 2) + prev;
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
      }
      prev = i ?? RARE;
    }
  }
  // Predecessors of each word, as flat arrays.
  const predOff = new Int32Array(V + 1);
  for (const key of pairCounts.keys()) predOff[Math.floor(key / (V + 2)) + 1]!++;
  for (let i = 0; i < V; i++) predOff[i + 1]! += predOff[i]!;
  const predId = new Int32Array(pairCounts.size);
  const predN = new Int32Array(pairCounts.size);
  const fill = predOff.slice(0, V);
  for (const [key, n] of pairCounts) {
    const w = Math.floor(key / (V + 2));
    const at = fill[w]!++;
    predId[at] = key % (V + 2);
    predN[at] = n;
  }
  log(`clusters: ${tokens} tokens, ${V} words seen ≥ ${minCount} times, ${pairCounts.size} bigram types`);
  // Counts are integers: x·log x comes from a table, which keeps the inner loop to two lookups.
  const T = new Float64Array(tokens + 2);
  for (let x = 1; x < T.length; x++) T[x] = x * Math.log(x);
  const ids: number[][] = [];
  const rand = rng(opts.seed ?? 1);
  for (const C of sizes) {
    const cls = new Int32Array(V);
    // Frequent words start in classes of their own; the rest are spread at random.
    for (let i = 0; i < V; i++) cls[i] = i < C ? i : Math.floor(rand() * C);
    const N = new Int32Array((V + 2) * C);
    const Nc = new Int32Array(C);
    for (let w = 0; w < V; w++) {
      const c = cls[w]!;
      Nc[c]! += count[w]!;
      for (let k = predOff[w]!; k < predOff[w + 1]!; k++) N[predId[k]! * C + c]! += predN[k]!;
    }
    const gain = new Float64Array(C);
    for (let it = 0; it < iterations; it++) {
      let moved = 0;
      for (let w = 0; w < V; w++) {
        const from = cls[w]!;
        const a = predOff[w]!;
        const b = predOff[w + 1]!;
        for (let k = a; k < b; k++) N[predId[k]! * C + from]! -= predN[k]!;
        const cw = count[w]!;
        Nc[from]! -= cw;
        for (let c = 0; c < C; c++) gain[c] = T[Nc[c]!]! - T[Nc[c]! + cw]!;
        for (let k = a; k < b; k++) {
          const base = predId[k]! * C;
          const n = predN[k]!;
          for (let c = 0; c < C; c++) {
            const x = N[base + c]!;
            gain[c]! += T[x + n]! - T[x]!;
          }
        }
        let best = from;
        for (let c = 0; c < C; c++) if (gain[c]! > gain[best]! + 1e-9) best = c;
        if (best !== from) moved++;
        cls[w] = best;
        for (let k = a; k < b; k++) N[predId[k]! * C + best]! += predN[k]!;
        Nc[best]! += cw;
      }
      log(`clusters: ${C} classes, pass ${it + 1}/${iterations}: ${moved} words moved`);
      if (moved < V * 0.001) break;
    }
    ids.push([...cls]);
  }
  return { sizes, words, ids, provenance: { tokens, minCount, iterations, sources: opts.sources ?? [] } };
}

/** Word → its class labels at each size ("a17", "b140", "c903"), for the features. */
export class WordClusters {
  private readonly map = new Map<string, string[]>();
  private readonly lowerMap = new Map<string, string[]>();

  constructor(readonly data: WordClustersData) {
    const tags = 'abcdefgh';
    data.words.forEach((w, i) => {
      const labels = data.sizes.map((_, k) => `${tags[k]}${data.ids[k]![i]}`);
      this.map.set(w, labels);
      const l = w.toLowerCase();
      if (!this.lowerMap.has(l)) this.lowerMap.set(l, labels);
    });
  }

  /** The classes of a word as written, else of its most frequent casing; empty when unseen. */
  of(word: string, lower: string): readonly string[] {
    return this.map.get(word) ?? this.lowerMap.get(lower) ?? NONE;
  }
}

const NONE: readonly string[] = [];

/** Write clusters as gzipped JSON; returns the bytes written. */
export function saveClusters(data: WordClustersData, path: string): number {
  const buf = gzipSync(Buffer.from(JSON.stringify({ format: CLUSTERS_FORMAT, ...data }), 'utf8'), { level: 9 });
  writeFileSync(path, buf);
  return buf.length;
}

/** Read a file written by {@link saveClusters}; a clear error names what is wrong with it. */
export function readClusters(path: string): WordClustersData {
  let raw: unknown;
  try {
    raw = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
  } catch (e) {
    throw new ValidationError(`cannot read word clusters from ${path}: ${(e as Error).message}`);
  }
  const d = raw as Partial<WordClustersData> & { format?: string };
  if (d.format !== CLUSTERS_FORMAT) throw new ValidationError(`${path}: not a newsflow word-clusters file (format ${JSON.stringify(d.format)})`);
  if (!Array.isArray(d.sizes) || !Array.isArray(d.words) || !Array.isArray(d.ids) || d.ids.length !== d.sizes.length || d.ids.some((x) => !Array.isArray(x) || x.length !== d.words!.length))
    throw new ValidationError(`${path}: sizes, words and ids do not line up`);
  return { sizes: d.sizes, words: d.words, ids: d.ids, provenance: d.provenance ?? { tokens: 0, minCount: 0, iterations: 0, sources: [] } };
}

const CLUSTERS_FORMAT = 'newsflow-word-clusters/1';
