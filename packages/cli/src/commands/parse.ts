import { readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ParseJob } from '@newsflow/contracts';
import { AppError, pageIdFor } from '@newsflow/core';
import { decodeBytes, looksLikeHtml, parsePage, type Parsed } from '@newsflow/parse';
import { CliError, type CliContext } from '../context.js';

const HTML_EXT = new Set(['.html', '.htm', '.xhtml', '.shtml']);

/** Build a parse job from a local file: HTML by extension or sniffing (decoded like a browser would), else text. */
export function jobFromFile(file: string, url: string | undefined, now = new Date()): ParseJob {
  const path = resolve(file);
  let bytes: Buffer;
  try {
    if (!statSync(path).isFile()) throw new CliError(`${file}: not a file`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const pageUrl = url ?? `https://local.invalid/${encodeURIComponent(basename(path))}`;
  try {
    new URL(pageUrl);
  } catch {
    throw new CliError(`--url: "${url}" is not an absolute http(s) URL`);
  }
  const iso = now.toISOString();
  const base = { receivedAt: iso, url: pageUrl, fetchedAt: iso, headers: {}, metadata: {}, trace: [] };
  const sniff = bytes.subarray(0, 4096).toString('latin1');
  if (HTML_EXT.has(extname(path).toLowerCase()) || looksLikeHtml(sniff)) {
    return { ...base, pageId: pageIdFor(pageUrl, bytes.toString('base64').slice(0, 4096)), htmlBase64: bytes.toString('base64') };
  }
  const text = decodeBytes(bytes).text;
  return { ...base, pageId: pageIdFor(pageUrl, text), text };
}

function preview(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n).replace(/\s+\S*$/, '')} …`;
}

/** Human summary of a parsed article. */
export function formatArticle(a: Parsed): string[] {
  const lines = [
    `title:     ${a.title}`,
    ...(a.headline && a.headline !== a.title ? [`headline:  ${a.headline}`] : []),
    ...(a.subtitle ? [`subtitle:  ${a.subtitle}`] : []),
    `authors:   ${a.authors.length ? a.authors.join(', ') : '(none)'}`,
    `published: ${a.publishedAt ?? '(unknown)'}${a.modifiedAt ? `  modified: ${a.modifiedAt}` : ''}`,
    `language:  ${a.language ?? '(unknown)'}    site: ${a.siteName ?? '(unknown)'}`,
    `url:       ${a.canonicalUrl}`,
    `words:     ${a.wordCount} in ${a.paragraphs.length} paragraphs`,
  ];
  if (a.images.length) lines.push(`images:    ${a.images.map((i) => i.credit ?? i.caption ?? i.url).join(' | ')}`);
  lines.push('', preview(a.body, 600), '');
  if (a.corrections.length) {
    lines.push('corrections:');
    for (const c of a.corrections) lines.push(`  [${c.kind}] ${c.text}`);
  } else lines.push('corrections: (none)');
  return lines;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('parse')
    .description('extract the article from one local page (HTML or text copied from a page), in-process')
    .argument('<file>', 'an .html file (any encoding) or a text file')
    .option('--url <url>', 'the page URL, for resolving links and the canonical URL')
    .option('--json', 'print the parsed article as JSON')
    .action((file: string, o: { url?: string; json?: boolean }) => {
      const job = jobFromFile(file, o.url);
      let article: Parsed;
      try {
        article = parsePage(job);
      } catch (e) {
        if (e instanceof AppError) throw new CliError(`${file}: ${e.code}: ${e.message}`);
        throw e;
      }
      if (o.json) ctx.out(JSON.stringify(article, null, 2));
      else for (const l of formatArticle(article)) ctx.out(l);
    });
}
