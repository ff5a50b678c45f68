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
  /**
   * Refuse new pages (429) while Redis uses this share of its `maxmemory` (percent; no limit when
   * Redis has none). Page bodies wait in Redis until parsed, so a flood would otherwise fill it, and
   * at `maxmemory` (noeviction) the stages could no longer forward what they already hold. The room
   * left above this mark is for the jobs in flight. @defaultValue 80
   */
  maxRedisMemoryPercent?: number;
}

/** Redis memory use in percent of its maxmemory, or null when it has none. */
export async function redisMemoryPercent(conn: { info(section: 'memory'): Promise<string> }): Promise<number | null> {
  const info = await conn.info('memory');
  const num = (k: string) => Number(new RegExp(`^${k}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  const max = num('maxmemory');
  return max > 0 ? (100 * num('used_memory')) / max : null;
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
export function createBackpressure(
  queues: Partial<Record<QueueName, Queue>>,
  opts: BackpressureOptions = {},
  /** Reads Redis memory use (`redisMemoryPercent` over the producer's connection); none: not watched. */
  memory?: () => Promise<number | null>,
): Backpressure {
  const max = opts.maxWaiting ?? 100_000;
  const watched = (opts.queues ?? ['ingest', 'parse']).map((n) => queues[n]).filter((q): q is Queue => q !== undefined);
  const retryAfter = opts.retryAfterSeconds ?? 5;
  const cacheMs = opts.cacheMs ?? 250;
  const memoryPercent = opts.maxRedisMemoryPercent ?? 80;
  const memoryUse = async (): Promise<number | null> => (memory && memoryPercent < 100 ? memory() : null);
  /** Waiting pages, and Redis memory use in percent of maxmemory (null without a maxmemory). */
  const count = async (): Promise<{ waiting: number; memory: number | null }> => {
    const [ns, memory] = await Promise.all([Promise.all(watched.map((q) => q.getWaitingCount())), memoryUse()]);
    return { waiting: ns.reduce((a, b) => a + b, 0), memory };
  };
  const memoryFull = (memory: number | null): HttpError | null =>
    memory !== null && memory >= memoryPercent
      ? new HttpError(429, 'BACKPRESSURE', `Redis is ${Math.round(memory)}% full (limit ${memoryPercent}% of its maxmemory, INGEST_MAX_REDIS_MEMORY_PERCENT) while the pipeline drains; retry after ${retryAfter} s`, {
          headers: { 'Retry-After': String(retryAfter) },
        })
      : null;
  let cached: { at: number; waiting: Promise<{ waiting: number; memory: number | null }> } | undefined;
  const read = (): Promise<{ waiting: number; memory: number | null }> => {
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
        const r = await read();
        const full = memoryFull(r.memory);
        if (full) throw full;
        waiting = r.waiting;
      } catch (err) {
        if (err instanceof HttpError) throw err;
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
        const r = await count();
        return memoryFull(r.memory) ? 0 : max - r.waiting;
      } catch (err) {
        throw unavailable(err);
      }
    },
  };
}
