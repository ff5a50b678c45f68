import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, pageIdFor, rng } from '@newsflow/core';
import { validateRaw } from '@newsflow/ingest';
import { decodeBytes, detectFormat, loadDataset, parsePage, readMaybeGz, type DatasetFormat } from '@newsflow/parse';
import { CliError } from '../context.js';

/** One distinct page of the dataset, with where a copy gets its canonical link and its own paragraph. */
interface Template {
  name: string;
  kind: 'html' | 'text';
  content: string;
  /** Just after `<head…>` (0 without one): a canonical link placed here comes before the page's own. */
  headAt: number;
  /**
   * Where the copy's own paragraph goes: inside a block the parser keeps (`inline`: the text joins
   * that block, found by words of the parsed body), else as a `<p>` after the longest `<p>`.
   */
  paraAt: number;
  inline: boolean;
}

/** What the API is sent: a RawArticle. */
export interface BenchPage {
  url: string;
  html?: string;
  text?: string;
  source: string;
}

export interface PageSet {
  dir: string;
  /** scrapinghub, trafilatura, readability, or `files` for a plain folder. */
  format: DatasetFormat | 'files';
  /** Distinct pages used. */
  distinct: number;
  /** Pages left out because the parser (or the API's validation) rejects them: every copy would fail. */
  dropped: Array<{ name: string; reason: string }>;
  /** Copy `i` of phase `phase`: a unique URL, a canonical link to it, and a paragraph no other copy has. */
  page(phase: string, i: number): BenchPage;
  /** The words of copy `i`'s own paragraph that show it survived extraction. */
  marker(phase: string, i: number): string;
  /**
   * `JSON.stringify(page(phase, i))` as UTF-8 bytes, in pieces (joined, the same bytes): the
   * template's parts escaped once around the copy's own, which a writer copies once into its own
   * buffer. The load generator then spends ~0.1 ms a page instead of ~1.4 (stringify + encode of a
   * 180 KB page), CPU the pipeline it measures shares the machine with.
   */
  pageJsonParts(phase: string, i: number): Buffer[];
}

const EXTENSIONS = /\.(html?|txt)(\.gz)?$/i;

function decodeHtml(bytes: Uint8Array): string {
  return decodeBytes(bytes).text;
}

function templateOf(name: string, kind: 'html' | 'text', content: string): Template {
  if (kind === 'text') return { name, kind, content, headAt: 0, paraAt: content.length, inline: false };
  const head = /<head\b[^>]*>/i.exec(content);
  let headAt = head ? head.index + head[0].length : 0;
  // Some pages carry their canonical link before <head>: ours goes before it.
  const theirs = content.search(/<link\b[^>]*\bcanonical\b|<meta\b[^>]*\bog:url\b/i);
  if (theirs >= 0 && theirs < headAt) headAt = theirs;
  let paraAt = -1;
  let longest = -1;
  for (const m of content.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p\s*>/gi)) {
    const chars = m[1]!.replace(/<[^>]*>/g, ' ').trim().length;
    if (m.index >= headAt && chars > longest) {
      longest = chars;
      paraAt = m.index + m[0].length;
    }
  }
  if (paraAt < 0) {
    const body = content.search(/<\/body\s*>/i);
    paraAt = body >= headAt ? body : content.length;
  }
  return { name, kind, content, headAt, paraAt, inline: false };
}

const WORD = /[\p{L}\p{N}]+/gu;
// Between two words of the text: anything but letters and digits, an entity, or a tag.
const BETWEEN = '(?:<[^>]*>|&#?\\w+;|[^\\p{L}\\p{N}])+';

/** True when `at` is inside a tag, a comment, or the text of a script, style, title, textarea or noscript element. */
function notText(lower: string, at: number): boolean {
  if (lower.lastIndexOf('<', at) > lower.lastIndexOf('>', at)) return true;
  if (lower.lastIndexOf('<!--', at) > lower.lastIndexOf('-->', at)) return true;
  return ['script', 'style', 'title', 'textarea', 'noscript'].some((tag) => lower.lastIndexOf(`<${tag}`, at) > lower.lastIndexOf(`</${tag}`, at));
}

/**
 * A place inside a block the parser kept: the end of a run of six words of one of the longest
 * extracted paragraphs, found in the page's text (not in a tag, comment or script), moved to the
 * next tag boundary, so text added there joins that block. Null when no run is found.
 */
function keptBlockEnd(t: Template, paragraphs: string[]): number | null {
  const lower = t.content.toLowerCase();
  for (const text of [...paragraphs].sort((a, b) => b.length - a.length).slice(0, 8)) {
    const words = text.match(WORD) ?? [];
    for (const from of [Math.floor(words.length / 2), 0, Math.max(0, words.length - 6)]) {
      const run = words.slice(from, from + 6);
      if (run.length < 4) continue;
      const re = new RegExp(run.join(BETWEEN), 'gu');
      re.lastIndex = t.headAt;
      for (let m = re.exec(t.content); m; m = re.exec(t.content)) {
        if (notText(lower, m.index)) continue;
        const tag = t.content.indexOf('<', m.index + m[0].length);
        return tag < 0 ? t.content.length : tag;
      }
    }
  }
  return null;
}

function readTemplates(dir: string): { format: PageSet['format']; templates: Template[] } {
  let format: DatasetFormat | null = null;
  try {
    format = detectFormat(dir);
  } catch {
    // not a benchmark layout: a plain folder of pages
  }
  if (format) {
    try {
      return { format, templates: loadDataset(dir, format).map((p) => templateOf(p.id, 'html', decodeHtml(p.bytes))) };
    } catch (e) {
      throw new CliError(`--dataset: ${(e as Error).message}`, 2);
    }
  }
  const templates: Template[] = [];
  for (const name of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const path = join(dir, name);
    if (!EXTENSIONS.test(name) || !statSync(path).isFile()) continue;
    const bytes = readMaybeGz(path);
    templates.push(/\.txt(\.gz)?$/i.test(name) ? templateOf(name, 'text', bytes.toString('utf8')) : templateOf(name, 'html', decodeHtml(bytes)));
  }
  return { format: 'files', templates };
}

