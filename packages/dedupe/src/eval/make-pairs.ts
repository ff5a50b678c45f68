import { words } from '../normalize.js';
import type { Corpus, PairDoc } from './corpus.js';
import { boilerplate, correction, dateline, dropSentence, reorder, rng, truncate, typography, wordEdits, type Rand } from './transform.js';

/** One line of a pair file. */
export interface PairLine {
  a: PairDoc;
  b: PairDoc;
  label: 'duplicate' | 'distinct';
  /** How the pair was made, for the per-kind confusion. */
  kind?: string;
}

export interface MakePairsOptions {
  /** @defaultValue 1 */
  seed?: number;
  /**
   * `standard`: one positive per transformation the issue lists, per article. `heldout`: a
   * different recipe (paragraph/sentence reordering, dropped sentences, stacked edits, heavier
   * word edits) for a set that was not used to tune thresholds. @defaultValue 'standard'
   */
  style?: 'standard' | 'heldout';
  /** Articles with fewer words are skipped (too short to tell copies from briefs). @defaultValue 40 */
  minWords?: number;
}

type Recipe = [kind: string, make: (r: Rand, text: string) => string];

const STANDARD: Recipe[] = [
  ['boilerplate', (r, t) => boilerplate(r, t)],
  ['correction', (r, t) => correction(r, t)],
  ['truncation', (r, t) => truncate(t, 0.5 + r() * 0.3)],
  ['dateline', (r, t) => dateline(r, t)],
  ['word-edits', (r, t) => wordEdits(r, t, 0.03)],
  ['typography', (_r, t) => typography(t)],
];

const HELDOUT: Recipe[] = [
  ['reorder', (r, t) => reorder(r, t)],
  ['drop-sentence', (r, t) => dropSentence(r, t)],
  ['stacked', (r, t) => boilerplate(r, dateline(r, wordEdits(r, correction(r, t), 0.02)))],
  ['heavy-word-edits', (r, t) => wordEdits(r, t, 0.06)],
  ['truncation-60', (r, t) => typography(truncate(t, 0.6))],
];

function copyUrl(doc: PairDoc, n: number): string {
  const path = (() => {
    try {
      return new URL(doc.url).pathname;
    } catch {
      return '/story';
    }
  })();
  return `https://copy${n}.example${path}${path.endsWith('/') ? '' : '/'}syndicated`;
}

function host(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/**
 * Labelled pairs for `eval dedupe`: for each article, one duplicate per transformation; as
 * negatives, each article against a different random article and, where the corpus has them,
 * against another article of the same site; English same-story pairs from other outlets as hard
 * negatives.
 */
export function makePairs(corpus: Corpus, opts: MakePairsOptions = {}): PairLine[] {
  const r = rng(opts.seed ?? 1);
  const minWords = opts.minWords ?? 40;
  const docs = corpus.articles.filter((d) => words(d.text).length >= minWords);
  const recipes = opts.style === 'heldout' ? HELDOUT : STANDARD;
  const out: PairLine[] = [];
  docs.forEach((a) => {
    recipes.forEach(([kind, make], j) => {
      out.push({ a, b: { url: copyUrl(a, j + 1), title: a.title, text: make(r, a.text) }, label: 'duplicate', kind });
    });
  });
  if (docs.length > 1) {
    docs.forEach((a, i) => {
      let k = Math.floor(r() * (docs.length - 1));
      if (k >= i) k++;
      out.push({ a, b: docs[k]!, label: 'distinct', kind: 'different-article' });
    });
    const bySite = new Map<string, PairDoc[]>();
    for (const d of docs) bySite.set(host(d.url), [...(bySite.get(host(d.url)) ?? []), d]);
    for (const group of bySite.values()) {
      for (let i = 0; i + 1 < group.length; i++) out.push({ a: group[i]!, b: group[i + 1]!, label: 'distinct', kind: 'same-site' });
    }
  }
  for (const p of corpus.storyPairs) out.push({ a: p.a, b: p.b, label: 'distinct', kind: 'semeval-en' });
  // A stable shuffle so a partial run still mixes kinds.
  return out.map((p) => [r(), p] as const).sort((x, y) => x[0] - y[0]).map(([, p]) => p);
}

