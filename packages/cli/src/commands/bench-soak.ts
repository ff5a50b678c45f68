import { spawn, type ChildProcess } from 'node:child_process';
import { childrenOf, readProc } from './bench-pipeline-proc.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { QUEUES, STAGES } from '@newsflow/contracts';
import { closeRedis, processAlive, rng, type RedisConnection } from '@newsflow/core';
import { listFailed, openPipeline, type Pipeline } from '@newsflow/dashboard';
import { createIngestClient, retryDelay } from '@newsflow/ingest';
import type { ArticleStore } from '@newsflow/sink';
import { CliError, intFlag, jsonText, parentCommand, type CliContext } from '../context.js';
import { readRunState, connectRedis, type RunState } from '../runtime.js';
import { openReadStore } from './articles.js';
import { keyFamilies } from './bench-soak-keys.js';
import { printSoak, soakReport, type SoakReport, type SoakSample } from './bench-soak-report.js';

interface SoakFlags {
  pages: string;
  dataset?: string;
  rate?: string;
  batch: string;
  maxWaiting: string;
  sampleMs: string;
  timeout: string;
  dedupeMaxEntries?: string;
  keep?: boolean;
  json?: boolean;
}

/**
 * When the soak's warm-up sample is taken: once 10 % of the pages are stored, and not before every
 * count-bounded structure in Redis is full (the dedupe and story indexes at their entry bounds, every queue's
 * completed jobs at their retention count), or memory growing into those bounds would read as a
 * leak. Past half the run the count bounds are not reached in time: warm up at half, and say so.
 */
export function warmupRule(pages: number, indexBound: number): { stored: number; boundsFull: boolean; retention: number } {
  const retention = Math.max(...Object.values(QUEUES).map((q) => q.defaultJobOptions.removeOnComplete.count));
  const bounds = indexBound + retention;
  const half = Math.ceil(pages / 2);
  return { stored: Math.max(1, Math.ceil(pages / 10), Math.min(bounds, half)), boundsFull: bounds <= half, retention };
}

const PLACES = ['Ostrava', 'Gdansk', 'Porto', 'Lyon', 'Tampere', 'Graz', 'Cluj', 'Aarhus', 'Brno', 'Bilbao'];
const ACTORS = ['The city council', 'A regional court', 'The transport ministry', 'Hospital managers', 'The port authority', 'Dairy farmers', 'A university panel', 'The central bank'];
const ACTS = ['approved', 'rejected', 'postponed', 'questioned', 'announced', 'reviewed', 'challenged'];
const MATTERS = ['a new budget', 'the bridge repairs', 'plans for a tram line', 'higher water prices', 'a school merger', 'the harbour expansion', 'a fishing quota', 'the housing survey'];

/** Page `i` of a run: an article with its own title, numbers and sentence order, so none is a duplicate. */
function syntheticSoakPage(i: number, run: string): { url: string; html: string } {
  const r = rng(i * 7919 + 17);
  const pick = (xs: string[]) => xs[Math.floor(r() * xs.length)]!;
  const place = pick(PLACES);
  const sentence = () => `${pick(ACTORS)} in ${place} ${pick(ACTS)} ${pick(MATTERS)} on ${1 + Math.floor(r() * 28)} November, citing ${100 + Math.floor(r() * 90_000)} letters from residents.`;
  const paras = Array.from({ length: 6 }, () => `<p>${sentence()} ${sentence()} ${sentence()}</p>`).join('\n');
  const title = `${place}: ${pick(ACTORS).toLowerCase()} ${pick(ACTS)} ${pick(MATTERS)} (item ${i})`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta property="og:site_name" content="Soak Herald">
<meta property="article:published_time" content="2026-11-${String((i % 28) + 1).padStart(2, '0')}T08:00:00Z"></head>
<body><header><a href="/">Soak Herald</a></header><article><h1>${title}</h1>\n${paras}\n</article><footer>Soak Herald</footer></body></html>`;
  return { url: `https://soak.newsflow.test/${run}/${i}`, html };
}

/**
 * A dataset page replicated under a unique URL. Its canonical link and og:url go, or every copy
 * would be the same article; the bodies stay the same, so dedupe marks copies as duplicates.
 */
function datasetPage(templates: string[], i: number, run: string): { url: string; html: string } {
  const html = templates[i % templates.length]!.replace(/<link\b[^>]*\bcanonical\b[^>]*>|<meta\b[^>]*og:url[^>]*>/gi, '');
  return { url: `https://soak.newsflow.test/${run}/${i}`, html: `${html}\n<!-- soak ${run} ${i} -->` };
}

