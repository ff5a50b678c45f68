import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { STAGES, type StageName } from '@newsflow/contracts';
import { closeRedis, loadEnv, startRedisServer } from '@newsflow/core';
import { listFailed, openPipeline, percentile } from '@newsflow/dashboard';
import { IngestEnv, createIngestClient } from '@newsflow/ingest';
import { CliError } from '../context.js';
import { StartEnv } from '../pipeline.js';
import { connectRedis, type RunState } from '../runtime.js';
import { openReadStore } from './articles.js';
import type { BenchPage, PageSet } from './bench-pipeline-pages.js';
import { loadAverage, TreeMeter, type ProcessUse } from './bench-pipeline-proc.js';
import { keyFamilies, type KeyFamilies } from './bench-soak-keys.js';
import { CLI_MAIN, spawnStart, submitAll, takeSample, type Feed, type Probe, type StartChild } from './bench-soak.js';

/** Stops what a run started, newest first; `run()` is what Ctrl-C and the end of the run call. */
export class Cleanup {
  private readonly steps: Array<() => Promise<unknown>> = [];

  /** Register a stop; the returned function runs it now (once) and unregisters it. */
  add(stop: () => Promise<unknown>): () => Promise<void> {
    let done: Promise<void> | undefined;
    const once = () => (done ??= stop().then(() => undefined, () => undefined));
    this.steps.push(once);
    return async () => {
      const k = this.steps.indexOf(once);
      if (k >= 0) this.steps.splice(k, 1);
      await once();
    };
  }

  async run(): Promise<void> {
    while (this.steps.length) await this.steps.pop()!();
  }
}

export interface ModeOptions {
  set: PageSet;
  pages: number;
  loads: number[];
  loadSeconds: number;
  batch: number;
  timeoutMs: number;
  tmp: string;
  cleanup: Cleanup;
  log(line: string): void;
  /** Node options for every newsflow process a mode starts (e.g. `--cpu-prof`); forks inherit them. */
  nodeArgs?: string[];
}

/** One phase of a mode: all pages at full speed, or one fixed offered load. */
export interface PhaseReport {
  phase: string;
  /** Pages per second offered (paced, open loop); null at full speed. */
  offered: number | null;
  submitted: number;
  stored: number;
  failed: number;
  /** First submission to the last article stored (its row's created_at). */
  seconds: number;
  articlesPerSecond: number;
  /** Requests answered 429 and retried (full speed only). */
  throttled: number;
  /** ingest → stored: the row's created_at − the article's receivedAt, ms. */
  latencyMs: { p50: number; p99: number; max: number } | null;
  /** How long after its scheduled send the API stamped a page's receivedAt, p99 ms (loads only). */
  acceptLagP99Ms: number | null;
}

export interface ModeReport {
  mode: 'start' | 'per-stage';
  /** What ran, e.g. `newsflow start --workers 2` or `worker parse ×2`. */
  description: string;
  processesPerStage: Record<StageName, number> | null;
  loadAverage: { before: number[]; after: number[] };
  fullSpeed: PhaseReport;
  loads: PhaseReport[];
  /** Every process the mode ran, CPU over the full-speed window, peak RSS over the whole mode. */
  processes: Array<ProcessUse & { cpuMsPerArticle: number }>;
  /** Σ over the processes, ms per article stored at full speed. */
  cpuMsPerArticle: { node: number; redis: number; total: number };
  /** This process (building and sending pages) in the full-speed window: not counted above. */
  loadGeneratorCpuMsPerArticle: number;
  redis: {
    usedMemoryBefore: number;
    /** Highest used_memory of the samples (every 250 ms). */
    usedMemoryPeakSampled: number;
    /** INFO used_memory_peak at the end: the server's lifetime peak, and the server is new for the mode. */
    usedMemoryPeak: number;
    usedMemoryAfter: number;
    /** (after − before) ÷ articles stored in the mode, once drained. */
    bytesPerArticleRetained: number;
    families: KeyFamilies;
    /** Each family's bytes per article stored in the mode. */
    familyBytesPerArticle: Record<keyof KeyFamilies, number>;
  };
  /** Up to five failed jobs. */
  failures: Array<{ stage: string; url: string | null; reason: string }>;
}

/** What a mode runs: the API process, the roots of every process tree to account, and how to tell one died. */
interface Target {
  api: StartChild;
  roots(): number[];
  sqlitePath: string;
  dead(): string | null;
}

