import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processAlive } from '@newsflow/core';
import { eventually } from '@newsflow/testing';
import { register, warmupRule } from '../src/commands/bench-soak.js';
import type { SoakFigure, SoakReport } from '../src/commands/bench-soak-report.js';
import { CLI, REPO, scratch } from './helpers.js';
import { runCommands } from './run-commands.js';

/** Run the built CLI; stdout apart from stderr, since the report is on stdout. */
function runSplit(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env, cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((res) => child.once('exit', (code) => res({ code, stdout, stderr })));
}

function expectFigure(f: SoakFigure, what: string): void {
  for (const k of ['start', 'warmup', 'peak', 'end'] as const) {
    expect(f[k], `${what}.${k}`).toBeTypeOf('number');
    expect(f[k]!, `${what}.${k}`).toBeGreaterThan(0);
  }
  expect(f.peak!, `${what}: peak is the largest sample`).toBeGreaterThanOrEqual(Math.max(f.start!, f.warmup!, f.end!));
  expect(f.endToWarmup, `${what}.endToWarmup`).toBeCloseTo(f.end! / f.warmup!, 2);
}

describe('the soak warm-up rule', () => {
  it('waits for 10 % of the pages and for the count bounds to fill, at most half the run', () => {
    // 20,000 pages, index bound 5,000: 5,000 + 1,000 completed jobs a queue, past 10 % (2,000).
    expect(warmupRule(20_000, 5_000)).toEqual({ stored: 6_000, boundsFull: true, retention: 1000 });
    // Small bounds: 10 % decides.
    expect(warmupRule(100_000, 100)).toEqual({ stored: 10_000, boundsFull: true, retention: 1000 });
    // Bounds past half the run: warm-up at half, flagged.
    expect(warmupRule(20_000, 200_000)).toEqual({ stored: 10_000, boundsFull: false, retention: 1000 });
  });
});

describe('newsflow bench soak', () => {
  it('runs a private pipeline, stores every page, reports memory at start, warm-up, peak and end, and leaves nothing running', async () => {
    const { home, env } = scratch();
    const r = await runSplit(['bench', 'soak', '--pages', '300', '--max-waiting', '100', '--sample-ms', '1000', '--json'], env).finally(() => rmSync(home, { recursive: true, force: true }));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as SoakReport & { node: string; cores: number };

    expect(report).toMatchObject({ pages: 300, stored: 300, failed: 0, accepted: 300, duplicates: 0, complete: true, maxWaiting: 100, rate: null, dataset: null });
    expect(report.samples.length).toBeGreaterThanOrEqual(2);
    expect(report.samples[0]).toMatchObject({ submitted: 0, stored: 0 });
    expect(report.samples.at(-1)).toMatchObject({ submitted: 300, stored: 300, inFlight: 0 });
    expect(Object.keys(report.samples[0]!.queues).sort()).toEqual(['dedupe', 'entity', 'ingest', 'parse', 'sink']);
    // The index bounds default to a quarter of the pages (at least 100); the bounds (100 entries +
    // 1,000 completed jobs a queue) exceed half of 300 pages, so the warm-up sample is the first with 150 stored.
    expect(report).toMatchObject({ dedupeMaxEntries: 100, storyMaxArticles: 100, retention: 1000, warmupStored: 150, boundsFull: false });
    const warm = report.samples.find((s) => s.t === report.warmupAt)!;
    expect(warm.stored).toBeGreaterThanOrEqual(150);
    expect(report.samples.filter((s) => s.t < report.warmupAt!).every((s) => s.stored < 150)).toBe(true);
    // Redis memory by key family, the dedupe family by part: the parts add up to it.
    const end = report.families.end!;
    expect(end.ledger.keys).toBe(300);
    expect(Object.keys(end.dedupeParts)).toEqual(expect.arrayContaining(['A', 'L', 'R', 'S', 'Y:R', 'Y:S']));
    const parts = Object.values(end.dedupeParts);
    expect(parts.reduce((n, p) => n + p.keys, 0)).toBe(end.dedupe.keys);
    expect(parts.reduce((n, p) => n + p.bytes, 0)).toBe(end.dedupe.bytes);
    expectFigure(report.startRss, 'startRss');
    expectFigure(report.redisRss, 'redisRss');
    expectFigure(report.redisUsedMemory, 'redisUsedMemory');
    expect(report.redisBytesPerArticle).toBe(Math.round((report.samples.at(-1)!.redisUsedMemory - report.samples[0]!.redisUsedMemory) / 300));
    expect(report.articlesPerSecond).toBeGreaterThan(0);

    // The pipeline it started is gone with it: no orphaned `newsflow start` or redis-server.
    expect(report.pids.start).toBeTypeOf('number');
    expect(report.pids.redis).toBeTypeOf('number');
    expect(processAlive(report.pids.start!)).toBe(false);
    expect(processAlive(report.pids.redis!)).toBe(false);

    // Figures for the reader, not assertions: the machine is shared.
    const f = (x: SoakFigure) => `${(x.start! / 1048576).toFixed(1)} → ${(x.warmup! / 1048576).toFixed(1)} → ${(x.end! / 1048576).toFixed(1)} MB (end/warm-up ${x.endToWarmup})`;
    console.log(`bench soak --pages 300: ${report.articlesPerSecond} articles/s, ${report.throttled} × 429; start RSS ${f(report.startRss)}; redis RSS ${f(report.redisRss)}; used_memory ${f(report.redisUsedMemory)}; ${report.redisBytesPerArticle} B/article in Redis`);
  }, 300_000);

  it('stops the pipeline it started and removes its home when it is killed with SIGTERM mid-run', async () => {
    const { home, env } = scratch();
    const child = spawn(process.execPath, [CLI, 'bench', 'soak', '--pages', '100000', '--sample-ms', '1000'], { env, cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    try {
      const m = await eventually(() => /newsflow start pid (\d+), redis-server pid (\d+), home (\S+)/.exec(stderr), 'the soak reports its pipeline', 120_000, 100);
      const [startPid, redisPid, soakHome] = [Number(m[1]), Number(m[2]), m[3]!];
      // Under way: some pages stored.
      await eventually(() => /stored [1-9]/.test(stderr), 'pages being stored', 120_000, 100);
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(processAlive(startPid), 'newsflow start').toBe(false);
      expect(processAlive(redisPid), 'redis-server').toBe(false);
      expect(existsSync(soakHome)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    }
  }, 300_000);

  it('rejects bad flags with a message naming the flag, before starting anything', async () => {
    for (const [flag, value] of [['--pages', '0'], ['--rate', 'fast'], ['--sample-ms', '5'], ['--max-waiting', '0'], ['--dedupe-max-entries', '99']] as const) {
      const { error } = await runCommands([register], ['bench', 'soak', flag, value]);
      expect(error?.message, flag).toMatch(new RegExp(`^${flag} must be a whole number from \\d+ to \\d+, got "${value}"$`));
    }
    const { error } = await runCommands([register], ['bench', 'soak', '--dataset', '/no/such/dir']);
    expect(error?.message).toBe('--dataset: /no/such/dir does not exist');
  });
});