async function loadTemplates(dir: string): Promise<string[]> {
  if (!existsSync(dir)) throw new CliError(`--dataset: ${dir} does not exist`, 2);
  const out: string[] = [];
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    // Benchmark sets (scrapinghub) ship their pages gzipped.
    const gz = name.toLowerCase().endsWith('.gz');
    if (!['.html', '.htm'].includes(extname(gz ? name.slice(0, -3) : name).toLowerCase())) continue;
    const bytes = await readFile(join(dir, name));
    out.push((gz ? gunzipSync(bytes) : bytes).toString('utf8'));
  }
  if (!out.length) throw new CliError(`--dataset: no .html, .htm or .html.gz files under ${dir}`, 2);
  return out;
}

/** Resident set of a process in bytes, from /proc (null where there is no /proc or the process is gone). */
function rssBytes(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** RSS of the `newsflow worker` processes below `newsflow start`, summed; null without /proc. */
function workersRss(pid: number | null): number | null {
  if (!pid || !existsSync(`/proc/${pid}`)) return null;
  const workers = childrenOf(pid).filter((c) => (readProc(c)?.argv ?? []).includes('worker'));
  return workers.reduce((n, c) => n + (rssBytes(c) ?? 0), 0);
}

/** The running `newsflow start` child: its run state, redis-server pid and the tail of its output. */
export interface StartChild {
  child: ChildProcess;
  state: RunState;
  redisPid: number | null;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `newsflow start --port 0` from the built CLI with its own NEWSFLOW_HOME and SQLite file, never the
 * user's Redis, API or database; `extra.env` is applied last (e.g. a REDIS_URL of the caller's own
 * Redis), `extra.args` appended. Resolves once its run state is written.
 */
export async function spawnStart(home: string, maxWaiting: number, extra: { args?: string[]; env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<StartChild> {
  const env: NodeJS.ProcessEnv = {
    ...process.env, NEWSFLOW_HOME: home, SINK: 'sqlite', SQLITE_PATH: join(home, 'newsflow.db'), PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // A bounded backlog makes the soak a steady state (with 429s), not one burst that then drains.
    INGEST_MAX_WAITING: String(maxWaiting), INGEST_RETRY_AFTER_SECONDS: '1',
  };
  // The soak measures a pipeline of its own: never the user's Redis, API or database.
  for (const k of ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'NEWSFLOW_API_URL', 'NEWSFLOW_API_TOKEN', 'DATABASE_URL']) delete env[k];
  Object.assign(env, extra.env);
  const child = spawn(process.execPath, [...(extra.nodeArgs ?? []), CLI_MAIN, 'start', '--port', '0', ...(extra.args ?? [])], { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // A spawn that fails (a missing cwd, no node) sets a negative exitCode: the loop below reports it.
  child.on('error', (e) => keep(Buffer.from(`\n${e.message}`)));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  let redisPid: number | null = null;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
    }
    // `newsflow start` may end on a path (a second signal, a timeout) where its redis-server gets
    // SIGTERM from its exit hook and is still flushing: wait for it, so nothing outlives the soak.
    for (let i = 0; redisPid && processAlive(redisPid) && i < 100; i++) await sleep(100);
    if (redisPid && processAlive(redisPid)) process.kill(redisPid, 'SIGKILL');
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new CliError(`newsflow start exited with ${child.exitCode}:\n${out}`);
    const state = readRunState(home);
    if (state && state.pid === child.pid) {
      const pidFile = join(home, 'redis', 'redis.pid');
      redisPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) || null : null;
      return { child, state, redisPid, output: () => out, stop };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new CliError(`newsflow start did not come up within 120 s:\n${out}`);
    }
    await sleep(200);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The built CLI's entry point, beside this file's directory. */
export const CLI_MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.js');

export interface Probe {
  pipeline: Pipeline;
  conn: RedisConnection;
  store: ArticleStore;
}

export async function takeSample(p: Probe, start: StartChild, t0: number, submitted: number): Promise<SoakSample> {
  const [stored, info, counts] = await Promise.all([
    p.store.count(),
    p.conn.info('memory') as Promise<string>,
    Promise.all(STAGES.map((s) => p.pipeline.queues[s].getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'))),
  ]);
  const queues = Object.fromEntries(STAGES.map((s, i) => {
    const c = counts[i]!;
    return [s, { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 }];
  }));
  const all = Object.values(queues);
  return {
    t: Math.round((Date.now() - t0) / 100) / 10,
    submitted,
    stored,
    failed: all.reduce((n, q) => n + q.failed, 0),
    inFlight: all.reduce((n, q) => n + q.waiting + q.active + q.delayed, 0),
    startRss: rssBytes(start.child.pid ?? null),
    workersRss: workersRss(start.child.pid ?? null),
    redisRss: rssBytes(start.redisPid),
    redisUsedMemory: Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN),
    queues,
  };
}

/** Submission in the background: counts as it goes, and the first error it met. */
export interface Feed {
  submitted: number;
  accepted: number;
  duplicates: number;
  throttled: number;
  error?: unknown;
}

/** One POST on loopback with node:http: the body is written as it is (fetch copies it into a stream). */
function post(url: string, headers: Record<string, string>, body: Uint8Array): Promise<{ status: number; retryAfter: string | null; text: string }> {
  return new Promise((res, rej) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.byteLength) } }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode ?? 0, retryAfter: (r.headers['retry-after'] as string | undefined) ?? null, text: Buffer.concat(chunks).toString('utf8') }));
      r.on('error', rej);
    });
    req.on('error', rej);
    req.end(body);
  });
}

