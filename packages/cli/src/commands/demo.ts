import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { Article } from '@newsflow/contracts';
import { loadEnv } from '@newsflow/core';
import { pageStatus } from '@newsflow/ingest';
import { CliError, type CliContext } from '../context.js';
import { StartEnv, startPipeline, type RunningPipeline } from '../pipeline.js';
import { cliLogger } from '../runtime.js';

interface ManifestPage {
  file: string;
  url: string;
  site?: string;
  batch?: number;
}

/** The examples folder shipped with the repository, found from the CLI's own location. */
export function findExamples(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'examples', 'manifest.json');
    if (existsSync(candidate)) return dirname(candidate);
    dir = dirname(dir);
  }
  throw new CliError('examples/manifest.json not found: run the demo from a newsflow checkout or pass --examples DIR');
}

async function waitStored(p: RunningPipeline, pageIds: string[], timeoutMs: number): Promise<Map<string, { state: string; articleId?: string; reason?: string }>> {
  const deadline = Date.now() + timeoutMs;
  const done = new Map<string, { state: string; articleId?: string; reason?: string }>();
  while (done.size < pageIds.length) {
    for (const id of pageIds) {
      if (done.has(id)) continue;
      const s = await pageStatus(p.queues, id);
      if (s.state === 'stored' || s.state === 'failed') done.set(id, s);
    }
    if (done.size < pageIds.length) {
      if (Date.now() > deadline) throw new CliError(`timed out after ${timeoutMs} ms waiting for ${pageIds.length - done.size} page(s) to be stored`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return done;
}

export function describeArticle(a: Article): string[] {
  const ents = [...a.entities].sort((x, y) => y.salience - x.salience).slice(0, 6).map((e) => `${e.name} (${e.type})`);
  const d = a.dedupe;
  const marks = [
    `version ${d.version}`,
    d.duplicateOf ? `duplicate of ${d.duplicateOf} (${d.duplicateKind ?? 'near'}${d.similarity != null ? `, ${d.similarity.toFixed(2)}` : ''})` : 'canonical',
    `cluster ${d.clusterId}`,
  ];
  return [
    `${a.id}  ${a.title}`,
    `    site: ${a.siteName ?? '-'}   authors: ${a.authors.join(', ') || '-'}   published: ${a.publishedAt ?? '-'}   words: ${a.wordCount}`,
    `    ${marks.join('   ')}`,
    `    entities: ${ents.join(', ') || '-'}`,
    ...(a.corrections.length ? [`    corrections: ${a.corrections.map((c) => c.text).join(' | ')}`] : []),
    `    body: ${a.body.slice(0, 140).replace(/\s+/g, ' ')}…`,
    `    trace: ${a.trace.map((t) => `${t.stage} ${t.durationMs}ms`).join(' → ')}`,
  ];
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('start the pipeline on the embedded defaults, process the example pages shipped in examples/, show the stored articles, and stop')
    .option('--examples <dir>', 'folder holding manifest.json and the pages (default: the repository examples/)')
    .option('--timeout <ms>', 'how long to wait for the pages', (v) => Number(v), 120_000)
    .action(async (o: { examples?: string; timeout: number }) => {
      const env = loadEnv(StartEnv);
      const logger = cliLogger({ ...env, LOG_LEVEL: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL }, 'newsflow-demo');
      const dir = o.examples ? resolve(o.examples) : findExamples();
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { pages: ManifestPage[] };
      ctx.out(`newsflow demo: ${manifest.pages.length} example pages from ${dir}`);
      const p = await startPipeline({ logger, port: 0 });
      try {
        ctx.out(`pipeline up: Redis ${p.redisDisplayUrl}, API ${p.apiUrl}, store ${process.env.SINK ?? 'sqlite'} ${process.env.SINK && process.env.SINK !== 'sqlite' ? '' : (process.env.SQLITE_PATH ?? './data/newsflow.db')}`);
        const batches = [...new Set(manifest.pages.map((x) => x.batch ?? 1))].sort((a, b) => a - b);
        const articleIds: string[] = [];
        let failed = 0;
        for (const b of batches) {
          const pages = manifest.pages.filter((x) => (x.batch ?? 1) === b);
          const ids: string[] = [];
          for (const page of pages) {
            const content = readFileSync(join(dir, page.file), 'utf8');
            const isHtml = /\.html?$/i.test(page.file);
            const r = await p.producer.submit({ url: page.url, site: page.site, source: 'newsflow-demo', ...(isHtml ? { html: content } : { text: content }) });
            ctx.out(`  submitted ${page.file} → page ${r.pageId}${r.duplicate ? ' (already known: same job)' : ''}`);
            ids.push(r.pageId);
          }
          const res = await waitStored(p, ids, o.timeout);
          for (const [id, s] of res) {
            if (s.state === 'failed') {
              failed++;
              ctx.out(`  page ${id} FAILED: ${s.reason}`);
            } else if (s.articleId && !articleIds.includes(s.articleId)) articleIds.push(s.articleId);
          }
        }
        ctx.out('');
        ctx.out(`Stored articles (${articleIds.length}):`);
        for (const id of articleIds) {
          const stored = await p.store.get(id);
          if (stored) for (const line of describeArticle(stored)) ctx.out(line);
          ctx.out('');
        }
        ctx.out('Next: `npx newsflow start` to keep it running, `npx newsflow ingest <file|dir>` to add pages, `npx newsflow articles list` to read the store.');
        if (failed) throw new CliError(`${failed} example page(s) failed`);
      } finally {
        await p.stop();
      }
    });
}