const infoNumber = (info: string, key: string) => Number(new RegExp(`^${key}:(\\d+)`, 'm').exec(info)?.[1] ?? NaN);
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** Pages `0..n-1` at `rate` per second, each its own POST sent at its time whatever the earlier ones are doing. */
function submitPaced(state: RunState, rate: number, n: number, page: (i: number) => BenchPage): { feed: Feed; t0: number; done: Promise<void> } {
  const feed: Feed = { submitted: 0, accepted: 0, duplicates: 0, throttled: 0 };
  const client = createIngestClient({ url: state.apiUrl, token: state.apiToken, retries: 1_000_000, maxRetryAfterMs: 30_000 });
  const t0 = Date.now() + 20;
  const done = (async () => {
    const sent: Array<Promise<void>> = [];
    for (let i = 0; i < n && !feed.error; i++) {
      const wait = t0 + (i * 1000) / rate - Date.now();
      if (wait > 0) await sleep(wait);
      sent.push(
        client.submit(page(i)).then(
          (r) => void (r.duplicate ? feed.duplicates++ : feed.accepted++),
          (e: unknown) => void (feed.error ??= e),
        ),
      );
      feed.submitted++;
    }
    await Promise.all(sent);
  })();
  return { feed, t0, done };
}

/**
 * Measure one running pipeline: the full-speed phase (CPU of every process over it), then each
 * offered load, each drained before the next; then Redis memory, and latencies from the store.
 */
