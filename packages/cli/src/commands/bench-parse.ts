import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AppError } from '@newsflow/core';
import { decodeBytes, detectFormat, loadDataset, macroScores, parsePage, shingleOverlap, type EvalPage } from '@newsflow/parse';
import { CliError, parentCommand, type CliContext } from '../context.js';

export const SYSTEMS = ['newsflow', 'readability-linkedom', 'readability-jsdom'] as const;
export type BenchSystem = (typeof SYSTEMS)[number];

export interface BenchResult {
  system: BenchSystem;
  pages: number;
  rounds: number;
  /** Page runs the system threw on. */
  errors: number;
  pagesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Peak resident memory of the process that ran only this system, in MB. */
  peakRssMb: number;
  /** Scrapinghub F1 of the bodies, when the dataset has a body ground truth. */
  f1: number | null;
  firstError?: string;
  /** Set when the system's process died before finishing (e.g. out of memory). */
  crashed?: string;
}

type Extract = (html: string, url: string) => Promise<string>;

async function extractorFor(system: BenchSystem): Promise<Extract> {
  if (system === 'newsflow') {
    return async (html, url) => {
      const iso = '2020-01-01T00:00:00.000Z';
      try {
        return parsePage({ pageId: '0'.repeat(32), receivedAt: iso, fetchedAt: iso, url, html, headers: {}, metadata: {}, trace: [] }).body;
      } catch (e) {
        if (e instanceof AppError && !e.retryable) return '';
        throw e;
      }
    };
  }
  // Loaded only in the child process that benchmarks them, so they never weigh on newsflow's figures.
  const { Readability } = (await import('@mozilla/readability' as string)) as { Readability: new (d: unknown) => { parse(): { textContent?: string | null } | null } };
  if (system === 'readability-linkedom') {
    const { parseHTML } = (await import('linkedom' as string)) as { parseHTML: (h: string) => { document: unknown } };
    return async (html) => new Readability(parseHTML(html).document).parse()?.textContent ?? '';
  }
  const { JSDOM, VirtualConsole } = (await import('jsdom' as string)) as {
    JSDOM: new (h: string, o: { url: string; virtualConsole: unknown }) => { window: { document: unknown; close(): void } };
    VirtualConsole: new () => unknown;
  };
  return async (html, url) => {
    // A silent console: jsdom otherwise prints a line for every stylesheet it cannot parse.
    const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
    try {
      return new Readability(dom.window.document).parse()?.textContent ?? '';
    } finally {
      dom.window.close();
    }
  };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Pages parsed untimed before timing starts: one pass over the set, up to 200 pages. A worker parses
 * thousands of pages, so its steady state (compiled code) is what the timings should show.
 */
export const DEFAULT_WARMUP = 200;

/** Benchmark one system in this process over pages already decoded to strings. */
export async function benchInProcess(system: BenchSystem, pages: EvalPage[], rounds = 1, warmup = DEFAULT_WARMUP): Promise<BenchResult> {
  const extract = await extractorFor(system);
  const docs = pages.map((p) => ({ p, html: decodeBytes(p.bytes).text }));
  // Untimed warm-up on the first pages, the same for every system: timings then measure compiled code, not the JIT.
  for (const { p, html } of docs.slice(0, warmup)) {
    try {
      await extract(html, p.url);
    } catch {
      /* counted in the timed pass */
    }
  }
  const times: number[] = [];
  const overlaps = [];
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  for (let round = 0; round < rounds; round++)
  for (const { p, html } of docs) {
    const s = performance.now();
    let body = '';
    try {
      body = await extract(html, p.url);
    } catch (e) {
      errors++;
      firstError ??= `${p.id}: ${(e as Error).message.split('\n')[0]}`;
    }
    times.push(performance.now() - s);
    if (round === 0 && p.body !== undefined) overlaps.push(shingleOverlap(p.body, body));
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  return {
    system,
    pages: docs.length,
    rounds,
    errors,
    pagesPerSec: (docs.length * rounds) / (total / 1000),
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    f1: overlaps.length ? macroScores(overlaps).f1 : null,
    ...(firstError ? { firstError } : {}),
  };
}

/** Run one system in a fresh child process, so each one's peak memory is its own. */
function benchInChild(system: BenchSystem, dataset: string, limit: number | undefined, rounds: number, warmup: number): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, NEWSFLOW_BENCH_CHILD: JSON.stringify({ system, dataset, limit, rounds, warmup }) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let result: BenchResult | undefined;
    let stderrTail = '';
    child.stderr?.on('data', (d: Buffer) => (stderrTail = (stderrTail + d.toString()).slice(-4000)));
    child.on('message', (m) => (result = m as BenchResult));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result) return resolve(result);
      // A system that dies (jsdom runs out of heap on large sets) is a result too, not the end of the run.
      const why = /heap out of memory/i.test(stderrTail) ? 'ran out of memory' : `exited with ${signal ?? `code ${code}`}`;
      resolve({ system, pages: 0, rounds, errors: 0, pagesPerSec: 0, p50Ms: 0, p99Ms: 0, peakRssMb: 0, f1: null, crashed: why });
    });
  });
}

