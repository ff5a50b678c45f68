import type { StageName } from '@newsflow/contracts';
import type { RedisServerHandle } from '@newsflow/core';
import type { Env } from './env.js';
import { Monitor } from './observe.js';
import { makePages, type Page } from './pages.js';
import { StagePipeline, type Api } from './pipeline.js';
import { countOutcome, type FailedEntry, type ScenarioResult, type StoredRow } from './report.js';
import { sqliteRows } from './store.js';
import { Submitter, type SubmitterOptions } from './submit.js';

export interface RunOptions {
  /** Pages per scenario. */
  pages: number;
  full: boolean;
  /** How long the queues may take to drain after the fault. */
  drainTimeoutMs: number;
  /** Submissions are paced to last about this long, so the fault lands mid-stream. */
  submitSpanMs: number;
}

/** What a scenario's body returns; the runner adds name, timing and logs. */
export type Outcome = Omit<ScenarioResult, 'name' | 'dir' | 'logs' | 'seconds' | 'informational'>;

export interface Scenario {
  name: string;
  /** Runs in the default (CI) set; otherwise only with `--full` or `--only`. */
  ci: boolean;
  informational?: boolean;
  run(env: Env, o: RunOptions): Promise<Outcome>;
}

/** When the fault counts from, and how recovery is measured. */
export interface FaultMark {
  /** ms epoch: the fault itself for instant faults (a kill), its end for faults that last. */
  at: number;
  /** Recovery = these jobs finished (the ones a killed worker held); default: first completion in `stages`. */
  orphans?: { stage: StageName; ids: string[] };
  /** @defaultValue every stage */
  stages?: StageName[];
  notes?: string[];
  problems?: string[];
}

/** A run's moving parts, handed to a fault. Redis may be replaced by a restart. */
export interface Stream {
  env: Env;
  pipe: StagePipeline;
  redis: RedisServerHandle;
  monitor: Monitor;
  submitter: Submitter;
  api: Api;
  pages: Page[];
  /** Extra job ids that count as accepted (jobs a scenario put into a queue itself). */
  injected: string[];
}

/**
 * Start Redis and the per-stage processes, stream the pages, apply `fault` once 40% are
 * acknowledged, and account for every page once the queues have drained.
 */
export async function streamWithFault(
  env: Env,
  o: RunOptions,
  fault: (s: Stream) => Promise<FaultMark>,
  opts: {
    pages?: Page[];
    submitter?: SubmitterOptions;
    pipelineEnv?: Record<string, string>;
    /** Share of pages acknowledged before the fault. @defaultValue 0.4 */
    faultAfter?: number;
    /** Wait for the first stored page before the fault. @defaultValue true */
    whenFlowing?: boolean;
    /** The store's rows. @defaultValue the scenario's SQLite file */
    rows?: () => Promise<StoredRow[]>;
    /** Checks of its own a scenario runs after the accounting, while everything still runs. */
    after?: (s: Stream, out: Outcome) => Promise<void>;
  } = {},
): Promise<Outcome> {
  const redis = await env.redis();
  const pipe = new StagePipeline(env, redis, opts.pipelineEnv);
  const api = await pipe.start();
  const monitor = new Monitor(redis.url);
  const pages = opts.pages ?? makePages(o.pages, env.name);
  const submitter = new Submitter(api, pages, { paceMs: paceFor(o, pages.length), ...opts.submitter });
  const unwatch = submitter.watch(() => !pipe.api.alive());
  try {
    const running = submitter.run();
    await submitter.waitAcks(Math.max(1, Math.floor(pages.length * (opts.faultAfter ?? 0.4))));
    if (opts.whenFlowing !== false) await monitor.waitFlowing();
    const s: Stream = { env, pipe, redis, monitor, submitter, api, pages, injected: [] };
    const mark = await fault(s);
    await running;
    const out = await settle({ monitor, submitter, pages: pages.length, mark, rows: opts.rows ?? (async () => sqliteRows(env.db)), injected: s.injected, dead: () => pipe.dead(), timeoutMs: o.drainTimeoutMs });
    await opts.after?.(s, out);
    return out;
  } finally {
    unwatch();
    submitter.stop();
    await monitor.close();
  }
}

