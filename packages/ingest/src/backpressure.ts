import type { Queue } from 'bullmq';
import type { QueueName } from '@newsflow/contracts';
import { HttpError } from './http-error.js';
import { redisRefusal } from './redis-refusal.js';

export interface BackpressureOptions {
  /** Refuse new pages (429) while this many jobs wait in the watched queues together. @defaultValue 100000 */
  maxWaiting?: number;
  /** Queues whose waiting jobs count; parse is where a backlog piles up. @defaultValue ['ingest', 'parse'] */
  queues?: QueueName[];
  /** Seconds a refused client is told to wait (Retry-After). @defaultValue 5 */
  retryAfterSeconds?: number;
  /** How long one reading of the counts is reused, so a burst of requests costs one round trip. @defaultValue 250 */
  cacheMs?: number;
}

/** A guard that throws 429 with Retry-After while the pipeline is behind. */
export function createBackpressure(queues: Partial<Record<QueueName, Queue>>, opts: BackpressureOptions = {}): () => Promise<void> {
  const max = opts.maxWaiting ?? 100_000;
  const watched = (opts.queues ?? ['ingest', 'parse']).map((n) => queues[n]).filter((q): q is Queue => q !== undefined);
  const retryAfter = opts.retryAfterSeconds ?? 5;
  const cacheMs = opts.cacheMs ?? 250;
  let cached: { at: number; waiting: Promise<number> } | undefined;
  const read = (): Promise<number> => {
    const now = Date.now();
    if (!cached || now - cached.at > cacheMs) {
      const waiting = Promise.all(watched.map((q) => q.getWaitingCount())).then((ns) => ns.reduce((a, b) => a + b, 0));
      // A failed read must not be cached: the next request tries again.
      waiting.catch(() => (cached = undefined));
      cached = { at: now, waiting };
    }
    return cached.waiting;
  };
  return async () => {
    let waiting: number;
    try {
      waiting = await read();
    } catch (err) {
      const e = redisRefusal(err, 'queue unavailable');
      throw new HttpError(503, e?.code ?? 'REDIS_UNAVAILABLE', e?.message ?? `queue unavailable: ${(err as Error).message}`, { headers: { 'Retry-After': String(retryAfter) } });
    }
    if (waiting >= max) {
      throw new HttpError(429, 'BACKPRESSURE', `the pipeline is behind (${waiting} pages waiting, limit ${max}); retry after ${retryAfter} s`, {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
  };
}
