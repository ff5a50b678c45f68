import type { Queue } from 'bullmq';
import type { QueueName } from '@newsflow/contracts';
import { closeQueues, createQueues, type RedisConnection } from '@newsflow/core';

/**
 * The five pipeline queues plus the raw connection behind them: the dashboard reads some fields
 * (timestamps, reasons) straight from job hashes so it never loads megabytes of page HTML.
 */
export interface Pipeline {
  redis: RedisConnection;
  queues: Record<QueueName, Queue>;
  /** Close the queues (not the connection, which the caller owns). */
  close(): Promise<void>;
}

/** Open the pipeline queues on an existing connection. */
export function openPipeline(redis: RedisConnection, prefix = '{newsflow}'): Pipeline {
  const queues = createQueues({ connection: redis, prefix });
  return { redis, queues, close: () => closeQueues(queues) };
}
