import { coerceError, type Logger, type RedisConnection } from '@newsflow/core';
import type { Pipeline } from './pipeline.js';
import { pipelineStats } from './stats.js';
import type { DashboardStore } from './store.js';
import type { StageHealth, StageWatchdog } from './watchdog.js';

export interface ReadinessOptions {
  pipeline: Pipeline;
  connection: RedisConnection;
  store?: DashboardStore;
  watchdog: StageWatchdog;
  logger: Logger;
  /** Time limit for each probe. */
  probeMs: number;
  /** How long a write probe's answer is reused. */
  cacheMs: number;
}

export interface Readiness {
  /** The API's own readiness: Redis answers and takes writes, the store answers and can write. */
  ok: boolean;
  /** Every stage consumes (the watchdog): what `/healthz/stages` answers; true when Redis cannot be read (unknown). */
  stagesOk: boolean;
  checks: { redis: string; store: string; stages: StageHealth[] };
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error(`${what} did not answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(t);
  }
}

/** `fn`'s promise, reused for `ms` after it started (so concurrent probes share one round trip). */
function cached<T>(fn: () => Promise<T>, ms: number): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= ms) last = { at: now, value: fn() };
    return last.value;
  };
}

/** 'ok', or why not: a probe never rejects. */
type Verdict = Promise<string>;

/**
 * The checks behind `/readyz` (the API's own: Redis and the store) and `/healthz/stages` (the stage
 * watchdog). Reads (ping, queue counts, the stage watchdog) run on every call;
 * the write probes are cached for `cacheMs`, since they write and a load balancer may poll often.
 * A Redis that answers reads but refuses writes (maxmemory with noeviction, a READONLY replica,
 * MISCONF after a failed save) and a store that cannot write both make the process not ready:
 * it would accept pages and lose them.
 */
export function readinessCheck(opts: ReadinessOptions): () => Promise<Readiness> {
  const { pipeline, connection, store, probeMs } = opts;
  const probeKey = `${pipeline.prefix}:readyz-probe`;
  const redisWrite = cached(
    (): Verdict =>
      within(connection.set(probeKey, String(Date.now()), 'PX', 60_000), probeMs, 'Redis').then(
        () => 'ok',
        (err: unknown) => (err instanceof Error && err.name === 'ReplyError' ? `refuses writes: ${err.message}` : coerceError(err).message),
      ),
    opts.cacheMs,
  );
  const storeWrite = cached(async (): Verdict => {
    if (!store?.probe) return 'ok';
    try {
      const r = await within(store.probe(), probeMs, 'the article store');
      return r.writable ? 'ok' : `not writable: ${r.reason ?? 'the store gave no reason'}`;
    } catch (err) {
      return coerceError(err).message;
    }
  }, opts.cacheMs);

  const redisRead = async (): Promise<{ redis: string; stages: StageHealth[] }> => {
    try {
      // A ping first: a Redis that is gone fails here in probeMs, not after the slower stats read.
      await within(connection.ping(), probeMs, 'Redis');
      const stats = await within(pipelineStats(pipeline, Date.now(), { durations: false }), probeMs * 2, 'Redis');
      return { redis: 'ok', stages: opts.watchdog.check(stats) };
    } catch (err) {
      return { redis: coerceError(err).message, stages: [] };
    }
  };
  const storeRead = async (): Verdict => {
    if (!store) return 'not configured';
    try {
      await within(store.count(), probeMs, 'the article store');
      return 'ok';
    } catch (err) {
      return coerceError(err).message;
    }
  };

  return async () => {
    const [read, written, storeReadable, storeWritten] = await Promise.all([redisRead(), redisWrite(), storeRead(), storeWrite()]);
    const checks = {
      // A Redis that cannot be read says so first; one that reads but refuses writes names Redis's reason.
      redis: read.redis !== 'ok' ? read.redis : written,
      store: storeReadable !== 'ok' ? storeReadable : storeWritten,
      stages: read.stages,
    };
    // A stage that stopped consuming does not make the API unready: pages it accepts wait in Redis,
    // and taking it out of a load balancer would refuse them for a problem it does not have.
    const ok = checks.redis === 'ok' && (checks.store === 'ok' || checks.store === 'not configured');
    const stagesOk = checks.stages.every((s) => s.ok);
    if (!ok) opts.logger.warn({ checks }, 'not ready');
    else if (!stagesOk) opts.logger.warn({ stages: checks.stages.filter((s) => !s.ok) }, 'a stage is not consuming');
    return { ok, stagesOk, checks };
  };
}