/**
 * POST pre-encoded pages (the pieces of each one's RawArticle JSON) to the batch endpoint, as the
 * SDK's `submitBatch` would send them, honouring 429 + Retry-After for as long as the pipeline
 * asks. The pieces are copied once into `pool`, which is reused from batch to batch (a fresh
 * 10 MB buffer per batch made this process collect garbage more than it did anything else).
 */
/** What the batch endpoint answers (the fields the feed counts). */
type BatchAnswer = { accepted: number; duplicates: number; rejected: number; results: Array<{ status?: string }> };

async function postBatchBytes(state: RunState, items: Buffer[][], feed: Feed, pool: { buf: Buffer }): Promise<BatchAnswer> {
  let size = 2 + Math.max(0, items.length - 1);
  for (const parts of items) for (const b of parts) size += b.length;
  if (pool.buf.length < size) pool.buf = Buffer.allocUnsafe(Math.ceil(size * 1.25));
  const buf = pool.buf;
  let at = 0;
  buf[at++] = 0x5b; // [
  items.forEach((parts, k) => {
    if (k) buf[at++] = 0x2c; // ,
    for (const b of parts) at += b.copy(buf, at);
  });
  buf[at++] = 0x5d; // ]
  const body = buf.subarray(0, at);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (state.apiToken) headers.authorization = `Bearer ${state.apiToken}`;
  for (let attempt = 0; ; attempt++) {
    let r: { status: number; retryAfter: string | null; text: string };
    try {
      r = await post(`${state.apiUrl}/v1/articles/batch`, headers, body);
    } catch (e) {
      if (attempt >= 20) throw new CliError(`the API did not answer a batch: ${(e as Error).message}`);
      await sleep(retryDelay(attempt, null, { baseDelayMs: 200, maxDelayMs: 5_000, maxRetryAfterMs: 30_000 }));
      continue;
    }
    if (r.status === 429 || r.status === 503) {
      if (r.status === 429) feed.throttled += 1;
      await sleep(retryDelay(Math.min(attempt, 8), r.retryAfter, { baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 30_000 }));
      continue;
    }
    if (r.status < 200 || r.status > 299) throw new CliError(`the API answered ${r.status} to a batch: ${r.text.slice(0, 500)}`);
    return JSON.parse(r.text) as BatchAnswer;
  }
}

/**
 * Submit pages `0..pages-1` in batches (paced at `rate` pages/s when given); `source` defaults to
 * 'soak'. With `json` (the pieces of each page's RawArticle JSON, ready-made), the bytes are posted as they are,
 * so the load generator does not stringify megabytes on the machine it measures.
 */
