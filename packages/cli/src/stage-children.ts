import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { StageName } from '@newsflow/contracts';
import type { Logger } from '@newsflow/core';
import { CliError } from './context.js';

/** Set in the environment of the stage processes `newsflow start` runs, so they report to it. */
export const SUPERVISED_ENV = 'NEWSFLOW_SUPERVISED';

/**
 * The stages `newsflow start` moves into child processes: parsing, entity tagging and the dedupe
 * fingerprints (CPU-bound), and ingest, whose copy of a 100–300 KB page from one queue to the next
 * is mostly JSON and Redis protocol work (a profile of the main process showed BullMQ's
 * (de)serialisation as its largest cost). The sink (one SQLite writer beside the read API) and the
 * HTTP API stay in the main process, whose event loop then serves requests.
 */
export const CHILD_STAGES: readonly StageName[] = ['ingest', 'parse', 'entity', 'dedupe'];

/** `auto` → one child per core; a whole number ≥ 0 as given (0 = every stage in the main process). */
export function parseWorkers(v: string | undefined, name = '--workers'): number | 'auto' {
  if (v === undefined || v === '' || v === 'auto') return 'auto';
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new CliError(`${name} must be "auto" or a whole number from 0 to 256, got "${v}"`);
  return n;
}

export function resolveWorkers(v: number | 'auto'): number {
  return v === 'auto' ? availableParallelism() : v;
}

/** What a stage child tells its parent. */
type ChildMessage =
  | { t: 'ready'; workerIds: string[] }
  /** Jobs finished since the last message, oldest first (see `JOB_FLUSH_MS`). */
  | { t: 'jobs'; jobs: JobDoneEvent[] };

/**
 * How long a child gathers finished jobs before it tells its parent, in one message. One IPC message
 * per job cost a JSON write and a syscall per hop (4 per article); the parent's metrics and its
 * "jobs moving" check lag by this much at most.
 */
export const JOB_FLUSH_MS = 100;

export interface JobDoneEvent {
  stage: string;
  ok: boolean;
  durationMs: number;
  reason?: string;
}

export interface StageChildrenOptions {
  /** Child processes, each running every stage in `stages`. */
  count: number;
  stages: StageName[];
  /** Environment of the children (Redis URL and password, settings); never put secrets in argv. */
  env: Record<string, string | undefined>;
  concurrency?: number;
  logger: Logger;
  onJobDone?: (e: JobDoneEvent) => void;
  /** How long a child may take to say it is ready. @defaultValue 60000 */
  readyTimeoutMs?: number;
  /** How long a stopping child may take before it is killed. */
  stopTimeoutMs: number;
  /** The CLI entry point. @defaultValue this package's dist/main.js */
  entry?: string;
}

export interface StageChildren {
  /** Pids of the children running now. */
  pids(): number[];
  /** Restarts so far (children that died and were started again). */
  restarts(): number;
  /** SIGTERM every child (they finish active jobs), wait, SIGKILL those that outlast `stopTimeoutMs`. */
  stop(): Promise<void>;
}

/** dist/main.js from both dist/ (the built CLI) and src/ (tests run sources). */
const defaultEntry = () => fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Slot {
  index: number;
  proc: ChildProcess | null;
  startedAt: number;
  failures: number;
  timer?: NodeJS.Timeout;
}

/**
 * Run `count` child processes of `newsflow worker <stages>` and keep them running: one that dies is
 * started again after a backoff (1 s doubling to 30 s; reset after a minute up), and its active jobs
 * are handed to the others by BullMQ's stalled-job check, so nothing is lost. Resolves once every
 * child has connected and started its workers.
 *
 * The children run in their own process group: a Ctrl-C in the terminal reaches only the parent,
 * which stops them in order. If the parent dies without stopping them, their IPC channel closes and
 * they stop themselves.
 */
