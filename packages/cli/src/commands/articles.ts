import { createWriteStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import type { Command } from 'commander';
import {
  csvHeader,
  csvRow,
  describeStore,
  formatStoredArticle,
  formatSummaryLine,
  jsonlRow,
  openStore,
  parseArticleQuery,
  parseEntityQuery,
  storeConfigFromEnv,
  type ArticleFilter,
  type ArticleStore,
  type ArticleSummary,
  type ArticleVersion,
  type StoredArticle,
} from '@newsflow/sink';
import { CliError, escapeJsonText, jsonText, terminalCell, terminalSafe, type CliContext } from '../context.js';

/** The filter flags `articles list`, `articles export` and `replay` share. */
export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--since <when>', 'published at or after: ISO date/time or an age like 24h, 7d')
    .option('--until <when>', 'published before: ISO date/time or an age')
    .option('--site <name>', 'site name (case-insensitive)')
    .option('--entity <name>', 'an entity the article mentions: canonical name or key, e.g. "Sergei Lavrov"')
    .option('--cluster <id>', 'copy cluster id (copies of one text)')
    .option('--story <id>', 'story id: every outlet\'s report of one event (see `newsflow stories list`)')
    .option('--q <text>', 'full-text search over title and body ("phrases", OR)')
    .option('--id <ids>', 'comma-separated article ids')
    .option('--canonical', 'leave out articles that duplicate another');
}

export interface FilterFlags {
  since?: string;
  until?: string;
  site?: string;
  entity?: string;
  cluster?: string;
  story?: string;
  q?: string;
  id?: string;
  canonical?: boolean;
  limit?: string;
  cursor?: string;
}

/** Flags → ArticleFilter, with the same validation (and messages naming the flag) as the HTTP API. */
export function filterFromFlags(o: FilterFlags): ArticleFilter {
  try {
    return parseArticleQuery({
      since: o.since, until: o.until, site: o.site, entity: o.entity, cluster: o.cluster, story: o.story, q: o.q, id: o.id,
      canonical: o.canonical ? 'true' : undefined, limit: o.limit, cursor: o.cursor,
    });
  } catch (e) {
    throw new CliError(`--${(e as Error).message}`, 2);
  }
}

/**
 * Open the configured store for reading. A SQLite file that does not exist yet is an error with
 * a hint, rather than an empty database created in the wrong directory.
 */
export async function openReadStore(env: Record<string, string | undefined> = process.env): Promise<ArticleStore> {
  const cfg = storeConfigFromEnv(env);
  if ((cfg.kind === 'sqlite' || cfg.kind === 'jsonl') && !existsSync(resolve(cfg.path))) {
    const v = cfg.kind === 'sqlite' ? 'SQLITE_PATH' : 'JSONL_PATH';
    throw new CliError(`no article store at ${cfg.path} (${v}): run \`newsflow start\` and ingest pages from this directory first, or set SINK / ${v} / DATABASE_URL`);
  }
  try {
    return await openStore(cfg);
  } catch (e) {
    throw new CliError(`cannot open the article store (${describeStore(cfg)}): ${(e as Error).message}`);
  }
}