const childSpec = process.env['NEWSFLOW_BENCH_CHILD'];
if (childSpec && process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const { system, dataset, limit, rounds, warmup } = JSON.parse(childSpec) as { system: BenchSystem; dataset: string; limit?: number; rounds: number; warmup: number };
  const r = await benchInProcess(system, loadDataset(dataset, detectFormat(dataset), limit ?? Infinity), rounds, warmup);
  process.send(r, () => process.exit(0));
}

export function formatBench(rs: BenchResult[]): string[] {
  const head = `${'system'.padEnd(22)}${'pages/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'peak MB'.padStart(9)}${'F1'.padStart(8)}${'errors'.padStart(8)}`;
  return [
    head,
    ...rs.map((r) =>
      r.crashed
        ? `${r.system.padEnd(22)}  crashed: ${r.crashed}`
        :
        `${r.system.padEnd(22)}${r.pagesPerSec.toFixed(1).padStart(9)}${r.p50Ms.toFixed(1).padStart(9)}${r.p99Ms.toFixed(1).padStart(9)}${r.peakRssMb.toFixed(0).padStart(9)}${(r.f1 === null ? 'n/a' : r.f1.toFixed(3)).padStart(8)}${String(r.errors).padStart(8)}`,
    ),
    ...rs.filter((r) => r.firstError && !r.crashed).map((r) => `${r.system}: first error: ${r.firstError}`),
  ];
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'bench', 'measure speed')
    .command('parse')
    .description('parse speed and peak memory of newsflow vs Readability over linkedom and over jsdom, on the same pages')
    .requiredOption('--dataset <dir>', 'a benchmark folder (scrapinghub, trafilatura or Readability test pages)')
    .option('--systems <list>', `comma-separated subset of ${SYSTEMS.join(',')}`, SYSTEMS.join(','))
    .option('--limit <n>', 'only the first N pages', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new CliError(`--limit: expected a positive integer, got "${v}"`);
      return n;
    })
    .option('--rounds <n>', 'passes over the pages per system (timings cover all passes)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 100) throw new CliError(`--rounds: expected an integer 1-100, got "${v}"`);
      return n;
    }, 1)
    .option('--warmup <n>', 'pages parsed untimed first, by every system alike (default: all, up to 200; 0 = none)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new CliError(`--warmup: expected a non-negative integer, got "${v}"`);
      return n;
    }, DEFAULT_WARMUP)
    .option('--json', 'print one JSON object')
    .action(async (o: { dataset: string; systems: string; limit?: number; rounds: number; warmup: number; json?: boolean }) => {
      if (!existsSync(o.dataset)) throw new CliError(`--dataset: ${o.dataset} does not exist`);
      const systems = o.systems.split(',').map((s) => s.trim());
      const bad = systems.filter((s) => !(SYSTEMS as readonly string[]).includes(s));
      if (bad.length) throw new CliError(`--systems: unknown ${bad.join(', ')}; use ${SYSTEMS.join(', ')}`);
      try {
        detectFormat(o.dataset);
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      const results: BenchResult[] = [];
      for (const s of systems) results.push(await benchInChild(s as BenchSystem, o.dataset, o.limit, o.rounds, o.warmup));
      if (o.json) ctx.out(JSON.stringify({ dataset: o.dataset, pages: results[0]?.pages ?? 0, rounds: o.rounds, warmup: o.warmup, results }));
      else for (const l of formatBench(results)) ctx.out(l);
    });
}