/** `p`'s value, or null when it takes longer than `ms` (a Redis that died with the pipeline). */
export async function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((r) => (t = setTimeout(() => r(null), ms)));
  try {
    return await Promise.race([p.catch(() => null), timeout]);
  } finally {
    clearTimeout(t);
  }
}

/** Pause per lane between two submissions so that `pages` take about `submitSpanMs`. */
export function paceFor(o: RunOptions, pages: number, lanes = 4): number {
  return Math.round((o.submitSpanMs * lanes) / Math.max(1, pages));
}

/** Wait for the drain, then count: stored, failed, lost, duplicates, recovery. */
export async function settle(c: {
  monitor: Monitor;
  submitter: Submitter;
  pages: number;
  mark: FaultMark;
  rows: () => Promise<StoredRow[]>;
  injected?: string[];
  dead: () => string[];
  timeoutMs: number;
}): Promise<Outcome> {
  const problems = [...(c.mark.problems ?? [])];
  const notes = [...(c.mark.notes ?? [])];
  const deadSeen = new Set<string>();
  let drainedAt: number | undefined;
  try {
    drainedAt = await c.monitor.waitDrained({ timeoutMs: c.timeoutMs, check: () => {
        c.dead().forEach((d) => deadSeen.add(d));
        return deadSeen.size > 0;
      },
    });
  } catch (err) {
    problems.push((err as Error).message);
  }
  for (const d of [...deadSeen, ...c.dead()]) deadSeen.add(d);
  for (const d of deadSeen) problems.push(`process died: ${d}`);

  const failed: FailedEntry[] | null = await within(c.monitor.failed(), 15_000);
  if (!failed) problems.push('Redis did not answer: the failed sets could not be read');
  const accepted = [...c.submitter.acks.map((a) => a.pageId), ...(c.injected ?? [])];
  const counts = countOutcome({ pages: c.pages + (c.injected?.length ?? 0), accepted, rows: await c.rows(), failed: failed ?? [] });

  let firstS: number | undefined;
  if (c.mark.orphans) {
    const done = (await within(c.monitor.finishedOn(c.mark.orphans.stage, c.mark.orphans.ids), 15_000)) ?? [undefined];
    if (done.every((t) => t !== undefined)) firstS = (Math.max(...(done as number[])) - c.mark.at) / 1000;
    notes.push(`${c.mark.orphans.ids.length} job(s) active in the killed ${c.mark.orphans.stage} worker; all finished after ${firstS?.toFixed(1) ?? '(not all finished)'} s`);
    if (firstS !== undefined && firstS > 40) notes.push(`SLOW: recovery ${firstS.toFixed(1)} s is over the 40 s target`);
  } else {
    const first = await within(c.monitor.firstCompletionAfter(c.mark.at, c.mark.stages), 15_000);
    if (first !== undefined && first !== null) firstS = Math.max(0, first - c.mark.at) / 1000;
  }
  const drainedS = drainedAt === undefined ? undefined : Math.max(0, drainedAt - c.mark.at) / 1000;

  notes.push(`API answers: ${c.submitter.statusSummary()}`);
  const fiveHundreds = c.submitter.statuses.get(500) ?? 0;
  if (fiveHundreds) problems.push(`the API answered 500 ${fiveHundreds} time(s) (a retryable condition must be 503/429 with Retry-After)`);
  if (c.submitter.refused.length) notes.push(`${c.submitter.refused.length} page(s) never acknowledged, e.g. ${c.submitter.refused[0]!.error}`);
  for (const [id, reason] of [...counts.failedReasons].slice(0, 5)) notes.push(`failed ${id}: ${reason.replace(/\s+/g, ' ').slice(0, 200)}`);
  for (const id of counts.lostIds.slice(0, 5)) notes.push(`lost ${id}: now ${(await within(c.monitor.whereIs(id), 5_000)) ?? 'unknown (Redis did not answer)'}`);
  return { counts, firstS, drainedS, problems, notes };
}