async function withStore<T>(fn: (store: ArticleStore) => Promise<T>): Promise<T> {
  const store = await openReadStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/*
 * The one-line fields of an article as table cells: a line break in a title would otherwise start
 * a fake row. ctx.out strips escapes from the whole line as well; this keeps the columns.
 */
function summaryCells(s: ArticleSummary): ArticleSummary {
  return { ...s, title: terminalCell(s.title), siteName: s.siteName === null ? null : terminalCell(s.siteName) };
}

function articleCells(a: StoredArticle): StoredArticle {
  return {
    ...a,
    title: terminalCell(a.title),
    canonicalUrl: terminalCell(a.canonicalUrl),
    authors: a.authors.map(terminalCell),
    siteName: a.siteName === undefined ? undefined : terminalCell(a.siteName),
    language: a.language === undefined ? undefined : terminalCell(a.language),
    entities: a.entities.map((e) => ({ ...e, name: terminalCell(e.name) })),
    corrections: a.corrections.map((c) => ({ ...c, text: terminalCell(c.text) })),
  };
}

/** Write with backpressure, so `articles export | head` and large exports behave. */
async function writeLine(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}

export function register(program: Command, ctx: CliContext): void {
  const articles = program.command('articles').description('read the article store (SINK, SQLITE_PATH, DATABASE_URL choose which)');

  addFilterOptions(articles.command('list').description('list stored articles, newest first'))
    .option('--limit <n>', 'articles per page (1-1000)', '20')
    .option('--cursor <c>', 'continue after a previous page (its nextCursor)')
    .option('--json', 'print {items, nextCursor, total} as JSON')
    .action(async (o: FilterFlags & { json?: boolean }) => {
      const filter = filterFromFlags(o);
      await withStore(async (store) => {
        const [page, total] = await Promise.all([store.list(filter), store.count(filter)]);
        if (o.json) {
          ctx.out(jsonText({ ...page, total }, 2));
          return;
        }
        if (!page.items.length) ctx.out('no articles match');
        for (const s of page.items) ctx.out(formatSummaryLine(summaryCells(s)));
        ctx.out(`${page.items.length} of ${total} shown${page.nextCursor ? ` — next page: --cursor ${page.nextCursor}` : ''}`);
      });
    });

  articles
    .command('show <id>')
    .description('show one article: metadata, entities, trace and body')
    .option('--versions', 'also list its versions')
    .option('--version <n>', 'show an earlier version')
    .option('--json', 'print the stored article as JSON')
    .action(async (id: string, o: { versions?: boolean; version?: string; json?: boolean }) => {
      await withStore(async (store) => {
        const stored = await store.get(id);
        if (!stored) throw new CliError(`no article with id ${id} (see \`newsflow articles list\`)`, 3);
        let old: StoredArticle | null = null;
        if (o.version !== undefined) {
          const n = Number(o.version);
          if (!Number.isInteger(n) || n < 1) throw new CliError('--version must be a whole number ≥ 1', 2);
          old = await store.getVersion(id, n);
          if (!old) throw new CliError(`article ${id} has no version ${n} (it has ${(await store.versions(id)).map((v) => v.version).join(', ')})`, 3);
        }
        const shown = old ?? stored;
        const versions = o.versions ? await store.versions(id) : undefined;
        if (o.json) ctx.out(jsonText({ ...shown, ...(versions ? { versions } : {}) }, 2));
        else for (const line of formatStoredArticle(articleCells(shown), versions?.map((v): ArticleVersion => ({ ...v, title: terminalCell(v.title) })))) ctx.out(line);
      });
    });

  articles
    .command('entities')
    .description('entities by how many stored articles mention them: find the name or key for --entity')
    .option('--q <text>', 'part of the name, case-insensitive')
    .option('--type <type>', 'PER, ORG, LOC or MISC')
    .option('--limit <n>', 'how many (1-1000)', '20')
    .option('--json', 'print {items} as JSON')
    .action(async (o: { q?: string; type?: string; limit?: string; json?: boolean }) => {
      let filter;
      try {
        filter = parseEntityQuery({ q: o.q, type: o.type, limit: o.limit });
      } catch (e) {
        throw new CliError(`--${(e as Error).message}`, 2);
      }
      await withStore(async (store) => {
        const items = await store.entities(filter);
        if (o.json) ctx.out(jsonText({ items }, 2));
        else if (!items.length) ctx.out('no entities match');
        else for (const e of items) ctx.out(`${String(e.articles).padStart(6)}  ${e.type.padEnd(4)}  ${terminalCell(e.name)}   (--entity "${terminalCell(e.key)}")`);
      });
    });

  addFilterOptions(articles.command('export').description('write every matching article as JSON lines or CSV'))
    .option('--format <fmt>', 'jsonl or csv', 'jsonl')
    .option('--limit <n>', 'at most this many articles')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (o: FilterFlags & { format: string; out?: string }) => {
      if (o.format !== 'jsonl' && o.format !== 'csv') throw new CliError(`--format must be jsonl or csv, not "${o.format}"`, 2);
      const { limit, ...rest } = o;
      const filter = filterFromFlags(rest);
      if (limit !== undefined) {
        const n = Number(limit);
        if (!Number.isInteger(n) || n < 1) throw new CliError('--limit must be a whole number ≥ 1', 2);
        filter.limit = n;
      } else delete filter.limit;
      await withStore(async (store) => {
        const out = o.out ? createWriteStream(resolve(o.out)) : process.stdout;
        let n = 0;
        if (o.format === 'csv') await writeLine(out, csvHeader());
        for await (const s of store.iterate(filter)) {
          // NDJSON stays exact (escaped, parses back to the same text); CSV cannot escape, and a
          // control character has no business in a spreadsheet cell, so it is stripped there.
          await writeLine(out, o.format === 'csv' ? terminalSafe(csvRow(s)) : escapeJsonText(jsonlRow(s)));
          n += 1;
        }
        if (o.out) {
          (out as NodeJS.WritableStream).end();
          await once(out, 'finish');
          ctx.err(`exported ${n} articles to ${o.out}`);
        }
      });
    });
}
