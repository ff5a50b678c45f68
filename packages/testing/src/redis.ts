import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '@newsflow/core';
import { dockerLikely, loadTestcontainers } from './docker.js';

export interface TestRedis {
  url: string;
  /** 'container' or 'binary' */
  via: 'container' | 'binary';
  stop(): Promise<void>;
}

/**
 * A real Redis for tests: a testcontainers `redis:7` where a Docker engine answers, otherwise the
 * `redis-server` on PATH on a free port and a temp dir. A missing binary is an error with an
 * install hint, never a skip.
 */
export async function startRedis(opts: { appendonly?: boolean; extraArgs?: string[] } = {}): Promise<TestRedis> {
  if (dockerLikely()) {
    const tc = await loadTestcontainers();
    if (tc) {
      const c = await new tc.GenericContainer('redis:7-alpine')
        .withCommand(['redis-server', '--maxmemory-policy', 'noeviction', '--appendonly', opts.appendonly === false ? 'no' : 'yes', ...(opts.extraArgs ?? [])])
        .withExposedPorts(6379)
        .start();
      return { url: `redis://${c.getHost()}:${c.getMappedPort(6379)}`, via: 'container', stop: async () => void (await c.stop()) };
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-redis-'));
  const srv = await startRedisServer({ dir, appendonly: opts.appendonly ?? false, extraArgs: opts.extraArgs });
  return {
    url: srv.url,
    via: 'binary',
    stop: async () => {
      await srv.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
