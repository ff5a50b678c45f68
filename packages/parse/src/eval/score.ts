import { splitAuthors } from '../authors.js';
import { squash } from '../boilerplate.js';
import type { DatasetFormat, EvalPage } from './datasets.js';
import { macroScores, shingleOverlap, type Overlap } from './shingles.js';

/** What a system produced for one page; `error` when it failed (scored as empty output). */
export interface Prediction {
  body: string;
  title?: string;
  /** The on-page headline (newsflow's `headline`), scored against the same gold title. */
  headline?: string;
  authors?: string[];
  publishedAt?: string;
  description?: string;
  siteName?: string;
  language?: string;
  error?: string;
}

export interface EvalReport {
  format: DatasetFormat;
  pages: number;
  /** Pages the system failed on (empty output). */
  failed: number;
  f1: number | null;
  precision: number | null;
  recall: number | null;
  /** Accuracy (0..1) of each metadata field, with how many pages it was scored on. */
  metadata: Record<string, { accuracy: number; scored: number }>;
  /** trafilatura format only: snippet counts and accuracy. */
  snippets?: { tp: number; fp: number; fn: number; tn: number; accuracy: number };
  /** Pages with the lowest F1 (scrapinghub) or most snippet misses (trafilatura), for debugging. */
  worst: { id: string; score: number; error?: string }[];
}

function acc(hits: boolean[]): { accuracy: number; scored: number } {
  return { accuracy: hits.length ? hits.filter(Boolean).length / hits.length : 0, scored: hits.length };
}

const ws = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Readability's byline is one string; ours is a list of names. They match when the names do. */
export function bylineMatches(expected: string | null | undefined, authors: string[] | undefined): boolean {
  const got = authors ?? [];
  if (!expected) return got.length === 0;
  const norm = (s: string) => squash(s).toLowerCase().replace(/^by\s+/, '').replace(/[.,;:]+$/, '');
  const joined = [got.join(', '), got.join(' and '), got.join(' & ')].map(norm);
  if (joined.includes(norm(expected))) return true;
  const want = splitAuthors(expected).map(norm).sort();
  return want.length > 0 && want.join('|') === got.map(norm).sort().join('|');
}

function sameInstant(a: string | null | undefined, b: string | undefined): boolean {
  if (!a) return true;
  if (!b) return false;
  const x = Date.parse(a);
  const y = Date.parse(b);
  return !Number.isNaN(x) && x === y;
}

/** Score predictions against a dataset's gold data, with the dataset's own metric. */
export function scorePages(format: DatasetFormat, pages: EvalPage[], preds: Map<string, Prediction>): EvalReport {
  const failed = pages.filter((p) => preds.get(p.id)?.error !== undefined || !preds.has(p.id)).length;
  const base = { format, pages: pages.length, failed };
  if (format === 'scrapinghub') {
    const per: { id: string; o: Overlap; error?: string }[] = pages.map((p) => {
      const pr = preds.get(p.id);
      return { id: p.id, o: shingleOverlap(p.body ?? '', pr?.body ?? ''), ...(pr?.error ? { error: pr.error } : {}) };
    });
    const s = macroScores(per.map((x) => x.o));
    const worst = per
      .map((x) => ({ id: x.id, score: x.o.tp + x.o.fp + x.o.fn > 0 ? (2 * x.o.tp) / (2 * x.o.tp + x.o.fp + x.o.fn) : 1, ...(x.error ? { error: x.error } : {}) }))
      .sort((a, b) => a.score - b.score)
      .slice(0, 15);
    return { ...base, ...s, metadata: {}, worst };
  }
  if (format === 'trafilatura') {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    const title: boolean[] = [], headline: boolean[] = [], author: boolean[] = [], date: boolean[] = [];
    const worst: EvalReport['worst'] = [];
    for (const p of pages) {
      const pr = preds.get(p.id);
      const out = ws(pr?.body ?? '');
      let misses = 0;
      for (const w of p.with ?? []) out.includes(ws(w)) ? tp++ : (fn++, misses++);
      for (const w of p.without ?? []) out.includes(ws(w)) ? (fp++, misses++) : tn++;
      worst.push({ id: p.id, score: -misses, ...(pr?.error ? { error: pr.error } : {}) });
      if (p.meta['title']) {
        title.push(ws(pr?.title ?? '') === ws(p.meta['title']));
        // The gold titles are the headlines people read on the page; a system without a headline is scored on its title.
        headline.push(ws(pr?.headline ?? pr?.title ?? '') === ws(p.meta['title']));
      }
      if (p.meta['author']) author.push((pr?.authors ?? []).join('; ') === p.meta['author']);
      if (p.meta['date']) date.push((pr?.publishedAt ?? '').slice(0, 10) === p.meta['date']);
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return {
      ...base,
      f1: tp ? (2 * tp) / (2 * tp + fp + fn) : 0,
      precision,
      recall,
      metadata: { title: acc(title), headline: acc(headline), author: acc(author), date: acc(date) },
      snippets: { tp, fp, fn, tn, accuracy: (tp + tn) / Math.max(1, tp + fp + fn + tn) },
      worst: worst.sort((a, b) => a.score - b.score).slice(0, 15),
    };
  }
  const m = { title: [] as boolean[], byline: [] as boolean[], excerpt: [] as boolean[], siteName: [] as boolean[], publishedTime: [] as boolean[], lang: [] as boolean[] };
  const worst: EvalReport['worst'] = [];
  for (const p of pages) {
    const pr = preds.get(p.id);
    const e = p.meta;
    const hits = {
      title: ws(pr?.title ?? '') === ws(e['title'] ?? ''),
      byline: bylineMatches(e['byline'], pr?.authors),
      excerpt: ws(pr?.description ?? '') === ws(e['excerpt'] ?? ''),
      siteName: ws(pr?.siteName ?? '') === ws(e['siteName'] ?? ''),
    };
    m.title.push(hits.title);
    m.byline.push(hits.byline);
    m.excerpt.push(hits.excerpt);
    m.siteName.push(hits.siteName);
    if (e['publishedTime']) m.publishedTime.push(sameInstant(e['publishedTime'], pr?.publishedAt));
    if (e['lang']) m.lang.push((pr?.language ?? '') === e['lang']);
    worst.push({ id: p.id, score: Number(hits.title) + Number(hits.byline), ...(pr?.error ? { error: pr.error } : {}) });
  }
  return {
    ...base,
    f1: null,
    precision: null,
    recall: null,
    metadata: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, acc(v)])),
    worst: worst.sort((a, b) => a.score - b.score).slice(0, 15),
  };
}