export function submitAll(
  state: RunState,
  pages: number,
  batch: number,
  rate: number | null,
  page: (i: number) => { url: string; html?: string; text?: string; source?: string },
  json?: (i: number) => Buffer[],
): Feed {
  const feed: Feed = { submitted: 0, accepted: 0, duplicates: 0, throttled: 0 };
  let send: (from: number, n: number) => Promise<BatchAnswer>;
  if (json) {
    const pool = { buf: Buffer.alloc(0) };
    send = (from, n) => postBatchBytes(state, Array.from({ length: n }, (_, k) => json(from + k)), feed, pool);
  } else {
    const client = createIngestClient({
      url: state.apiUrl,
      token: state.apiToken,
      // Backpressure is the point: keep honouring 429s for as long as the pipeline asks.
      retries: 1_000_000,
      maxRetryAfterMs: 30_000,
      batchSize: batch,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (res.status === 429) feed.throttled += 1;
        return res;
      },
    });
    send = (from, n) => client.submitBatch(Array.from({ length: n }, (_, k) => ({ source: 'soak', ...page(from + k) })));
  }
  const t0 = Date.now();
  void (async () => {
    for (let i = 0; i < pages; i += batch) {
      if (rate) await sleep(t0 + (i / rate) * 1000 - Date.now());
      const n = Math.min(batch, pages - i);
      const r = await send(i, n);
      if (r.rejected) throw new CliError(`the API rejected ${r.rejected} page(s): ${jsonText(r.results.find((x) => x.status === 'rejected'))}`);
      feed.accepted += r.accepted;
      feed.duplicates += r.duplicates;
      feed.submitted += n;
    }
  })().catch((e: unknown) => (feed.error = e));
  return feed;
}

/**
 * A signal to this process alone (`timeout`, kill, Ctrl-C) or an exit on EPIPE (`| head`) skips a
 * command's finally block, so: on SIGINT/SIGTERM run `stop`, remove `dir` unless `keep`, and exit
 * 130 / 143; on any other exit call `onExit` (synchronous: send SIGTERM to what still runs).
 * Returns the function that unhooks.
 */
export function guardRun(stop: () => Promise<unknown>, onExit: () => void, dir: string, keep: boolean): () => void {
  const onSignal = (sig: NodeJS.Signals) => {
    void stop()
      .catch(() => undefined)
      .finally(() => {
        if (!keep) rmSync(dir, { recursive: true, force: true });
        process.exit(sig === 'SIGINT' ? 130 : 143);
      });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  };
}

