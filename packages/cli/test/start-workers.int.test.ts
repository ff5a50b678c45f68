import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { closeRedis, createRedis } from '@newsflow/core';
import { createProducer } from '@newsflow/ingest';
import { openStore, type ArticleStore } from '@newsflow/sink';
import { eventually, syntheticPage } from '@newsflow/testing';
import { runCli, scratch, spawnCli, stop, waitForStart, type Proc } from './helpers.js';

const procs: Proc[] = [];
const stores: ArticleStore[] = [];
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => stop(p)));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** Direct children of a process, with their command lines. */
function children(pid: number): Array<{ pid: number; cmd: string }> {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .flatMap((c) => {
      try {
        return [{ pid: c, cmd: readFileSync(`/proc/${c}/cmdline`, 'utf8').split('\0').join(' ').trim() }];
      } catch {
        return []; // exited meanwhile
      }
    });
}
const stageChildren = (pid: number) => children(pid).filter((c) => c.cmd.includes('worker ingest,parse,entity,dedupe'));
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');

async function submit(redisUrl: string, pages: ReturnType<typeof syntheticPage>[]): Promise<void> {
  const conn = createRedis({ url: redisUrl }, 'producer');
  const producer = createProducer({ connection: conn, prefix: '{newsflow}' });
  for (const p of pages) await producer.submit({ url: p.url, html: p.html, site: p.site });
  await producer.close();
  await closeRedis(conn);
}

describe('newsflow start --workers: the CPU-bound stages in child processes', () => {
  it('runs ingest, parse, entity and dedupe in N processes, restarts one that is killed, loses nothing, and stops them all on SIGTERM', async () => {
    const { home, db, env } = scratch();
    const start = spawnCli(['start', '--port', '0', '--workers', '2'], env);
    procs.push(start);
    const state = await waitForStart(start, home);
    await eventually(() => start.output().includes('Submit pages'), 'the banner', 60_000);
    expect(start.output()).toMatch(/stages: +sink in this process; ingest, parse, entity, dedupe in 2 worker processes \(pids \d+ \d+\)/);
    const first = stageChildren(state.pid);
    expect(first).toHaveLength(2);

    const store = await openStore({ kind: 'sqlite', path: db });
    stores.push(store);
    const pages = Array.from({ length: 40 }, (_, i) => syntheticPage(i, { seed: 31 }));
    await submit(state.redisUrl, pages.slice(0, 20));
    // Kill one stage process while it works: its jobs stall, the other finishes them, and a new one starts.
    await eventually(async () => (await store.count()) >= 1, 'a first article stored', 60_000, 100);
    process.kill(first[0]!.pid, 'SIGKILL');
    const replaced = await eventually(
      () => {
        const now = stageChildren(state.pid);
        return now.length === 2 && !now.some((c) => c.pid === first[0]!.pid) ? now : null;
      },
      'a replacement stage process',
      60_000,
      100,
    );
    expect(replaced.map((c) => c.pid)).toContain(first[1]!.pid);
    await submit(state.redisUrl, pages.slice(20));
    // Stalled jobs come back after the lock expires (20 s) and the stalled check runs (10 s).
    await eventually(async () => (await store.count()) === 40, '40 articles stored', 150_000, 250);
    const all = await store.list({ limit: 100 });
    expect(new Set(all.items.map((a) => a.title))).toEqual(new Set(pages.map((p) => p.title)));
    const one = (await store.get(all.items[0]!.id))!;
    expect(one.trace.map((t) => t.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
    // parse ran in a stage process, the sink in the main one.
    const pidOf = (stage: string) => Number(one.trace.find((t) => t.stage === stage)!.workerId.split(':')[1]);
    expect(pidOf('sink')).toBe(state.pid);
    expect(replaced.map((c) => c.pid).concat(first[0]!.pid)).toContain(pidOf('parse'));

    // The dashboard's metrics count the stage processes' jobs too (they report over IPC, gathered
    // for up to JOB_FLUSH_MS into one message).
    const parsedCount = async () => {
      const metrics = await fetch(`${state.apiUrl}/metrics`, { headers: { authorization: `Bearer ${state.apiToken}` } }).then((r) => r.text());
      return Number(/newsflow_job_duration_seconds_count\{stage="parse",outcome="ok"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    };
    await eventually(async () => (await parsedCount()) >= 20, 'parse jobs of the stage processes in /metrics', 30_000, 100);
    expect(await parsedCount()).toBeGreaterThanOrEqual(20);

    expect(await stop(start)).toBe(0);
    for (const c of replaced) expect(alive(c.pid)).toBe(false);
    expect(start.output()).not.toMatch(/could not restart/);
  });

  it('--workers 0 runs every stage in the one process', async () => {
    const { home, db, env } = scratch();
    const start = spawnCli(['start', '--port', '0', '--workers', '0'], env);
    procs.push(start);
    const state = await waitForStart(start, home);
    await eventually(() => start.output().includes('Submit pages'), 'the banner', 60_000);
    expect(start.output()).toMatch(/stages: +ingest, parse, entity, dedupe, sink in this process\n/);
    expect(stageChildren(state.pid)).toHaveLength(0);
    await submit(state.redisUrl, [syntheticPage(1, { seed: 32 })]);
    const store = await openStore({ kind: 'sqlite', path: db });
    stores.push(store);
    await eventually(async () => (await store.count()) === 1, 'the article stored', 60_000, 100);
    expect(await stop(start)).toBe(0);
  });

  it('a bad --workers or NEWSFLOW_WORKERS is a one-line error naming it, with nothing started', async () => {
    const { env } = scratch();
    const flag = await runCli(['start', '--port', '0', '--workers', 'lots'], env);
    expect(flag.code).toBe(1);
    expect(flag.out.trim()).toBe('newsflow: --workers must be "auto" or a whole number from 0 to 256, got "lots"');
    const fromEnv = await runCli(['start', '--port', '0'], { ...env, NEWSFLOW_WORKERS: '-1' });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.out.trim()).toBe('newsflow: NEWSFLOW_WORKERS must be "auto" or a whole number from 0 to 256, got "-1"');
  });
});
