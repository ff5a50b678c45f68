import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findExecutable, startRedisServer, type RedisServerHandle } from '@newsflow/core';

export const REDIS_CLI_HINT = 'redis-cli was not found on PATH; it ships with redis-server (Debian/Ubuntu: sudo apt-get install -y redis-tools)';

export interface LocalCluster {
  /** `127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`, the form of REDIS_CLUSTER_NODES. */
  nodes: string;
  ports: number[];
  stop(): Promise<void>;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((res, rej) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('error', rej);
    c.on('exit', (code) => (code === 0 ? res(out) : rej(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

/**
 * A real Redis Cluster of `masters` nodes on free loopback ports, made with `redis-server
 * --cluster-enabled yes` and `redis-cli --cluster create`, ready (every slot served) on return.
 */
export async function startLocalCluster(masters = 3): Promise<LocalCluster> {
  const cli = findExecutable('redis-cli', ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin']);
  if (!cli) throw new Error(REDIS_CLI_HINT);
  const dir = mkdtempSync(join(tmpdir(), 'nf-cluster-'));
  const servers: RedisServerHandle[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const d = join(dir, `n${i}`);
      servers.push(
        await startRedisServer({ dir: d, appendonly: false, extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', join(d, 'nodes.conf'), '--cluster-node-timeout', '5000'] }),
      );
    }
    const addrs = servers.map((s) => `127.0.0.1:${s.port}`);
    await run(cli, ['--cluster', 'create', ...addrs, '--cluster-replicas', '0', '--cluster-yes']);
    // `create` returns once slots are assigned; every node must also agree the cluster is up.
    const deadline = Date.now() + 20_000;
    for (const s of servers) {
      const c = new Redis(s.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
      await c.connect();
      try {
        while (!/cluster_state:ok/.test(String(await c.call('CLUSTER', 'INFO')))) {
          if (Date.now() > deadline) throw new Error(`cluster node ${s.port} did not reach cluster_state:ok`);
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        c.disconnect();
      }
    }
    return { nodes: addrs.join(','), ports: servers.map((s) => s.port), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
