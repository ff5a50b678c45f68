import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ValidationError } from '@newsflow/core';
import { csvRecords } from './csv.js';

/** One article of an evaluation corpus, and one side of a pair. */
export interface PairDoc {
  url: string;
  title: string;
  text: string;
}

/** Same story from two outlets (SemEval-2022 Task 8 rows): the hard negatives. */
export interface StoryPair {
  a: PairDoc;
  b: PairDoc;
  /** Human "Overall" score, 1 = same story … 4 = unrelated. */
  overall: number;
}

export interface Corpus {
  articles: PairDoc[];
  storyPairs: StoryPair[];
}

function fromObject(o: Record<string, unknown>, fallbackUrl: string): PairDoc | null {
  const text = [o.articleBody, o.text, o.body].find((v) => typeof v === 'string') as string | undefined;
  if (!text || !text.trim()) return null;
  const url = typeof o.url === 'string' && /^https?:\/\//.test(o.url) ? o.url : fallbackUrl;
  const title = [o.title, o.headline].find((v) => typeof v === 'string') as string | undefined;
  return { url, title: title ?? '', text };
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Reuters-128 style XML: `<Document>` with `<DocumentURI>` and the text split into parts. */
function fromXml(xml: string, file: string): PairDoc[] {
  const out: PairDoc[] = [];
  for (const m of xml.matchAll(/<Document\b[^>]*>([\s\S]*?)<\/Document>/g)) {
    const inner = m[1]!;
    const uri = /<DocumentURI>([^<]*)<\/DocumentURI>/.exec(inner)?.[1]?.trim();
    const body = /<TextWithNamedEntities>([\s\S]*?)<\/TextWithNamedEntities>/.exec(inner)?.[1] ?? '';
    const text = unescapeXml(body.replace(/<\/?[A-Za-z][^>]*>/g, '').replace(/\s*\n\s*/g, ''));
    if (text.trim()) out.push({ url: uri && /^https?:\/\//.test(uri) ? uri : `https://corpus.invalid/${encodeURIComponent(file)}/${out.length}`, title: '', text: text.trim() });
  }
  return out;
}

function loadFile(path: string, into: Corpus): void {
  const ext = extname(path).toLowerCase();
  const raw = readFileSync(path, 'utf8');
  const fallback = (i: number) => `https://corpus.invalid/${encodeURIComponent(path)}/${i}`;
  if (ext === '.csv') {
    for (const r of csvRecords(raw)) {
      if (!('text1' in r && 'text2' in r)) throw new ValidationError(`${path}: a CSV source needs text1 and text2 columns (SemEval-2022 Task 8 layout)`);
      if (r.lang1 !== 'en' || r.lang2 !== 'en' || !r.text1!.trim() || !r.text2!.trim()) continue;
      const [idA, idB] = (r.pair_id ?? `${into.storyPairs.length}_x`).split('_');
      into.storyPairs.push({
        a: { url: `https://semeval.invalid/${idA}`, title: '', text: r.text1! },
        b: { url: `https://semeval.invalid/${idB}`, title: '', text: r.text2! },
        overall: Number(r.Overall ?? 'NaN'),
      });
    }
    return;
  }
  if (ext === '.xml') {
    into.articles.push(...fromXml(raw, path));
    return;
  }
  if (ext === '.jsonl' || ext === '.ndjson') {
    raw.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const d = fromObject(JSON.parse(line) as Record<string, unknown>, fallback(i));
      if (d) into.articles.push(d);
    });
    return;
  }
  if (ext === '.json') {
    const data = JSON.parse(raw) as unknown;
    const items = Array.isArray(data) ? data : Object.values(data as Record<string, unknown>);
    items.forEach((o, i) => {
      const d = o && typeof o === 'object' ? fromObject(o as Record<string, unknown>, fallback(i)) : null;
      if (d) into.articles.push(d);
    });
    return;
  }
  if (ext === '.txt') {
    const [first, ...rest] = raw.split('\n');
    if (rest.join('\n').trim()) into.articles.push({ url: fallback(0), title: first!.trim(), text: rest.join('\n').trim() });
  }
}

/**
 * Load articles from files or directories: JSON (a map or array of `{url, title?, articleBody|text|body}`),
 * JSONL, Reuters-128 XML, `.txt` (title on the first line); a CSV with `text1,text2` columns gives
 * English same-story pairs (SemEval-2022 Task 8).
 */
export function loadCorpus(paths: string[]): Corpus {
  const corpus: Corpus = { articles: [], storyPairs: [] };
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new ValidationError(`--from: cannot read ${p}`);
    }
    if (st.isDirectory()) for (const f of readdirSync(p).sort()) visit(join(p, f));
    else if (['.json', '.jsonl', '.ndjson', '.csv', '.xml', '.txt'].includes(extname(p).toLowerCase())) loadFile(p, corpus);
  };
  for (const p of paths) visit(p);
  return corpus;
}
