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

export interface Backpressure {
  /** Throw 429 with Retry-After while the pipeline is behind (503 when the counts cannot be read). */
  check(): Promise<void>;
  /**
   * Pages that may still go in now: the limit minus the waiting jobs, read afresh (not cached), so
   * a long stream sees the pages it added itself. 0 or less means none.
   */
  headroom(): Promise<number>;
  readonly maxWaiting: number;
  readonly retryAfterSeconds: number;
}

/** The pipeline's backlog as a guard for requests and a budget for long streams. */
export function createBackpressure(queues: Partial<Record<QueueName, Queue>>, opts: BackpressureOptions = {}): Backpressure {
  const max = opts.maxWaiting ?? 100_000;
  const watched = (opts.queues ?? ['ingest', 'parse']).map((n) => queues[n]).filter((q): q is Queue => q !== undefined);
  const retryAfter = opts.retryAfterSeconds ?? 5;
  const cacheMs = opts.cacheMs ?? 250;
  const count = (): Promise<number> => Promise.all(watched.map((q) => q.getWaitingCount())).then((ns) => ns.reduce((a, b) => a + b, 0));
  let cached: { at: number; waiting: Promise<number> } | undefined;
  const read = (): Promise<number> => {
    const now = Date.now();
    if (!cached || now - cached.at > cacheMs) {
      const waiting = count();
      // A failed read must not be cached: the next request tries again.
      waiting.catch(() => (cached = undefined));
      cached = { at: now, waiting };
    }
    return cached.waiting;
  };
  const unavailable = (err: unknown): HttpError => {
    const e = redisRefusal(err, 'queue unavailable');
    return new HttpError(503, e?.code ?? 'REDIS_UNAVAILABLE', e?.message ?? `queue unavailable: ${(err as Error).message}`, { headers: { 'Retry-After': String(retryAfter) } });
  };
  return {
    maxWaiting: max,
    retryAfterSeconds: retryAfter,
    async check() {
      let waiting: number;
      try {
        waiting = await read();
      } catch (err) {
        throw unavailable(err);
      }
      if (waiting >= max) {
        throw new HttpError(429, 'BACKPRESSURE', `the pipeline is behind (${waiting} pages waiting, limit ${max}); retry after ${retryAfter} s`, {
          headers: { 'Retry-After': String(retryAfter) },
        });
      }
    },
    async headroom() {
      try {
        return max - (await count());
      } catch (err) {
        throw unavailable(err);
      }
    },
  };
}
