import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedis, silentLogger, startRedisServer, waitForRedis, type RedisServerHandle } from '@newsflow/core';
import { eventually, useHarness, type Harness } from '@newsflow/testing';
import { createDashboardApp, type DashboardStore, type StoreProbeResult } from '../src/index.js';
import { dashboard, sqliteStore } from './fixtures.js';

const h = useHarness();

interface ReadyBody {
  ok: boolean;
  checks: { redis: string; store: string };
}

async function ownRedis(t: Harness): Promise<RedisServerHandle> {
  const srv = await startRedisServer({ dir: mkdtempSync(join(tmpdir(), 'nf-ready-')), appendonly: false });
  t.defer({ close: () => srv.stop() });
  return srv;
}

function connect(t: Harness, url: string) {
  const conn = createRedis({ url }, 'worker');
  conn.on('error', () => undefined);
  t.defer({ close: async () => conn.disconnect() });
  return conn;
}

async function ready(app: { request(p: string): Response | Promise<Response> }): Promise<{ status: number; body: ReadyBody }> {
  const res = await app.request('/readyz');
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

describe('/readyz and writes', () => {
  it('answers 503 naming the OOM while Redis refuses writes (maxmemory, noeviction), and 200 once it takes them again', async () => {
    const t = h();
    const srv = await ownRedis(t);
    const conn = connect(t, srv.url);
    await waitForRedis(conn);
    const d = createDashboardApp({ connection: conn, prefix: '{oom}', auth: { disabled: true }, logger: silentLogger(), probeCacheMs: 200 });
    t.defer(d);
    expect((await ready(d.app)).status).toBe(200);

    const admin = connect(t, srv.url);
    const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
    await admin.config('SET', 'maxmemory', String(used + 2 * 1024 * 1024));
    // Small values, so the filling connection's own query buffer (freed by Redis a moment later)
    // is not what holds memory over the limit; topped up before each look, as traffic would.
    let n = 0;
    const fill = async () => {
      for (let i = 0; i < 100_000; i++) {
        const err = await admin.set(`fill:${n++}`, 'x'.repeat(256)).then(() => null, (e: Error) => e.message);
        if (err) return err;
      }
      return 'still taking writes';
    };
    expect(await fill()).toMatch(/^OOM/);
    // Reads still work: a ping-only probe answered 200 here.
    expect(await conn.ping()).toBe('PONG');
    const down = await eventually(async () => {
      await fill();
      const r = await ready(d.app);
      return r.status === 503 ? r : undefined;
    }, '/readyz to fail while Redis is out of memory', 30_000, 100);
    expect(down.body.ok).toBe(false);
    expect(down.body.checks.redis).toMatch(/^refuses writes: OOM command not allowed/);

    await admin.config('SET', 'maxmemory', '0');
    await eventually(async () => (await ready(d.app)).status === 200, '/readyz to recover once Redis takes writes', 30_000, 100);
  }, 60_000);

  it('answers 503 naming READONLY against a read-only replica', async () => {
    const t = h();
    const primary = await ownRedis(t);
    const replica = await ownRedis(t);
    const conn = connect(t, replica.url);
    await waitForRedis(conn);
    await conn.replicaof('127.0.0.1', String(primary.port));
    const d = createDashboardApp({ connection: conn, prefix: '{ro}', auth: { disabled: true }, logger: silentLogger(), probeCacheMs: 200 });
    t.defer(d);
    const r = await eventually(async () => {
      const x = await ready(d.app);
      return x.status === 503 ? x : undefined;
    }, '/readyz to fail on a replica', 30_000, 100);
    expect(r.body.checks.redis).toMatch(/^refuses writes: READONLY/);
  }, 60_000);

  it("answers 503 with the store's reason when a real SQLite store reports it cannot write, and asks it at most once per cache window", async () => {
    const t = h();
    const store = await sqliteStore(t);
    let answer: StoreProbeResult = { writable: false, reason: 'SQLITE_READONLY: attempt to write a readonly database', checkedAt: new Date().toISOString() };
    let calls = 0;
    // The real store serves every read; only the probe's answer is chosen here.
    const probed: DashboardStore = Object.assign(Object.create(store) as DashboardStore, {
      probe: async () => {
        calls++;
        return answer;
      },
    });
    const d = dashboard(t, { store: probed, probeCacheMs: 60_000 });
    const first = await ready(d.app);
    expect(first.status).toBe(503);
    expect(first.body.checks).toMatchObject({ redis: 'ok', store: 'not writable: SQLITE_READONLY: attempt to write a readonly database' });
    await Promise.all([ready(d.app), ready(d.app), ready(d.app)]);
    expect(calls).toBe(1);

    answer = { writable: true, checkedAt: new Date().toISOString() };
    const fresh = dashboard(t, { store: probed, probeCacheMs: 0 });
    expect((await ready(fresh.app)).body.checks.store).toBe('ok');
    expect((await ready(fresh.app)).status).toBe(200);
    expect(calls).toBe(3);
  });

  it('answers 503 when the store probe itself fails or hangs', async () => {
    const t = h();
    const store = await sqliteStore(t);
    const failing: DashboardStore = Object.assign(Object.create(store) as DashboardStore, { probe: () => Promise.reject(new Error('disk I/O error')) });
    expect((await ready(dashboard(t, { store: failing }).app)).body.checks.store).toBe('disk I/O error');
    const hanging: DashboardStore = Object.assign(Object.create(store) as DashboardStore, { probe: () => new Promise<never>(() => undefined) });
    const r = await ready(dashboard(t, { store: hanging, probeTimeoutMs: 300 }).app);
    expect(r.status).toBe(503);
    expect(r.body.checks.store).toBe('the article store did not answer within 300 ms');
  });
});
