import type { Queue } from 'bullmq';
import type { QueueName } from '@newsflow/contracts';
import { Cluster } from 'ioredis';
import { DEFAULT_PREFIX, closeQueues, createQueues, type RedisConnection } from '@newsflow/core';

/**
 * The five pipeline queues plus the raw connection behind them: the dashboard reads some fields
 * (timestamps, reasons) straight from job hashes so it never loads megabytes of page HTML.
 */
export interface Pipeline {
  redis: RedisConnection;
  queues: Record<QueueName, Queue>;
  prefix: string;
  /** Close the queues (not the connection, which the caller owns). */
  close(): Promise<void>;
}

/** Open the pipeline queues on an existing connection. */
export function openPipeline(redis: RedisConnection, prefix = DEFAULT_PREFIX): Pipeline {
  const queues = createQueues({ connection: redis, prefix });
  // Connection trouble surfaces through /readyz and failed requests; an unheard 'error' would crash.
  for (const q of Object.values(queues)) q.on('error', () => undefined);
  return { redis, queues, prefix, close: () => settleWithin(closeQueues(queues), 2_000) };
}

/**
 * A new connection like `conn` but fit for blocking reads (QueueEvents): it waits for Redis instead
 * of failing fast, whatever role the original had.
 */
export function blockingDuplicate(conn: RedisConnection): RedisConnection {
  const blocking = { maxRetriesPerRequest: null, enableOfflineQueue: true };
  return conn instanceof Cluster ? conn.duplicate(undefined, { redisOptions: { ...conn.options.redisOptions, ...blocking }, enableOfflineQueue: true }) : conn.duplicate(blocking);
}

/** Wait for `p` to settle, but no longer than `ms`; never rejects. For closing when Redis may be gone. */
export async function settleWithin(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
