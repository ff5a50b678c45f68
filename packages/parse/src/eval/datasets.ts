import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AppError } from '@newsflow/core';

export type DatasetFormat = 'scrapinghub' | 'trafilatura' | 'readability';

/** One page of an evaluation set with what it should yield. */
export interface EvalPage {
  id: string;
  url: string;
  /** Raw page bytes, in the page's own encoding. */
  bytes: Uint8Array;
  /** scrapinghub: the article body. */
  body?: string;
  /** trafilatura: snippets that must / must not be in the body. */
  with?: string[];
  without?: string[];
  /** Gold metadata (trafilatura: title/author/date; readability: its expected-metadata.json). */
  meta: Record<string, string | null | undefined>;
}

/** Read a file, gunzipping it when its name ends in `.gz`. */
export function readMaybeGz(path: string): Buffer {
  const raw = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(raw) : raw;
}

function fail(msg: string): never {
  throw new AppError('BAD_DATASET', msg, { retryable: false });
}

function readJson(path: string): unknown {
  if (!existsSync(path)) fail(`${path}: not found`);
  try {
    return JSON.parse(readMaybeGz(path).toString('utf8'));
  } catch (e) {
    fail(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

/** Guess a dataset's format from the files in its folder. */
export function detectFormat(dir: string): DatasetFormat {
  if (existsSync(join(dir, 'ground-truth.json'))) return 'scrapinghub';
  if (existsSync(join(dir, 'evaldata.json'))) return 'trafilatura';
  if (existsSync(dir) && readdirSync(dir).some((d) => existsSync(join(dir, d, 'expected-metadata.json')))) return 'readability';
  fail(`${dir}: no ground-truth.json (scrapinghub), evaldata.json (trafilatura) or */expected-metadata.json (readability) found`);
}

function htmlFile(dir: string, name: string): string | undefined {
  for (const p of [join(dir, 'html', `${name}.gz`), join(dir, 'html', name), join(dir, 'html', `${name}.html.gz`), join(dir, 'html', `${name}.html`)]) {
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Load every page of a dataset; `limit` keeps the first N (sorted by id) for quick runs. */
export function loadDataset(dir: string, format: DatasetFormat = detectFormat(dir), limit = Infinity): EvalPage[] {
  const pages: EvalPage[] = [];
  if (format === 'scrapinghub') {
    const gt = readJson(join(dir, 'ground-truth.json')) as Record<string, { articleBody?: string; url?: string }>;
    for (const id of Object.keys(gt).sort()) {
      const f = htmlFile(dir, id);
      if (!f) fail(`${dir}/html/${id}.html.gz: missing page for ground-truth item ${id}`);
      pages.push({ id, url: gt[id]!.url ?? `https://example.invalid/${id}`, bytes: readMaybeGz(f), body: gt[id]!.articleBody ?? '', meta: {} });
    }
  } else if (format === 'trafilatura') {
    const ev = readJson(join(dir, 'evaldata.json')) as Record<string, { file: string; with?: string[]; without?: string[]; title?: string; author?: string | string[]; date?: string }>;
    for (const url of Object.keys(ev).sort()) {
      const e = ev[url]!;
      const f = htmlFile(dir, e.file);
      if (!f) continue; // upstream lists a few pages it does not ship
      // A few pages list several authors as an array: scored as the "; "-joined string upstream compares.
      pages.push({ id: url, url, bytes: readMaybeGz(f), with: e.with ?? [], without: e.without ?? [], meta: { title: e.title, author: Array.isArray(e.author) ? e.author.join('; ') : e.author, date: e.date } });
    }
  } else {
    for (const name of readdirSync(dir).sort()) {
      const metaPath = join(dir, name, 'expected-metadata.json');
      const src = join(dir, name, 'source.html');
      if (!existsSync(metaPath) || !existsSync(src)) continue;
      const meta = readJson(metaPath) as Record<string, string | null>;
      pages.push({ id: name, url: 'http://fakehost/test/page.html', bytes: readFileSync(src), meta });
    }
  }
  if (pages.length === 0) fail(`${dir}: the dataset has no pages`);
  return pages.slice(0, limit);
}

/**
 * Another system's output: `{id: {articleBody}}`, `{id: "text"}`, or the wrapped
 * `{"version": …, "output": {…}}` of the scrapinghub benchmark (optionally gzipped).
 */
export function loadPredictions(path: string): Map<string, string> {
  let data = readJson(path) as Record<string, unknown>;
  if (data && typeof data === 'object' && 'output' in data && typeof data['output'] === 'object') data = data['output'] as Record<string, unknown>;
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail(`${path}: expected a JSON object keyed by item id`);
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string') out.set(k, v);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const text = o['articleBody'] ?? o['body'] ?? o['text'] ?? '';
      out.set(k, typeof text === 'string' ? text : '');
    }
  }
  return out;
}