/* The child must not outlive the soak: its own shutdown stops its redis-server. */
function guardChild(current: () => StartChild | undefined, home: string, keep: boolean): () => void {
  return guardRun(
    () => current()?.stop() ?? Promise.resolve(),
    () => {
      const c = current()?.child;
      if (c && c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    },
    home,
    keep,
  );
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'bench', 'measure speed')
    .command('soak')
    .description('run a private `newsflow start`, feed it many distinct pages and sample memory (RSS, Redis) as it goes: does it stay flat?')
    .option('--pages <n>', 'distinct pages to submit', '20000')
    .option('--dataset <dir>', 'replicate the .html (or .html.gz) pages under this directory, each copy under a unique URL, instead of synthetic pages')
    .option('--rate <n>', 'pages per second to submit (default: as fast as backpressure allows)')
    .option('--batch <n>', 'pages per batch request', '100')
    .option('--max-waiting <n>', 'the API answers 429 while this many pages wait in ingest and parse (INGEST_MAX_WAITING)', '1000')
    .option('--dedupe-max-entries <n>', "count bound of the run's dedupe index and story index (DEDUPE_MAX_ENTRIES, DEDUPE_STORY_MAX_ARTICLES); default: those variables, else a quarter of --pages, so both are full well inside the run (the product default, 200000, needs a longer soak)")
    .option('--sample-ms <ms>', 'how often to sample memory and queues', '5000')
    .option('--timeout <seconds>', 'give up (exit 1, report printed) when the pipeline has not drained after this long', '7200')
    .option('--keep', 'keep the temporary NEWSFLOW_HOME (database, Redis AOF) and print where it is')
    .option('--json', 'print the report as JSON')
    .action(async (f: SoakFlags) => {
      const pages = intFlag('--pages', f.pages, 1, 10_000_000);
      const rate = f.rate === undefined ? null : intFlag('--rate', f.rate, 1, 1_000_000);
      const batch = intFlag('--batch', f.batch, 1, 1000);
      const maxWaiting = intFlag('--max-waiting', f.maxWaiting, 1, 100_000_000);
      const sampleMs = intFlag('--sample-ms', f.sampleMs, 100, 3_600_000);
      const timeoutMs = intFlag('--timeout', f.timeout, 1, 30 * 24 * 3600) * 1000;
      const bound = f.dedupeMaxEntries !== undefined ? intFlag('--dedupe-max-entries', f.dedupeMaxEntries, 100, 20_000_000) : Math.min(200_000, Math.max(100, Math.floor(pages / 4)));
      const fromEnv = (k: string) => (f.dedupeMaxEntries === undefined && process.env[k] ? intFlag(k, process.env[k]!, 100, 20_000_000) : bound);
      const dedupeMaxEntries = fromEnv('DEDUPE_MAX_ENTRIES');
      const storyMaxArticles = fromEnv('DEDUPE_STORY_MAX_ARTICLES');
      const warm = warmupRule(pages, Math.max(dedupeMaxEntries, storyMaxArticles));
      const templates = f.dataset ? await loadTemplates(f.dataset) : null;
      const run = Date.now().toString(36);
      const page = (i: number) => (templates ? datasetPage(templates, i, run) : syntheticSoakPage(i, run));

      const home = mkdtempSync(join(tmpdir(), 'newsflow-soak-'));
      let start: StartChild | undefined;
      let probe: Probe | undefined;
      const release = guardChild(() => start, home, Boolean(f.keep));
      try {
        start = await spawnStart(home, maxWaiting, { env: { DEDUPE_MAX_ENTRIES: String(dedupeMaxEntries), DEDUPE_STORY_MAX_ARTICLES: String(storyMaxArticles) } });
        if (!f.json) ctx.err(`newsflow start pid ${start.child.pid}, redis-server pid ${start.redisPid ?? '?'}, home ${home}`);
        const conn = await connectRedis({ url: start.state.redisUrl, from: 'newsflow start' }, 'producer');
        probe = { conn, pipeline: openPipeline(conn, start.state.prefix), store: await openReadStore({ SINK: 'sqlite', SQLITE_PATH: join(home, 'newsflow.db') }) };
        const t0 = Date.now();
        const samples: SoakSample[] = [await takeSample(probe, start, t0, 0)];
        const feed = submitAll(start.state, pages, batch, rate, page);

        const warmAt = warm.stored;
        let warmIndex: number | null = null;
        let last = Date.now();
        let done = false;
        const families: SoakReport['families'] = { warmup: null, end: null };
        while (!done && Date.now() - t0 <= timeoutMs) {
          await sleep(Math.min(1000, sampleMs));
          if (feed.error) throw feed.error;
          if (start.child.exitCode !== null) throw new CliError(`newsflow start exited with ${start.child.exitCode} during the soak:\n${start.output()}`);
          const s = await takeSample(probe, start, t0, feed.submitted);
          // Stages forward a page before completing its job, so an empty pipeline means every page is through.
          done = feed.submitted === pages && s.inFlight === 0;
          if (warmIndex === null && s.stored >= warmAt) {
            warmIndex = samples.length;
            families.warmup = await keyFamilies(probe.conn, start.state.prefix);
          }
          if (Date.now() - last >= sampleMs || done || warmIndex === samples.length) {
            samples.push(s);
            last = Date.now();
            if (!f.json) ctx.err(`  ${s.t.toFixed(0).padStart(5)} s  submitted ${s.submitted}  stored ${s.stored}  in flight ${s.inFlight}  failed ${s.failed}`);
          }
        }
        families.end = await keyFamilies(probe.conn, start.state.prefix);
        const failures = samples.at(-1)!.failed ? (await listFailed(probe.pipeline, { limit: 10 })).map((x) => ({ stage: x.stage, url: x.url, reason: x.reason })) : [];
        const report = soakReport({
          pages, rate, maxWaiting, dataset: f.dataset ?? null, sampleMs, dedupeMaxEntries, storyMaxArticles, warmupStored: warm.stored, boundsFull: warm.boundsFull, retention: warm.retention, throttled: feed.throttled, accepted: feed.accepted, duplicates: feed.duplicates,
          complete: done, warmIndex, samples, failures, families, pids: { start: start.child.pid ?? null, redis: start.redisPid },
        });
        if (f.json) ctx.out(jsonText({ ...report, ...(f.keep ? { home } : {}), node: process.version, cores: cpus().length, loadAverage: loadavg() }, 2));
        else printSoak(ctx, report);
        if (f.keep) ctx.err(`kept ${home}`);
        if (!done) throw new CliError(`the pipeline had not drained after ${f.timeout} s (submitted ${feed.submitted}, stored ${report.stored}, failed ${report.failed} of ${pages})`);
      } finally {
        if (probe) {
          await probe.store.close().catch(() => undefined);
          await probe.pipeline.close();
          await closeRedis(probe.conn);
        }
        await start?.stop();
        release();
        if (!f.keep) rmSync(home, { recursive: true, force: true });
      }
    });
}
