import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pageIdFor } from '@newsflow/core';
import { decodeBytes, detectFormat, loadDataset, parsePage, readMaybeGz, type Parsed } from '@newsflow/parse';
import { CliError } from './context.js';

const PAGE = /\.(html?|txt)(\.gz)?$/i;

/**
 * Every page of a folder through the real parser: a benchmark layout (scrapinghub, trafilatura,
 * Readability; pages decoded by their own charset) or any folder of .html/.htm/.txt pages, gzipped
 * or not. Pages the parser rejects are counted, not fatal.
 */
export function parseDatasetPages(dir: string, flag: string): { articles: Array<{ id: string; article: Parsed }>; rejected: number } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${flag}: ${dir} is not a directory`);
  const pages: Array<{ id: string; html?: string; text?: string }> = [];
  let format = null;
  try {
    format = detectFormat(dir);
  } catch {
    // a plain folder of pages
  }
  if (format) {
    try {
      for (const p of loadDataset(dir, format)) pages.push({ id: p.id, html: decodeBytes(p.bytes).text });
    } catch (e) {
      throw new CliError(`${flag}: ${(e as Error).message}`);
    }
  } else
    for (const name of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
      const path = join(dir, name);
      if (!PAGE.test(name) || !statSync(path).isFile()) continue;
      const bytes = readMaybeGz(path);
      pages.push(/\.txt(\.gz)?$/i.test(name) ? { id: name, text: bytes.toString('utf8') } : { id: name, html: decodeBytes(bytes).text });
    }
  const at = '2020-01-01T00:00:00.000Z';
  const articles: Array<{ id: string; article: Parsed }> = [];
  let rejected = 0;
  for (const p of pages) {
    const url = `https://pages.newsflow.test/${encodeURIComponent(p.id)}`;
    try {
      const article = parsePage({ pageId: pageIdFor(url, p.id), receivedAt: at, fetchedAt: at, url, ...(p.html !== undefined ? { html: p.html } : { text: p.text ?? '' }), headers: {}, metadata: {}, trace: [] });
      articles.push({ id: p.id, article });
    } catch {
      rejected++;
    }
  }
  return { articles, rejected };
}
