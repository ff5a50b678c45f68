import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { Article } from '@newsflow/contracts';
import { closeRedis, createQueues, createRedis, silentLogger, startRedisServer, type RedisServerHandle } from '@newsflow/core';
import { eventually } from '@newsflow/testing';
import { createDedupeIndex, createDedupeWorker } from '@newsflow/dedupe';
import { STORIES, article } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'nf-dedupe-cluster-'));
const nodes: RedisServerHandle[] = [];

/** A three-master Redis Cluster from the redis-server binary, slots split evenly. */
beforeAll(async () => {
  for (let i = 0; i < 3; i++) {
    const d = join(dir, `n${i}`);
    nodes.push(await startRedisServer({ dir: d, appendonly: false, extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', join(d, 'nodes.conf'), '--cluster-node-timeout', '2000'] }));
  }
  const admin = nodes.map((n) => new Redis(n.url));
  const ranges = [[0, 5460], [5461, 10922], [10923, 16383]] as const;
  await Promise.all(admin.map((c, i) => c.call('CLUSTER', 'ADDSLOTSRANGE', ranges[i]![0], ranges[i]![1])));
  for (const n of nodes.slice(1)) await admin[0]!.call('CLUSTER', 'MEET', '127.0.0.1', n.port);
  await eventually(async () => {
    const infos = await Promise.all(admin.map((c) => c.call('CLUSTER', 'INFO') as Promise<string>));
    return infos.every((s) => s.includes('cluster_state:ok') && s.includes('cluster_known_nodes:3'));
  }, 'cluster state ok', 30_000, 100);
  admin.forEach((c) => c.disconnect());
});

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('dedupe on Redis Cluster', () => {
  it('keeps the index in one slot apart from the queues, and the worker links copies end to end', async () => {
    const seeds = nodes.map((n) => ({ host: '127.0.0.1', port: n.port }));
    const conn = createRedis({ clusterNodes: seeds }, 'worker');
    const prefix = '{nfcluster}';
    const queues = createQueues({ connection: conn, prefix });
    const workerConn = createRedis({ clusterNodes: seeds }, 'worker');
    const worker = createDedupeWorker({ connection: workerConn, forwardConnection: conn, prefix, logger: silentLogger() });
    try {
      const index = createDedupeIndex({ redis: conn, prefix });
      const slot = async (k: string) => Number(await (conn as unknown as Redis).call('CLUSTER', 'KEYSLOT', k));
      expect(await slot(`${index.keyBase}:a:x`)).toBe(await slot(`${index.keyBase}:l:1:2`));
      expect(await slot(`${index.keyBase}:a:x`)).not.toBe(await slot(`${prefix}:dedupe:wait`));

      const jobs = [
        article({ url: 'https://a.example/bridge', paragraphs: STORIES[0]! }),
        article({ url: 'https://b.example/bridge-copy', paragraphs: ['Advertisement', ...STORIES[0]!] }),
        article({ url: 'https://c.example/bridge-exact', paragraphs: STORIES[0]! }),
        article({ url: 'https://d.example/flood', paragraphs: STORIES[2]! }),
      ];
      const out: Article[] = [];
      for (const a of jobs) {
        await queues.dedupe.add('article', a, { jobId: a.pageId });
        out.push((await eventually(() => queues.sink.getJob(a.pageId), 'forwarded on the cluster')).data as Article);
      }
      const canon = out[0]!.id;
      expect(out.map((a) => [a.dedupe.duplicateOf, a.dedupe.duplicateKind, a.dedupe.clusterId])).toEqual([
        [null, null, canon],
        [canon, 'near', canon],
        [canon, 'exact', canon],
        [null, null, out[3]!.id],
      ]);
    } finally {
      await worker.close();
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await closeRedis(workerConn);
      await closeRedis(conn);
    }
  });
});
