import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { AppError } from './errors.js';

export type RedisConnection = Redis | Cluster;

export interface RedisConfig {
  /** `redis://[:password@]host:port[/db]`. Ignored when `clusterNodes` is set. */
  url?: string;
  /** Redis Cluster seed nodes. */
  clusterNodes?: Array<{ host: string; port: number }>;
}

/**
 * `worker` connections retry forever (BullMQ requires `maxRetriesPerRequest: null` for blocking
 * commands); `producer` connections fail fast so an API can answer 503 instead of hanging.
 */
export type ConnectionRole = 'worker' | 'producer';

function roleOptions(role: ConnectionRole): RedisOptions {
  return role === 'worker'
    ? { maxRetriesPerRequest: null, enableReadyCheck: true }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5_000 };
}

/** Create a connection for a role. It connects lazily; use `waitForRedis` before first use by a producer. */
export function createRedis(cfg: RedisConfig, role: ConnectionRole): RedisConnection {
  const opts = roleOptions(role);
  if (cfg.clusterNodes && cfg.clusterNodes.length > 0) {
    return new Cluster(cfg.clusterNodes, {
      redisOptions: opts,
      enableOfflineQueue: role === 'worker',
      clusterRetryStrategy: (times) => Math.min(100 * 2 ** times, 5_000),
    });
  }
  if (!cfg.url) throw new AppError('CONFIG', 'REDIS_URL is required here (or REDIS_CLUSTER_NODES)');
  return new Redis(cfg.url, {
    ...opts,
    retryStrategy: (times) => Math.min(50 * 2 ** times, 5_000),
  });
}

/** Parse `host:port,host:port`. */
export function parseClusterNodes(s: string): Array<{ host: string; port: number }> {
  return s.split(',').map((hp) => {
    const i = hp.lastIndexOf(':');
    return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
  });
}

/** Resolve when the connection is ready; reject with a clear error after `timeoutMs`. */
export async function waitForRedis(conn: RedisConnection, timeoutMs = 10_000): Promise<void> {
  if (conn.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      cleanup();
      reject(new AppError('REDIS_UNAVAILABLE', `Redis did not answer within ${timeoutMs} ms`, { retryable: true }));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(t);
      conn.off('ready', onReady);
    };
    conn.on('ready', onReady);
    if (conn.status === 'wait') conn.connect().catch(() => undefined);
  });
}

/**
 * Checks that Redis is configured so queued jobs survive: `noeviction` (BullMQ keys must never be
 * evicted) and AOF. Returns warnings instead of throwing: managed Redis may forbid CONFIG.
 */
export async function checkRedisPolicy(conn: RedisConnection): Promise<string[]> {
  const warnings: string[] = [];
  try {
    const node = conn instanceof Cluster ? conn.nodes('master')[0] : conn;
    if (!node) return warnings;
    const res = (await node.config('GET', 'maxmemory-policy')) as string[];
    if (res[1] && res[1] !== 'noeviction') {
      warnings.push(`Redis maxmemory-policy is "${res[1]}"; set it to "noeviction" or queued jobs can be lost`);
    }
    const aof = (await node.config('GET', 'appendonly')) as string[];
    if (aof[1] === 'no') {
      warnings.push('Redis runs without AOF (appendonly no); queued pages are lost if Redis restarts. Set appendonly yes for durability');
    }
  } catch {
    // CONFIG may be disabled on managed Redis; nothing to check then.
  }
  return warnings;
}

/** Close a connection without throwing (it may already be closed). */
export async function closeRedis(conn: RedisConnection): Promise<void> {
  try {
    await conn.quit();
  } catch {
    conn.disconnect();
  }
}
