import { createReadStream } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { sha256Hex } from '@newsflow/core';

/** File extensions `newsflow ingest` reads from a directory. */
export const INGESTIBLE_EXTENSIONS = ['.html', '.htm', '.txt', '.json', '.ndjson', '.jsonl'] as const;

/** One submission read from local input, or why it could not be read; `where` is `file` or `file:line`. */
export type LocalItem = { where: string; raw: Record<string, unknown> } | { where: string; error: string };

export interface LocalPageDefaults {
  /** URL for a single .html/.htm/.txt file; otherwise one is derived from the path. */
  url?: string;
  site?: string;
  source?: string;
  language?: string;
}

/**
 * A stable URL for a local file that carries no URL of its own:
 * `https://local.newsflow/<12 hex of the absolute real path>/<file name>`. The same file at the
 * same path always maps to the same URL, so re-ingesting it updates one article instead of adding one.
 */
export async function localFileUrl(path: string): Promise<string> {
  const abs = await realpath(path);
  return `https://local.newsflow/${sha256Hex(abs).slice(0, 12)}/${encodeURIComponent(basename(abs))}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function withDefaults(raw: Record<string, unknown>, d: LocalPageDefaults): Record<string, unknown> {
  const out = { ...raw };
  for (const k of ['site', 'source', 'language'] as const) if (d[k] !== undefined && out[k] === undefined) out[k] = d[k];
  return out;
}

/** Every ingestible file under `dir`, recursively, in a stable (sorted) order; hidden entries skipped. */
export async function* walkFiles(dir: string): AsyncGenerator<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walkFiles(p);
    else if (e.isFile() && (INGESTIBLE_EXTENSIONS as readonly string[]).includes(extname(e.name).toLowerCase())) yield p;
  }
}

/** Lines of NDJSON as submissions; a line that is not a JSON object is an error item naming the line. */
export async function* ndjsonItems(input: Readable, label: string, d: LocalPageDefaults): AsyncGenerator<LocalItem> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n += 1;
    if (!line.trim()) continue;
    yield parseJsonItem(line, `${label}:${n}`, d);
  }
}

function parseJsonItem(text: string, where: string, d: LocalPageDefaults): LocalItem {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { where, error: `not valid JSON: ${(err as Error).message}` };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { where, error: 'expected a JSON object (a RawArticle)' };
  return { where, raw: withDefaults(v as Record<string, unknown>, d) };
}

/** The submissions in one file, by extension. */
export async function* fileItems(path: string, d: LocalPageDefaults): AsyncGenerator<LocalItem> {
  const ext = extname(path).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') {
    yield* ndjsonItems(createReadStream(path), path, d);
    return;
  }
  const bytes = await readFile(path);
  if (ext === '.json') {
    let v: unknown;
    try {
      v = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      yield { where: path, error: `not valid JSON: ${(err as Error).message}` };
      return;
    }
    const list = Array.isArray(v) ? v : [v];
    for (let i = 0; i < list.length; i++) yield parseJsonItem(JSON.stringify(list[i]), Array.isArray(v) ? `${path}[${i}]` : path, d);
    return;
  }
  const url = d.url ?? (await localFileUrl(path));
  if (ext === '.txt') {
    yield { where: path, raw: withDefaults({ url, text: bytes.toString('utf8') }, d) };
    return;
  }
  // HTML in UTF-8 goes as text; any other charset as raw bytes, so the parser can honour <meta charset>.
  let html: string | undefined;
  try {
    html = utf8.decode(bytes);
  } catch {
    html = undefined;
  }
  yield { where: path, raw: withDefaults(html !== undefined ? { url, html } : { url, htmlBase64: bytes.toString('base64') }, d) };
}

/** Why a path could not be read, in words, from its `stat` error (not every failure is a missing file). */
function statError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'too many symbolic links (a loop?)';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return `cannot read it: ${(err as Error).message}`;
  }
}

/** Submissions from a file or a directory (recursive). `-` is handled by the caller (stdin NDJSON). */
export async function* pathItems(path: string, d: LocalPageDefaults): AsyncGenerator<LocalItem> {
  let s;
  try {
    s = await stat(path);
  } catch (err) {
    yield { where: path, error: statError(err) };
    return;
  }
  if (s.isDirectory()) {
    const { url: _ignored, ...rest } = d;
    for await (const f of walkFiles(path)) yield* fileItems(f, rest);
  } else if (!(INGESTIBLE_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())) {
    yield { where: path, error: `unsupported file type (use ${INGESTIBLE_EXTENSIONS.join(' ')})` };
  } else {
    yield* fileItems(path, d);
  }
}
