import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import { startRedisServer } from '@newsflow/core';
import { runIngestBench, type IngestBenchReport } from '@newsflow/ingest';
import { CliError, intFlag, parentCommand, type CliContext } from '../context.js';
import { cliEnv } from '../runtime.js';

interface BenchIngestFlags {
  pages: string;
  size: string;
  batch: string;
  concurrency: string;
  mode: string;
  json?: boolean;
}

/** HTML files under `path` (recursive), to use as page bodies instead of synthetic ones. */
function templatesFrom(path: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
    else if (['.html', '.htm'].includes(extname(p).toLowerCase())) out.push(readFileSync(p, 'utf8'));
  };
  try {
    walk(path);
  } catch {
    throw new CliError(`cannot read ${path}: give a directory of .html files`);
  }
  if (!out.length) throw new CliError(`no .html files under ${path}`);
  return out;
}

function print(ctx: CliContext, r: IngestBenchReport, real: boolean): void {
  ctx.out(`ingest benchmark: ${r.pages} pages of ${real ? 'real HTML' : `${r.pageBytes} bytes`}, batches of ${r.batchSize}, ${r.concurrency} in flight (node ${r.node})`);
  for (const f of r.results) {
    const label = f.mode === 'api' ? 'batch endpoint (HTTP)' : 'createProducer (direct)';
    ctx.out(`  ${label.padEnd(26)} ${String(f.pagesPerSecond).padStart(7)} pages/s  ${String(f.megabytesPerSecond).padStart(6)} MB/s  (${f.accepted} accepted in ${f.seconds} s)`);
    ctx.out(`  ${''.padEnd(26)} CPU per page: node ${f.nodeCpuMicrosPerPage} µs, redis ${f.redisCpuMicrosPerPage} µs → at most ${f.cpuBoundPagesPerSecond} pages/s with a core each`);
  }
  ctx.out(`  load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores: other work on the machine lowers the wall-clock rates`);
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'bench', 'measure speed')
    .command('ingest')
    .description('accepted pages per second through the batch endpoint and through createProducer (REDIS_URL, or a private redis-server)')
    .argument('[pages-dir]', 'directory of .html pages to submit (repeated, made unique); synthetic pages when omitted')
    .option('--pages <n>', 'pages per measured run', '20000')
    .option('--size <bytes>', 'bytes per synthetic page', '5120')
    .option('--batch <n>', 'pages per batch request', '500')
    .option('--concurrency <n>', 'requests in flight', '4')
    .option('--mode <list>', 'api, producer or both', 'both')
    .option('--json', 'print the report as JSON')
    .action(async (dir: string | undefined, f: BenchIngestFlags) => {
      const modes = f.mode === 'both' ? (['api', 'producer'] as const) : f.mode === 'api' || f.mode === 'producer' ? ([f.mode] as const) : null;
      if (!modes) throw new CliError(`--mode must be api, producer or both, got "${f.mode}"`);
      const opts = {
        pages: intFlag('--pages', f.pages, 1, 10_000_000),
        pageBytes: intFlag('--size', f.size, 100, 10_000_000),
        batchSize: intFlag('--batch', f.batch, 1, 1000),
        concurrency: intFlag('--concurrency', f.concurrency, 1, 256),
        modes: [...modes],
        ...(dir ? { templates: templatesFrom(dir) } : {}),
      };
      const env = cliEnv();
      let redisUrl = env.REDIS_URL;
      let stop: (() => Promise<void>) | undefined;
      let tmp: string | undefined;
      if (!redisUrl) {
        tmp = mkdtempSync(join(tmpdir(), 'newsflow-bench-'));
        const srv = await startRedisServer({ dir: tmp, appendonly: false });
        redisUrl = srv.url;
        stop = () => srv.stop();
        if (!f.json) ctx.err(`using a private redis-server on ${srv.url} (set REDIS_URL to measure against yours)`);
      }
      try {
        const report = await runIngestBench({ redisUrl, ...opts });
        if (f.json) ctx.out(JSON.stringify({ ...report, redis: env.REDIS_URL ? 'REDIS_URL' : 'private', cores: cpus().length, loadAverage: loadavg() }, null, 2));
        else print(ctx, report, Boolean(dir));
      } finally {
        await stop?.();
        if (tmp) rmSync(tmp, { recursive: true, force: true });
      }
    });
}