async function measure(t: Target, o: ModeOptions): Promise<Omit<ModeReport, 'mode' | 'description' | 'processesPerStage' | 'loadAverage'>> {
  const state = t.api.state;
  const conn = await connectRedis({ url: state.redisUrl, from: 'newsflow start' }, 'producer');
  const probe: Probe = { conn, pipeline: openPipeline(conn, state.prefix), store: await openReadStore({ SINK: 'sqlite', SQLITE_PATH: t.sqlitePath }) };
  try {
    let peak = 0;
    const meter = new TreeMeter(() => t.roots());
    // Drained: everything answered, no job in any queue, and every accepted page stored or failed
    // (the queue counts alone can read empty for a moment while a job moves between queues).
    const drain = async (label: string, submitted: () => boolean, feed: Feed, base: number) => {
      const t0 = Date.now();
      let logged = t0;
      for (;;) {
        await sleep(250);
        if (feed.error) throw feed.error;
        const dead = t.dead();
        if (dead) throw new CliError(dead);
        const s = await takeSample(probe, t.api, t0, feed.submitted);
        peak = Math.max(peak, s.redisUsedMemory);
        meter.sample();
        if (submitted() && s.inFlight === 0 && s.stored + s.failed >= base + feed.accepted) return s;
        if (Date.now() - t0 > o.timeoutMs) throw new CliError(`${label}: not drained after ${o.timeoutMs / 1000} s (submitted ${feed.submitted}, stored ${s.stored} in all, ${s.inFlight} in flight, ${s.failed} failed)`);
        if (Date.now() - logged >= 5000) {
          logged = Date.now();
          o.log(`    ${label}: ${((logged - t0) / 1000).toFixed(0)} s, submitted ${feed.submitted}, stored ${s.stored} in all, in flight ${s.inFlight}, failed ${s.failed}`);
        }
      }
    };

    const usedMemoryBefore = infoNumber((await conn.info('memory')) as string, 'used_memory');
    o.log(`    full speed: ${o.pages} pages`);
    meter.start();
    const gen0 = process.cpuUsage();
    const fullT0 = Date.now();
    const fullFeed = submitAll(state, o.pages, o.batch, null, (i) => o.set.page('full', i), (i) => o.set.pageJsonParts('full', i));
    const afterFull = await drain('full speed', () => fullFeed.submitted === o.pages, fullFeed, 0);
    const used = meter.stop();
    const gen = process.cpuUsage(gen0);
    const phases: Array<{ phase: string; offered: number | null; t0: number; feed: Feed; storedBefore: number; failedBefore: number; stored: number; failed: number }> = [
      { phase: 'full', offered: null, t0: fullT0, feed: fullFeed, storedBefore: 0, failedBefore: 0, stored: afterFull.stored, failed: afterFull.failed },
    ];
    let last = afterFull;
    for (const rate of o.loads) {
      const n = Math.max(1, Math.round(rate * o.loadSeconds));
      o.log(`    offered load ${rate}/s for ${o.loadSeconds} s: ${n} pages`);
      const phase = `load${rate}`;
      const paced = submitPaced(state, rate, n, (i) => o.set.page(phase, i));
      // Drained only once every page was answered: a page still on its way is in no queue yet.
      const s = await drain(`${rate}/s`, () => paced.feed.accepted + paced.feed.duplicates === n, paced.feed, last.stored + last.failed);
      await paced.done;
      phases.push({ phase, offered: rate, t0: paced.t0, feed: paced.feed, storedBefore: last.stored, failedBefore: last.failed, stored: s.stored, failed: s.failed });
      last = s;
    }
    const memory = (await conn.info('memory')) as string;
    const families = await keyFamilies(conn, state.prefix);
    const failures = last.failed ? (await listFailed(probe.pipeline, { limit: 5 })).map((x) => ({ stage: x.stage, url: x.url, reason: x.reason })) : [];

    // Latency from the store, once, after the run: each article's receivedAt (the API's clock when
    // it accepted the page) and its row's created_at (the sink's clock inside the committing
    // transaction). Nothing polls the pipeline per article while it is measured.
    const times = new Map<string, Array<{ i: number; received: number; stored: number }>>();
    for await (const a of probe.store.iterate({})) {
      const m = /\/bench\.newsflow\.test\/[^/]+\/([^/]+)\/(\d+)$/.exec(a.url);
      if (!m) continue;
      const list = times.get(m[1]!) ?? [];
      list.push({ i: Number(m[2]), received: Date.parse(a.receivedAt), stored: Date.parse(a.stored.createdAt) });
      times.set(m[1]!, list);
    }
    const report = (p: (typeof phases)[number]): PhaseReport => {
      const xs = times.get(p.phase) ?? [];
      const lat = xs.map((x) => x.stored - x.received);
      const lastStored = xs.reduce((t, x) => Math.max(t, x.stored), p.t0);
      const seconds = Math.max(0.001, (lastStored - p.t0) / 1000);
      const lag = p.offered ? xs.map((x) => x.received - (p.t0 + (x.i * 1000) / p.offered!)) : [];
      return {
        phase: p.phase,
        offered: p.offered,
        submitted: p.feed.submitted,
        stored: xs.length,
        failed: p.failed - p.failedBefore,
        seconds: round(seconds),
        articlesPerSecond: round(xs.length / seconds, 1),
        throttled: p.feed.throttled,
        latencyMs: lat.length ? { p50: percentile(lat, 50)!, p99: percentile(lat, 99)!, max: lat.reduce((a, b) => Math.max(a, b)) } : null,
        acceptLagP99Ms: lag.length ? percentile(lag, 99) : null,
      };
    };
    const [full, ...loads] = phases.map(report);
    const stored = full!.stored;
    const perArticle = (ms: number) => (stored ? round(ms / stored) : 0);
    meter.sample();
    const processes = used
      .map((u) => ({ ...u, cpuMs: round(u.cpuMs, 0), cpuMsPerArticle: perArticle(u.cpuMs), peakRssBytes: meter.peakRss(u.pid) ?? u.peakRssBytes }))
      .sort((a, b) => b.cpuMs - a.cpuMs);
    const sum = (k: ProcessUse['kind'] | null) => processes.filter((p) => k === null || p.kind === k).reduce((n, p) => n + p.cpuMs, 0);
    const allStored = last.stored;
    const usedMemoryAfter = infoNumber(memory, 'used_memory');
    return {
      fullSpeed: full!,
      loads,
      processes,
      cpuMsPerArticle: { node: perArticle(sum(null) - sum('redis')), redis: perArticle(sum('redis')), total: perArticle(sum(null)) },
      loadGeneratorCpuMsPerArticle: perArticle((gen.user + gen.system) / 1000),
      redis: {
        usedMemoryBefore,
        usedMemoryPeakSampled: peak,
        usedMemoryPeak: infoNumber(memory, 'used_memory_peak'),
        usedMemoryAfter,
        bytesPerArticleRetained: allStored ? Math.round((usedMemoryAfter - usedMemoryBefore) / allStored) : 0,
        families,
        familyBytesPerArticle: Object.fromEntries(Object.entries(families).map(([k, f]) => [k, allStored ? Math.round(f.bytes / allStored) : 0])) as Record<keyof KeyFamilies, number>,
      },
      failures,
    };
  } finally {
    await probe.store.close().catch(() => undefined);
    await probe.pipeline.close();
    await closeRedis(conn);
  }
}

/** The backlog at which the API answers 429, as `newsflow start` would read it from this environment. */
const maxWaiting = () => loadEnv(IngestEnv, process.env).INGEST_MAX_WAITING;

const exitedMessage = (what: string, c: ChildProcess, out: string) =>
  c.exitCode !== null || c.signalCode !== null ? `${what} exited (${c.signalCode ?? `code ${c.exitCode}`}) during the run:\n${out.slice(-2000)}` : null;

