import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processAlive } from '@newsflow/core';
import { eventually } from '@newsflow/testing';
import { register } from '../src/commands/bench-pipeline.js';
import type { PipelineBenchReport } from '../src/commands/bench-pipeline-report.js';
import { CLI, REPO, scratch } from './helpers.js';
import { runCommands } from './run-commands.js';

const PLACES = ['Ostrava', 'Gdansk', 'Porto', 'Lyon', 'Tampere', 'Graz', 'Cluj', 'Aarhus', 'Brno', 'Bilbao'];
const ACTS = ['approved', 'rejected', 'postponed', 'questioned', 'announced'];

/** A folder of `n` small news pages, each its own story; and a scratch TMPDIR for the bench's files. */
function dataset(n: number): { dir: string; tmp: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'nf-bench-pipeline-'));
  const dir = join(root, 'pages');
  const tmp = join(root, 'tmp');
  mkdirSync(dir);
  mkdirSync(tmp);
  for (let i = 0; i < n; i++) {
    const place = PLACES[i % PLACES.length]!;
    const paras = Array.from(
      { length: 6 },
      (_, k) =>
        `<p>The council of ${place} ${ACTS[(i + k) % ACTS.length]} plan ${i * 10 + k} for the harbour on Tuesday, after ${100 + i * 7 + k} residents wrote about tram lines, water prices and the school in ${PLACES[(i + k + 3) % PLACES.length]}.</p>`,
    ).join('\n');
    const title = `${place} council story ${i}`;
    writeFileSync(
      join(dir, `page-${String(i).padStart(2, '0')}.html`),
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><header><a href="/">Test Herald</a></header><article><h1>${title}</h1>\n${paras}\n</article><footer>Test Herald</footer></body></html>`,
    );
  }
  return { dir, tmp, root };
}

/** Processes whose working directory is under `dir`: whatever the bench left running there. */
function runningUnder(dir: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readlinkSync(`/proc/${d}/cwd`).startsWith(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function runBench(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [CLI, 'bench', 'pipeline', ...args], { env, cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('newsflow bench pipeline', () => {
  it('runs both modes on a generated dataset and reports every figure, leaving nothing running', async () => {
    const { dir, tmp, root } = dataset(20);
    const { home, env } = scratch({ TMPDIR: tmp });
    try {
      const pages = 24;
      const run = runBench(['--dataset', dir, '--pages', String(pages), '--loads', '4', '--load-seconds', '2', '--json'], env);
      const code = await run.exited;
      expect(code, run.stderr()).toBe(0);
      const r = JSON.parse(run.stdout()) as PipelineBenchReport;

      expect(r).toMatchObject({ schema: 'newsflow.bench.pipeline/1', pages, loads: [4], loadSeconds: 2, dataset: { dir, format: 'files', distinct: 20, dropped: [] } });
      expect(r.machine.cores).toBeGreaterThan(0);
      expect(r.machine.loadAverageBefore).toHaveLength(3);

      // The stage functions alone: every copy kept its own paragraph, so no copy is an exact duplicate.
      expect(r.stages.pages).toBe(pages);
      expect(r.stages.uniqueParagraphKept).toBe(pages);
      expect(r.stages.verdicts.exact).toBe(0);
      for (const s of ['parse', 'entity', 'dedupe', 'sink'] as const) expect(r.stages.stages[s].cpuMsPerArticle, s).toBeGreaterThan(0);
      expect(r.stages.stages.dedupe.redisCpuMsPerArticle).toBeGreaterThan(0);
      expect(r.stages.cpuMsPerArticle.total).toBeCloseTo(r.stages.cpuMsPerArticle.node + r.stages.cpuMsPerArticle.redis, 2);
      expect(r.stages.parserPagesPerSecond).toBeGreaterThan(0);
      expect(r.stageBoundArticlesPerSecond).toBeCloseTo((r.machine.cores * 1000) / r.stages.cpuMsPerArticle.total, 0);
      // The first two queues carry the page without its body (a bodyRef), which waits beside them;
      // the later ones the article as it grows.
      for (const s of ['ingest', 'parse'] as const) expect(r.stages.payloadBytes[s], s).toBeLessThan(2000);
      expect(r.stages.bodyBytes).toBeGreaterThan(500);
      for (const s of ['entity', 'dedupe', 'sink'] as const) expect(r.stages.payloadBytes[s], s).toBeGreaterThan(500);

      expect(r.ceiling.articles).toBe(pages);
      expect(r.ceiling.articlesPerSecond).toBeGreaterThan(0);
      expect(r.ceiling.cpuMsPerArticle.node).toBeGreaterThan(0);
      expect(r.ceiling.cpuMsPerArticle.redis).toBeGreaterThan(0);

      expect(r.modes.map((m) => m.mode)).toEqual(['start', 'per-stage']);
      for (const m of r.modes) {
        const what = m.mode;
        expect(m.fullSpeed).toMatchObject({ submitted: pages, stored: pages, failed: 0 });
        expect(m.fullSpeed.articlesPerSecond, what).toBeGreaterThan(0);
        expect(m.loads).toHaveLength(1);
        expect(m.loads[0]).toMatchObject({ offered: 4, submitted: 8, stored: 8, failed: 0 });
        for (const p of [m.fullSpeed, m.loads[0]!]) {
          expect(p.latencyMs, `${what} ${p.phase}`).not.toBeNull();
          expect(p.latencyMs!.p50).toBeGreaterThan(0);
          expect(p.latencyMs!.p50).toBeLessThanOrEqual(p.latencyMs!.p99);
          expect(p.latencyMs!.p99).toBeLessThanOrEqual(p.latencyMs!.max);
        }
        expect(m.loads[0]!.acceptLagP99Ms).not.toBeNull();
        expect(m.cpuMsPerArticle.node, what).toBeGreaterThan(0);
        expect(m.cpuMsPerArticle.redis, what).toBeGreaterThan(0);
        for (const share of [m.overheadShare.withRedis, m.overheadShare.withoutRedis]) {
          expect(share, what).toBeGreaterThanOrEqual(0);
          expect(share, what).toBeLessThanOrEqual(1);
        }
        expect(m.ratios.toCeiling, what).toBeGreaterThan(0);
        expect(m.ratios.toParserSingleCore, what).toBeGreaterThan(0);
        for (const p of m.processes) {
          expect(p.peakRssBytes, `${what} ${p.command}`).toBeGreaterThan(0);
          expect(processAlive(p.pid), `${what} ${p.command} still running`).toBe(false);
        }
        expect(m.processes.filter((p) => p.kind === 'redis' && p.command.startsWith('redis-server'))).toHaveLength(1);
        expect(m.redis.usedMemoryPeak).toBeGreaterThanOrEqual(m.redis.usedMemoryBefore);
        expect(m.redis.families.ledger.keys).toBeGreaterThan(0);
      }
      const commands = (i: number) => r.modes[i]!.processes.map((p) => p.command).sort();
      expect(commands(0).some((c) => c.startsWith('newsflow start'))).toBe(true);
      expect(commands(1).filter((c) => c.startsWith('newsflow worker')).sort()).toEqual(['newsflow worker dedupe', 'newsflow worker entity', 'newsflow worker ingest', 'newsflow worker parse', 'newsflow worker sink']);
      expect(commands(1).some((c) => c.startsWith('newsflow start') && c.includes('--stages none'))).toBe(true);
      // Its temporary directory is gone.
      expect(readdirSync(tmp)).toEqual([]);
      console.log(
        `bench pipeline (${pages} tiny pages): ${r.modes.map((m) => `${m.mode} ${m.fullSpeed.articlesPerSecond} art/s, ${m.cpuMsPerArticle.total} cpu ms/art, overhead ${m.overheadShare.withRedis}`).join('; ')}; ceiling ${r.ceiling.articlesPerSecond} art/s; load ${r.machine.loadAverageAfter.join(' ')}`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  }, 300_000);

  it('stops every process it started and removes its files on Ctrl-C mid-run', async () => {
    const { dir, tmp, root } = dataset(5);
    const { home, env } = scratch({ TMPDIR: tmp });
    const run = runBench(['--dataset', dir, '--pages', '60', '--modes', 'per-stage', '--loads', 'none'], env);
    try {
      // Well into the per-stage mode: its redis-server, API and five workers are up and pages flow.
      await eventually(() => /newsflow worker: ingest[^]*full speed: 60 pages/.test(run.stderr()), 'the per-stage mode running', 200_000, 200);
      expect(runningUnder(tmp).length).toBeGreaterThanOrEqual(7);
      run.child.kill('SIGINT');
      expect(await run.exited, run.stderr()).toBe(130);
      expect(runningUnder(tmp)).toEqual([]);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  }, 300_000);

  it('rejects bad flags with a message naming the flag, before starting anything', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /^--dataset <dir> is required/],
      [['--dataset', '/no/such/dir'], /^--dataset: \/no\/such\/dir is not a directory$/],
      [['--dataset', '.', '--pages', '0'], /^--pages must be a whole number from 1 to 1000000, got "0"$/],
      [['--dataset', '.', '--modes', 'start,fast'], /^--modes must be a comma-separated subset of start,per-stage, got "start,fast"$/],
      [['--dataset', '.', '--loads', '10,x'], /^--loads must be a whole number from 1 to 100000, got "x"$/],
      [['--dataset', '.', '--stage-processes', 'parse=0'], /^--stage-processes parse must be a whole number from 1 to 16, got "0"$/],
      [['--dataset', '.', '--stage-processes', 'render=2'], /^--stage-processes: expected stage=count with a stage of ingest, parse, entity, dedupe, sink, got "render=2"$/],
      [['--dataset', '.', '--start-workers', 'many'], /^--start-workers must be auto or a whole number, got "many"$/],
    ];
    for (const [args, message] of cases) {
      const { error } = await runCommands([register], ['bench', 'pipeline', ...args]);
      expect(error?.message, args.join(' ')).toMatch(message);
    }
  });
});
