import type { Scenario, RunOptions, FaultMark, Outcome } from '../scenario.js';
import { paceFor, settle } from '../scenario.js';
import type { Env } from '../env.js';
import { Monitor } from '../observe.js';
import { makePages } from '../pages.js';
import { EmbeddedPipeline } from '../pipeline.js';
import { sqliteRows } from '../store.js';
import type { StoredRow } from '../report.js';
import { Submitter } from '../submit.js';

/**
 * `newsflow start` (API, every stage and a private Redis in one process) with pages streaming in;
 * `fault` runs once 40% are acknowledged. The monitor follows the run's Redis across restarts.
 */
export async function embeddedWithFault(
  env: Env,
  o: RunOptions,
  fault: (p: EmbeddedPipeline, submitter: Submitter) => Promise<FaultMark>,
  opts: { env?: Record<string, string>; rows?: () => Promise<StoredRow[]>; paceMs?: number; pages?: number } = {},
): Promise<Outcome> {
  const pipe = new EmbeddedPipeline(env, opts.env);
  const api = await pipe.start();
  const pages = makePages(opts.pages ?? o.pages, env.name);
  const submitter = new Submitter(api, pages, { paceMs: opts.paceMs ?? paceFor(o, pages.length) });
  let monitor: Monitor | undefined = new Monitor(pipe.redisUrl);
  const unwatch = submitter.watch(() => !pipe.proc.alive());
  try {
    const running = submitter.run();
    await submitter.waitAcks(Math.floor(pages.length * 0.4));
    await monitor.waitFlowing();
    await monitor.close();
    monitor = undefined;
    const mark = await fault(pipe, submitter);
    await running;
    await submitter.idle();
    monitor = new Monitor(pipe.redisUrl);
    return await settle({ monitor, submitter, pages: pages.length, mark, rows: opts.rows ?? (async () => sqliteRows(env.db)), dead: () => pipe.dead(), timeoutMs: o.drainTimeoutMs });
  } finally {
    unwatch();
    submitter.stop();
    await monitor?.close();
  }
}

/**
 * SIGTERM to `newsflow start` with work in flight (a backlog of three times the usual pages, sent
 * unpaced), then start again from the same directory.
 */
export const sigtermStart: Scenario = {
  name: 'start-sigterm',
  ci: true,
  run: (env, o) =>
    embeddedWithFault(env, o, async (pipe, submitter) => {
      const problems: string[] = [];
      // Requests in flight keep their keep-alive sockets open and would hold the HTTP close (and
      // the shutdown) until the stream ends; pause them so the stop interrupts the pipeline.
      await submitter.pause();
      const t = Date.now();
      const code = await env.stop(pipe.proc, 60_000);
      const storedAtStop = sqliteRows(env.db).length;
      const notes = [`newsflow start stopped in ${((Date.now() - t) / 1000).toFixed(1)} s with exit code ${code}; ${storedAtStop} page(s) stored at the stop`];
      if (code !== 0) problems.push(`newsflow start exited with ${code} on SIGTERM (log ${pipe.proc.log})`);
      await pipe.start();
      void submitter.run();
      return { at: Date.now(), notes, problems };
    }, { paceMs: 0, pages: o.pages * 3 }),
};

/** A second `newsflow start` in the same directory must refuse, clearly, and leave the first alone. */
export const doubleStart: Scenario = {
  name: 'start-twice',
  ci: true,
  run: (env, o) =>
    embeddedWithFault(env, o, async (pipe) => {
      const problems: string[] = [];
      const at = Date.now();
      const r = await env.runCli('start-second', ['start', '--port', '0'], pipe.processEnv(), 60_000);
      if (r.code === 0 || r.code === null) problems.push(`the second newsflow start did not refuse (exit ${r.code})`);
      if (!/already running/i.test(r.out)) problems.push(`the second newsflow start gave no clear reason: ${r.out.trim().slice(0, 300)}`);
      if (!pipe.proc.alive()) problems.push('the first newsflow start died');
      return { at, notes: [`second start: exit ${r.code}, "${r.out.trim().split('\n')[0]?.slice(0, 160)}"`], problems };
    }),
};
