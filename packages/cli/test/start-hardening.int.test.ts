import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { openStore } from '@newsflow/sink';
import { eventually, syntheticPage } from '@newsflow/testing';
import { runCli, scratch, spawnCli, stop, waitForStart, type Proc } from './helpers.js';

const procs: Proc[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => stop(p)));
  for (const s of servers.splice(0)) s.close();
});

const mode = (p: string) => statSync(p).mode & 0o777;

describe('newsflow start: what it shows, what it guards', () => {
  it('prints neither the API token nor the Redis password, keeps its data private, and requires the password', async () => {
    const token = 'Vq8rT2mZ4xK9pL7wN3bH6cJ1';
    const { home, db, env } = scratch();
    env.NEWSFLOW_API_TOKEN = token; // scratch() clears it
    const start = spawnCli(['start', '--port', '0'], env);
    procs.push(start);
    const state = await waitForStart(start, home);
    // The banner comes after the run state is written.
    for (let i = 0; i < 100 && !start.output().includes('Submit pages'); i++) await new Promise((r) => setTimeout(r, 100));
    const out = start.output();
    expect(out).toContain('newsflow is running');
    expect(out).not.toContain(token);
    const password = decodeURIComponent(new URL(state.redisUrl).password);
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(out).not.toContain(password);
    expect(out).toMatch(/bearer token: NEWSFLOW_API_TOKEN/);

    const u = new URL(state.redisUrl);
    const anon = new Redis({ host: u.hostname, port: Number(u.port), lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    anon.on('error', () => undefined);
    await anon.connect().catch(() => undefined);
    await expect(anon.get('x')).rejects.toThrow(/NOAUTH|Authentication required/);
    anon.disconnect();

    expect(mode(home)).toBe(0o700);
    expect(mode(join(home, 'redis'))).toBe(0o700);
    expect(mode(join(home, 'state.json'))).toBe(0o600);
    expect(mode(join(home, 'redis', 'appendonlydir'))).toBe(0o700);
    expect(mode(db)).toBe(0o600);
    expect(mode(`${db}-wal`)).toBe(0o600);
  });

  it('refuses an example token copied from the deploy files, naming the variable', async () => {
    const { env } = scratch();
    env.NEWSFLOW_API_TOKEN = 'change-me-to-32-random-characters';
    const r = await runCli(['start', '--port', '0'], env);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/NEWSFLOW_API_TOKEN looks like an example value/);
  });

  it('on a port in use says so in one line, with no stack traces and nothing left running', async () => {
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const { home, env } = scratch();
    const r = await runCli(['start', '--port', String(port)], env);
    expect(r.code).toBe(1);
    expect(r.out.trim()).toBe(`newsflow: port ${port} on 127.0.0.1 is in use: set PORT (or --port) to a free one`);
    // No private Redis was started for a run that could not serve.
    const again = spawnCli(['start', '--port', '0'], env);
    procs.push(again);
    await waitForStart(again, home);
  });

  it('two starts in one directory at the same moment: one runs, the other refuses and disturbs nothing', async () => {
    const { home, env } = scratch();
    const a = spawnCli(['start', '--port', '0'], env);
    const b = spawnCli(['start', '--port', '0'], env);
    procs.push(a, b);
    const loser = await Promise.race([a.exited.then(() => a), b.exited.then(() => b)]);
    const winner = loser === a ? b : a;
    expect(loser.child.exitCode, loser.output()).toBe(1);
    expect(loser.output()).toMatch(/newsflow is already running from /);
    const state = await waitForStart(winner, home);
    expect(state.pid).toBe(winner.child.pid);
    const health = await fetch(`${state.apiUrl}/readyz`);
    expect(health.status, await health.text()).toBe(200);
    expect(winner.child.exitCode).toBeNull();
  });

  it('every entry point reads the per-stage lock settings (a bad value stops it, naming the variable)', async () => {
    const { env } = scratch({ SINK_LOCK_DURATION_MS: 'soon', REDIS_URL: 'redis://127.0.0.1:1' });
    const worker = await runCli(['worker', 'sink'], env);
    expect(worker.code).not.toBe(0);
    expect(worker.out).toMatch(/SINK_LOCK_DURATION_MS must be a number/);
    const { env: env2 } = scratch({ PARSE_STALLED_INTERVAL_MS: '10' });
    const start = await runCli(['start', '--port', '0'], env2);
    expect(start.code).not.toBe(0);
    expect(start.out).toMatch(/PARSE_STALLED_INTERVAL_MS must be at least 500/);
  });

  it('restarts its private Redis when it dies, and pages accepted before and after are all stored once', async () => {
    const { home, db, env } = scratch();
    const start = spawnCli(['start', '--port', '0'], env);
    procs.push(start);
    const state = await waitForStart(start, home);
    const submit = async (from: number, n: number) => {
      const pages = Array.from({ length: n }, (_, k) => syntheticPage(from + k));
      for (let tries = 0; ; tries++) {
        const r = await fetch(`${state.apiUrl}/v1/articles/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${state.apiToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ articles: pages.map((p) => ({ url: p.url, html: p.html })) }),
        }).catch(() => null);
        if (r && r.status < 300) return;
        if (tries > 100) throw new Error(`batch refused: ${r?.status} ${await r?.text()}`);
        await new Promise((res) => setTimeout(res, 300));
      }
    };
    await submit(0, 30);
    const pid = Number(readFileSync(join(home, 'redis', 'redis.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await submit(30, 30);
    const store = await openStore({ kind: 'sqlite', path: db } as Parameters<typeof openStore>[0]);
    try {
      await eventually(async () => ((await store.count()) >= 60 ? true : undefined), 'all 60 pages stored', 180_000).catch(async (e) => {
        throw new Error(`${(e as Error).message}; stored ${await store.count()}\n${start.output().slice(-3000)}`);
      });
      expect(await store.count()).toBe(60);
    } finally {
      await store.close();
    }
    expect(start.child.exitCode).toBeNull();
    expect(start.output()).toMatch(/private redis-server restarted/);
  }, 240_000);
});