/** Mode a: `newsflow start` as shipped (private redis-server, SQLite), `--workers` passed through when given. */
export async function runStartMode(o: ModeOptions & { startWorkers?: string }): Promise<ModeReport> {
  const before = loadAverage();
  const home = join(o.tmp, 'start');
  const args = o.startWorkers ? ['--workers', o.startWorkers] : [];
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const api = await spawnStart(home, maxWaiting(), { args, nodeArgs: o.nodeArgs ?? [] });
  const stop = o.cleanup.add(() => api.stop());
  try {
    o.log(`  newsflow start ${args.join(' ')} (pid ${api.child.pid}, home ${home})`);
    const r = await measure({ api, roots: () => [api.child.pid!], sqlitePath: join(home, 'newsflow.db'), dead: () => exitedMessage('newsflow start', api.child, api.output()) }, o);
    return { mode: 'start', description: ['newsflow start', ...args].join(' '), processesPerStage: null, loadAverage: { before, after: loadAverage() }, ...r };
  } finally {
    await stop();
  }
}

interface WorkerChild {
  child: ChildProcess;
  stage: StageName;
  output(): string;
  stop(): Promise<void>;
}

/** `newsflow worker <stage>`, resolved once it says it is running. */
async function spawnWorker(stage: StageName, env: NodeJS.ProcessEnv, cwd: string, nodeArgs: string[] = []): Promise<WorkerChild> {
  const child = spawn(process.execPath, [...nodeArgs, CLI_MAIN, 'worker', stage], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(t);
  };
  const ready = new Promise<void>((res, rej) => {
    const keep = (d: Buffer) => {
      out = (out + d.toString()).slice(-8000);
      if (out.includes(`newsflow worker ${stage} running as`)) res();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    void exited.then(() => rej(new CliError(`newsflow worker ${stage} exited with ${child.exitCode ?? child.signalCode} before it ran:\n${out}`)));
    child.once('error', (e) => rej(new CliError(`newsflow worker ${stage} did not start: ${e.message}`)));
  });
  const timer = setTimeout(() => void stop(), 120_000);
  try {
    await ready;
  } finally {
    clearTimeout(timer);
  }
  return { child, stage, output: () => out, stop };
}

/**
 * Mode b: one process per stage. A redis-server of the bench's own (AOF and fsync policy as
 * `newsflow start` runs its private one), `newsflow start --stages none` for the API, and
 * `newsflow worker <stage>` × k for each stage, all on one SQLite file.
 */
export async function runPerStageMode(o: ModeOptions & { processes: Record<StageName, number> }): Promise<ModeReport> {
  const before = loadAverage();
  const dir = join(o.tmp, 'per-stage');
  const home = join(dir, 'home');
  const sqlitePath = join(home, 'newsflow.db');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const redis = await startRedisServer({ dir: join(dir, 'redis'), appendonly: true, appendfsync: loadEnv(StartEnv, process.env).NEWSFLOW_REDIS_APPENDFSYNC, password: randomBytes(24).toString('base64url') });
  const stopRedis = o.cleanup.add(() => redis.stop());
  const stops: Array<() => Promise<void>> = [stopRedis];
  try {
    const api = await spawnStart(home, maxWaiting(), { args: ['--stages', 'none'], env: { REDIS_URL: redis.url }, nodeArgs: o.nodeArgs ?? [] });
    stops.unshift(o.cleanup.add(() => api.stop()));
    const env: NodeJS.ProcessEnv = { ...process.env, NEWSFLOW_HOME: home, SINK: 'sqlite', SQLITE_PATH: sqlitePath, REDIS_URL: redis.url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
    for (const k of ['REDIS_CLUSTER_NODES', 'NEWSFLOW_API_URL', 'NEWSFLOW_API_TOKEN', 'DATABASE_URL', 'METRICS_PORT']) delete env[k];
    const workers = await Promise.all(STAGES.flatMap((s) => Array.from({ length: o.processes[s] }, () => spawnWorker(s, env, home, o.nodeArgs).then((w) => (stops.unshift(o.cleanup.add(() => w.stop())), w)))));
    const description = STAGES.map((s) => `${s} ×${o.processes[s]}`).join(', ');
    o.log(`  redis-server (pid ${redis.process.pid}), newsflow start --stages none (pid ${api.child.pid}), newsflow worker: ${description}`);
    const dead = () => {
      const r = redis.process;
      if (r.exitCode !== null || r.signalCode !== null) return 'redis-server exited during the run';
      for (const w of workers) {
        const m = exitedMessage(`newsflow worker ${w.stage}`, w.child, w.output());
        if (m) return m;
      }
      return exitedMessage('newsflow start --stages none', api.child, api.output());
    };
    const roots = () => [redis.process.pid!, api.child.pid!, ...workers.map((w) => w.child.pid!)];
    const r = await measure({ api, roots, sqlitePath, dead }, o);
    return { mode: 'per-stage', description: `newsflow worker per stage: ${description}`, processesPerStage: { ...o.processes }, loadAverage: { before, after: loadAverage() }, ...r };
  } finally {
    // Workers first, then the API, then Redis: nothing is left holding a connection to a stopped server.
    for (const s of stops) await s();
  }
}