const WORDS = (
  'harbour council budget river tram school survey letter court bridge market winter farmers ministry station ' +
  'museum contract archive festival hospital election quota vessel orchard library tunnel ferry reservoir clinic'
).split(' ');

/**
 * Load `--dataset`: a scrapinghub, trafilatura or Readability benchmark folder (parse's
 * `loadDataset`, pages decoded by their own charset), or any folder of .html/.htm/.txt pages,
 * gzipped or not. Pages the parser rejects are dropped up front (and listed), so every copy sent
 * is one the pipeline stores.
 */
export function loadPageSet(dir: string, run: string): PageSet {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`--dataset: ${dir} is not a directory`, 2);
  const { format, templates: all } = readTemplates(dir);
  const paragraph = (phase: string, i: number) => {
    const r = rng(i * 7919 + phase.length * 104729 + 1);
    const words = Array.from({ length: 28 }, () => WORDS[Math.floor(r() * WORDS.length)]!);
    return `Bench note ${run} ${phase} ${i}: the ${words.join(' ')}.`;
  };
  const marker = (phase: string, i: number) => `Bench note ${run} ${phase} ${i}:`;
  /** Copy `i` of `t`; without its own paragraph for the probe of what the parser keeps. */
  const build = (t: Template, phase: string, i: number, withOwn = true): BenchPage => {
    const url = `https://bench.newsflow.test/${run}/${phase}/${i}`;
    const p = withOwn ? paragraph(phase, i) : '';
    if (t.kind === 'text') return { url, text: `${t.content}\n\n${p}\n`, source: 'bench-pipeline' };
    const c = t.content;
    const own = !withOwn ? '' : t.inline ? ` ${p} ` : `\n<p>${p}</p>\n`;
    return { url, html: `${c.slice(0, t.headAt)}<link rel="canonical" href="${url}">${c.slice(t.headAt, t.paraAt)}${own}${c.slice(t.paraAt)}`, source: 'bench-pipeline' };
  };
  const iso = new Date().toISOString();
  const parse = (p: BenchPage) => {
    validateRaw(p);
    return parsePage({ pageId: pageIdFor(p.url, p.html ?? p.text ?? ''), receivedAt: iso, fetchedAt: iso, url: p.url, ...(p.html ? { html: p.html } : { text: p.text! }), headers: {}, metadata: {}, trace: [] });
  };
  const templates: Template[] = [];
  const dropped: PageSet['dropped'] = [];
  for (const t of all) {
    try {
      // The page as the parser sees it, then a copy with its paragraph inside a block it kept.
      const plain = parse(build(t, 'probe', 0, false));
      const at = t.kind === 'html' ? keptBlockEnd(t, plain.paragraphs.map((x) => x.text)) : null;
      const inline: Template = at === null ? t : { ...t, paraAt: at, inline: true };
      templates.push(at !== null && !parse(build(inline, 'probe', 1)).body.includes(marker('probe', 1)) ? t : inline);
    } catch (e) {
      if (!(e instanceof AppError) || e.retryable) throw e;
      dropped.push({ name: t.name, reason: `${e.code}: ${e.message}` });
    }
  }
  if (!templates.length) {
    const why = dropped.length ? `; all ${dropped.length} were rejected, e.g. ${dropped[0]!.name}: ${dropped[0]!.reason}` : '';
    throw new CliError(`--dataset: no usable pages under ${dir}: give a scrapinghub, trafilatura or Readability folder, or a folder of .html, .htm or .txt files (optionally .gz)${why}`, 2);
  }
  // JSON-escaping distributes over concatenation (the cuts sit at tag boundaries or the ends, never
  // inside a character), so a copy's JSON is the template's pieces, escaped once, around its own parts.
  const esc = (x: string) => Buffer.from(JSON.stringify(x).slice(1, -1), 'utf8');
  const pieces = new Map<Template, Buffer[]>();
  const piecesOf = (t: Template): Buffer[] => {
    let ps = pieces.get(t);
    if (!ps) {
      const c = t.content;
      ps = t.kind === 'text' ? [esc(c)] : [esc(c.slice(0, t.headAt)), esc(c.slice(t.headAt, t.paraAt)), esc(c.slice(t.paraAt))];
      pieces.set(t, ps);
    }
    return ps;
  };
  const SOURCE = Buffer.from('","source":"bench-pipeline"}');
  const pageJsonParts = (phase: string, i: number): Buffer[] => {
    const t = templates[i % templates.length]!;
    const url = `https://bench.newsflow.test/${run}/${phase}/${i}`;
    const p = paragraph(phase, i);
    const ps = piecesOf(t);
    if (t.kind === 'text') return [Buffer.from(`{"url":${JSON.stringify(url)},"text":"`), ps[0]!, esc(`\n\n${p}\n`), SOURCE];
    const own = t.inline ? ` ${p} ` : `\n<p>${p}</p>\n`;
    return [Buffer.from(`{"url":${JSON.stringify(url)},"html":"`), ps[0]!, esc(`<link rel="canonical" href="${url}">`), ps[1]!, esc(own), ps[2]!, SOURCE];
  };
  return {
    dir,
    format,
    distinct: templates.length,
    dropped,
    page: (phase, i) => build(templates[i % templates.length]!, phase, i),
    marker,
    pageJsonParts,
  };
}
