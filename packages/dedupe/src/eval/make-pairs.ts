import { normalizeText, words } from '../normalize.js';
import type { Corpus, PairDoc } from './corpus.js';
import { TEMPLATE_FAMILIES, templatePair } from './templates.js';
import { boilerplate, correction, dateline, dropSentence, followUp, paragraphsOf, pick, reorder, rng, truncate, typography, wordEdits, type Rand } from './transform.js';

/** One line of a pair file. */
export interface PairLine {
  a: PairDoc;
  b: PairDoc;
  /** `related`: not a copy, but the same story carried on (a follow-up); a negative for duplicate precision. */
  label: 'duplicate' | 'distinct' | 'related';
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
  /**
   * Template-brief pairs per frame family (earnings, market, sports, weather, court): two
   * briefs from one frame with different names and figures (distinct), and half as many
   * syndicated copies of a brief (duplicate), so the rule that keeps templates apart is
   * checked not to lose real copies of short items. 0 leaves them out. @defaultValue 40
   */
  templates?: number;
  /**
   * Follow-ups made from the articles (label `related`): a new lead over the background, and a
   * new lead over the whole earlier story; and pairs of corpus articles that share background
   * paragraphs under different leads. @defaultValue true
   */
  followUps?: boolean;
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

const briefUrl = (family: string, i: number, side: string) => `https://briefs${side}.example/${family}/${i}`;

function templatePairs(r: Rand, perFamily: number, recipes: Recipe[]): PairLine[] {
  const out: PairLine[] = [];
  for (const family of Object.keys(TEMPLATE_FAMILIES)) {
    for (let i = 0; i < perFamily; i++) {
      const [a, b] = templatePair(r, family);
      const docA = { url: briefUrl(family, i, 'a'), title: '', text: a };
      out.push({ a: docA, b: { url: briefUrl(family, i, 'b'), title: '', text: b }, label: 'distinct', kind: `template-${family}` });
      if (i % 2 === 0) {
        const [, make] = pick(r, recipes);
        out.push({ a: docA, b: { url: briefUrl(family, i, 'copy'), title: '', text: make(r, a) }, label: 'duplicate', kind: 'template-copy' });
      }
    }
  }
  return out;
}

function followUpPairs(r: Rand, docs: PairDoc[]): PairLine[] {
  const out: PairLine[] = [];
  docs.forEach((a, i) => {
    for (const keepLead of [false, true]) {
      const text = followUp(r, a.text, keepLead);
      if (text) out.push({ a, b: { url: `https://followup.example/${i}/${keepLead ? 'update' : 'new-lead'}`, title: a.title, text }, label: 'related', kind: keepLead ? 'follow-up-update' : 'follow-up' });
    }
  });
  return out;
}

/**
 * Real follow-ups in the corpus: two articles sharing at least two whole paragraphs of 15 or more
 * words while their first paragraphs differ (a story re-run under a new lead).
 */
function realFollowUps(docs: PairDoc[]): PairLine[] {
  const keyed = docs.map((d) => {
    const ps = paragraphsOf(d.text).map(normalizeText);
    return { d, lead: ps[0] ?? '', long: new Set(ps.filter((p) => p.split(' ').length >= 15)) };
  });
  const out: PairLine[] = [];
  for (let i = 0; i < keyed.length; i++) {
    for (let j = i + 1; j < keyed.length; j++) {
      const x = keyed[i]!;
      const y = keyed[j]!;
      if (x.lead === y.lead || normalizeText(x.d.text) === normalizeText(y.d.text)) continue;
      let shared = 0;
      for (const p of x.long) if (y.long.has(p)) shared++;
      if (shared >= 2) out.push({ a: x.d, b: y.d, label: 'related', kind: 'real-follow-up' });
    }
  }
  return out;
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
      for (let i = 0; i + 1 < group.length; i++) {
        // The corpus itself can hold one text twice under two URLs: that pair is a copy, not a negative.
        if (normalizeText(group[i]!.text) === normalizeText(group[i + 1]!.text)) continue;
        out.push({ a: group[i]!, b: group[i + 1]!, label: 'distinct', kind: 'same-site' });
      }
    }
  }
  for (const p of corpus.storyPairs) out.push({ a: p.a, b: p.b, label: 'distinct', kind: 'semeval-en' });
  out.push(...templatePairs(r, opts.templates ?? 40, recipes));
  if (opts.followUps ?? true) out.push(...followUpPairs(r, docs), ...realFollowUps(docs));
  // A stable shuffle so a partial run still mixes kinds.
  return out.map((p) => [r(), p] as const).sort((x, y) => x[0] - y[0]).map(([, p]) => p);
}

