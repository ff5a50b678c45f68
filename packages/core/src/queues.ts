import { Queue, type QueueOptions } from 'bullmq';
import { QUEUES, type QueueName } from '@newsflow/contracts';
import type { RedisConnection } from './redis.js';
import { DEFAULT_PREFIX } from './prefix.js';

export interface QueueFactoryOptions {
  connection: RedisConnection;
  /** BullMQ key prefix; braces make it a Redis Cluster hash tag. @defaultValue '{newsflow}' */
  prefix?: string;
}

/** A BullMQ Queue for a catalog queue, with the catalog's default job options. */
export function createQueue(name: QueueName, opts: QueueFactoryOptions): Queue {
  const qopts: QueueOptions = {
    connection: opts.connection,
    prefix: opts.prefix ?? DEFAULT_PREFIX,
    defaultJobOptions: QUEUES[name].defaultJobOptions,
  };
  const q = new Queue(name, qopts);
  // Connection errors reach callers through the commands that fail; without a listener BullMQ
  // prints each one as a stack trace (dozens while Redis restarts).
  q.on('error', () => undefined);
  return q;
}

/** All five pipeline queues, keyed by name. */
export function createQueues(opts: QueueFactoryOptions): Record<QueueName, Queue> {
  const out = {} as Record<QueueName, Queue>;
  for (const name of Object.keys(QUEUES) as QueueName[]) out[name] = createQueue(name, opts);
  return out;
}

export async function closeQueues(queues: Partial<Record<QueueName, Queue>>): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q?.close().catch(() => undefined)));
}