export async function startStageChildren(opts: StageChildrenOptions): Promise<StageChildren> {
  const log = opts.logger.child({ component: 'stage-children' });
  const entry = opts.entry ?? defaultEntry();
  const args = ['worker', opts.stages.join(','), ...(opts.concurrency ? ['--concurrency', String(opts.concurrency)] : [])];
  const env = { ...opts.env, [SUPERVISED_ENV]: '1' };
  let stopping = false;
  let restarts = 0;
  const slots: Slot[] = Array.from({ length: opts.count }, (_, index) => ({ index, proc: null, startedAt: 0, failures: 0 }));

  const launch = (slot: Slot): Promise<void> =>
    new Promise<void>((resolveReady, rejectReady) => {
      let ready = false;
      const proc = fork(entry, args, { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true, serialization: 'json' });
      slot.proc = proc;
      slot.startedAt = Date.now();
      const readyTimer = setTimeout(() => {
        if (ready) return;
        proc.kill('SIGKILL');
        rejectReady(new CliError(`a stage process (${opts.stages.join(',')}) did not start within ${opts.readyTimeoutMs ?? 60_000} ms`));
      }, opts.readyTimeoutMs ?? 60_000);
      proc.on('message', (m: ChildMessage) => {
        if (m?.t === 'ready') {
          ready = true;
          clearTimeout(readyTimer);
          log.info({ pid: proc.pid, slot: slot.index, workerIds: m.workerIds }, 'stage process ready');
          resolveReady();
        } else if (m?.t === 'jobs' && Array.isArray(m.jobs)) {
          for (const j of m.jobs) opts.onJobDone?.({ stage: j.stage, ok: j.ok, durationMs: j.durationMs, ...(j.reason ? { reason: j.reason } : {}) });
        }
      });
      proc.on('error', (err) => log.error({ err: err.message, slot: slot.index }, 'stage process error'));
      proc.on('exit', (code, signal) => {
        clearTimeout(readyTimer);
        if (slot.proc === proc) slot.proc = null;
        if (!ready) {
          rejectReady(new CliError(`a stage process (${opts.stages.join(',')}) exited before it was ready (code ${code}, signal ${signal}); see the log above`));
          return;
        }
        if (stopping) return;
        // Died while running: its active jobs stall and other workers retry them; start a new one.
        log.error({ pid: proc.pid, code, signal, slot: slot.index }, 'stage process died; starting another');
        relaunch(slot);
      });
    });

  /** Start a slot's process again after its backoff; keep trying while it fails to come up. */
  const relaunch = (slot: Slot) => {
    slot.failures = Date.now() - slot.startedAt > 60_000 ? 1 : slot.failures + 1;
    const delay = Math.min(30_000, 1000 * 2 ** (slot.failures - 1));
    slot.timer = setTimeout(() => {
      if (stopping) return;
      restarts++;
      launch(slot).catch((err) => {
        if (stopping) return;
        log.error({ err: (err as Error).message, slot: slot.index, retryInMs: delay }, 'could not restart a stage process; trying again');
        relaunch(slot);
      });
    }, delay);
  };

  const stop = async () => {
    stopping = true;
    await Promise.all(
      slots.map(async (slot) => {
        clearTimeout(slot.timer);
        const proc = slot.proc;
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
        const exited = new Promise<void>((r) => proc.once('exit', () => r()));
        proc.kill('SIGTERM');
        let t: NodeJS.Timeout | undefined;
        const late = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => (t = setTimeout(() => r(true), opts.stopTimeoutMs)))]);
        clearTimeout(t);
        if (late) {
          log.warn({ pid: proc.pid, timeoutMs: opts.stopTimeoutMs }, 'stage process did not stop in time; killing it (its jobs will be retried)');
          proc.kill('SIGKILL');
          await exited;
        }
      }),
    );
  };

  try {
    await Promise.all(slots.map((s) => launch(s)));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    pids: () => slots.flatMap((s) => (s.proc?.pid ? [s.proc.pid] : [])),
    restarts: () => restarts,
    stop,
  };
}

/**
 * The child's side: tell the parent when ready and about finished jobs, gathered for up to
 * `JOB_FLUSH_MS` into one message (`flush` sends what is pending, e.g. before exiting); stop when
 * the parent goes.
 */
export function supervisedChild(flushMs = JOB_FLUSH_MS): { ready(workerIds: string[], onParentGone: () => void): void; jobDone(e: JobDoneEvent): void; flush(): void } {
  const send = (m: ChildMessage) => {
    if (process.connected) process.send?.(m, undefined, undefined, () => undefined);
  };
  let pending: JobDoneEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!pending.length) return;
    const jobs = pending;
    pending = [];
    send({ t: 'jobs', jobs });
  };
  return {
    flush,
    ready(workerIds, onParentGone) {
      if (!process.connected) {
        onParentGone();
        return;
      }
      process.once('disconnect', onParentGone);
      send({ t: 'ready', workerIds });
    },
    jobDone: (e) => {
      pending.push(e);
      timer ??= setTimeout(flush, flushMs);
    },
  };
}
