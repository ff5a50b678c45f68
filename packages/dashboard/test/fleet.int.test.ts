import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES } from '@newsflow/contracts';
import { closeRedis, createRedis, parseClusterNodes, silentLogger, type RedisConnection } from '@newsflow/core';
import { createProducer } from '@newsflow/ingest';
import { openStore, type ArticleStore } from '@newsflow/sink';
import { eventually, syntheticPage, testRedisUrl, uniquePrefix, useHarness } from '@newsflow/testing';
import { createDashboardApp, type StageStats } from '../src/index.js';
import { cliEnvFor, spawnCli, stopChild, type Child } from './cli.js';
import { startLocalCluster, type LocalCluster } from './cluster.js';

// Both tests run fleets of worker processes; one file keeps them from competing for the same cores.

const h = useHarness();
const PAGES = 500;
const CLUSTER_PAGES = 40;

describe('horizontal scaling', () => {
  it(`2 parse processes + 1 of each other stage share one Redis: ${PAGES} pages, both parse processes work, every article stored once`, async () => {
    const t = h();
    const db = join(mkdtempSync(join(tmpdir(), 'nf-scale-')), 'newsflow.db');
    const env = cliEnvFor(t.redisUrl, t.prefix, { SINK: 'sqlite', SQLITE_PATH: db });
    const children: Child[] = [];
    const spawnWorker = (stage: string) => {
      const c = spawnCli(['worker', stage], env);
      children.push(c);
      return c;
    };
    try {
      const parseProcs = [spawnWorker('parse'), spawnWorker('parse')];
      for (const s of STAGES.filter((s) => s !== 'parse')) spawnWorker(s);
      // Every process has registered its BullMQ worker before a page is queued, so work is shared.
      await eventually(async () => {
        const counts = await Promise.all(STAGES.map((s) => t.queues()[s].getWorkersCount()));
        return counts.every((n, i) => n >= (STAGES[i] === 'parse' ? 2 : 1));
      }, `all workers connected: ${children.map((c) => c.output()).join('\n')}`, 60_000, 200);

      const producer = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
      const pages = Array.from({ length: PAGES }, (_, i) => syntheticPage(i, { seed: 42 }));
      for (const p of pages) await producer.submit({ url: p.url, html: p.html, site: p.site });

      const store = t.defer(await eventually(() => openStore({ kind: 'sqlite', path: db }).catch(() => null), 'store file created'));
      await eventually(async () => (await store.count()) === PAGES, `${PAGES} articles stored`, 200_000, 500);

      const byPid = new Map<number, number>();
      let stored = 0;
      const ids = new Set<string>();
      for await (const a of store.iterate({ limit: PAGES + 100 })) {
        stored += 1;
        ids.add(a.id);
        expect(a.trace.map((e) => e.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
        expect(a.dedupe.version).toBe(1);
        const pid = Number(a.trace[1]!.workerId.split(':')[1]);
        byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
      }
      expect(stored).toBe(PAGES);
      expect(ids.size).toBe(PAGES);
      const parsePids = parseProcs.map((c) => c.child.pid!);
      expect([...byPid.keys()].sort()).toEqual([...parsePids].sort());
      for (const pid of parsePids) expect(byPid.get(pid)!).toBeGreaterThan(PAGES / 10);
      // Reported, not asserted: how the two parse processes split the work.
      process.stderr.write(`scaling: parse pages per process ${JSON.stringify(Object.fromEntries(byPid))}\n`);
      expect(await t.queues().parse.getFailedCount()).toBe(0);
    } finally {
      const codes = await Promise.all(children.map((c) => stopChild(c)));
      expect(codes, children.map((c) => c.output()).join('\n')).toEqual(children.map(() => 0));
    }
  }, 240_000);
});

describe('Redis Cluster', () => {
  it(`runs the pipeline end to end on a local 3-master cluster (REDIS_CLUSTER_NODES), and the dashboard reads it`, async () => {
    const cluster: LocalCluster = await startLocalCluster(3);
    const prefix = uniquePrefix();
    const db = join(mkdtempSync(join(tmpdir(), 'nf-cluster-db-')), 'newsflow.db');
    const env = cliEnvFor(testRedisUrl(), prefix, { SINK: 'sqlite', SQLITE_PATH: db, REDIS_CLUSTER_NODES: cluster.nodes });
    delete env.REDIS_URL;
    const children: Child[] = [];
    const conns: RedisConnection[] = [];
    let store: ArticleStore | undefined;
    let dash: ReturnType<typeof createDashboardApp> | undefined;
    const connect = (role: 'worker' | 'producer') => {
      const c = createRedis({ clusterNodes: parseClusterNodes(cluster.nodes) }, role);
      c.on('error', () => undefined);
      conns.push(c);
      return c;
    };
    try {
      for (const s of STAGES) children.push(spawnCli(['worker', s], env));
      dash = createDashboardApp({ connection: connect('worker'), prefix, auth: { disabled: true }, logger: silentLogger() });
      const overview = async () => ((await (await dash!.app.request('/dashboard/api/overview')).json()) as { stages: StageStats[] }).stages;
      await eventually(async () => (await overview()).every((s) => s.workers.length === 1), `a worker per stage on the cluster: ${children.map((c) => c.output()).join('\n')}`, 60_000, 250);

      const producer = createProducer({ connection: connect('producer'), prefix });
      const pages = Array.from({ length: CLUSTER_PAGES }, (_, i) => syntheticPage(i, { seed: 99 }));
      for (const p of pages) await producer.submit({ url: p.url, html: p.html, site: p.site });
      // The same page again is the same job (hash-tagged job keys resolve on the cluster too).
      await producer.submit({ url: pages[0]!.url, html: pages[0]!.html, site: pages[0]!.site });
      await producer.close();

      store = await eventually(() => openStore({ kind: 'sqlite', path: db }).catch(() => null), 'store file created');
      await eventually(async () => (await store!.count()) === CLUSTER_PAGES, `${CLUSTER_PAGES} articles stored via the cluster`, 150_000, 250);
      const titles = new Set<string>();
      for await (const a of store.iterate({ limit: CLUSTER_PAGES + 10 })) {
        titles.add(a.title);
        expect(a.trace.map((e) => e.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
      }
      expect(titles).toEqual(new Set(pages.map((p) => p.title)));

      const stages = await eventually(async () => {
        const st = await overview();
        return st.find((s) => s.stage === 'sink')!.completed === CLUSTER_PAGES ? st : null;
      }, 'the dashboard to count every sink job on the cluster');
      expect(stages.map((s) => [s.stage, s.completed, s.failed])).toEqual(STAGES.map((s) => [s, CLUSTER_PAGES, 0]));
      expect((await dash.app.request('/readyz')).status).toBe(200);
      // All of a queue's keys share the prefix's hash tag, so they live in one slot.
      const slots = new Set<number>();
      for (const key of [`${prefix}:parse:wait`, `${prefix}:sink:completed`, `${prefix}:parse:${pages[1]!.url}`]) {
        slots.add(Number(await conns[0]!.call('CLUSTER', 'KEYSLOT', key)));
      }
      expect(slots.size).toBe(1);
    } finally {
      const codes = await Promise.all(children.map((c) => stopChild(c)));
      await dash?.close();
      await store?.close();
      await Promise.all(conns.map((c) => closeRedis(c)));
      await cluster.stop();
      expect(codes, children.map((c) => c.output()).join('\n')).toEqual(children.map(() => 0));
    }
  }, 180_000);
});
