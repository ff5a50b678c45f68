import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, inject } from 'vitest';
import type { Queue } from 'bullmq';
import type { QueueName } from '@newsflow/contracts';
import { createQueues, createRedis, silentLogger, type Logger, type RedisConnection, type StageWorker } from '@newsflow/core';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    postgresUrl: string;
  }
}

/** URL of the Redis the global setup started for this test run. */
export function testRedisUrl(): string {
  const url = inject('redisUrl');
  if (!url) throw new Error('no test Redis: is packages/testing/src/global-setup.ts in vitest globalSetup?');
  return url;
}

/** URL of the PostgreSQL maintenance database the global setup started. */
export function testPostgresUrl(): string {
  const url = inject('postgresUrl');
  if (!url) throw new Error('no test PostgreSQL: is packages/testing/src/global-setup.ts in vitest globalSetup?');
  return url;
}

/** A queue prefix no other test uses; braces keep it a Redis Cluster hash tag. */
export function uniquePrefix(): string {
  return `{t${randomBytes(5).toString('hex')}}`;
}

interface Closeable {
  close(): Promise<unknown>;
}

/**
 * Per-test resources on the shared Redis: a fresh prefix, tracked connections, queues and workers.
 * After each test everything is closed, and a worker the test left running fails the test.
 */
export class Harness {
  readonly prefix = uniquePrefix();
  readonly redisUrl: string;
  readonly logger: Logger = silentLogger();
  private readonly conns: RedisConnection[] = [];
  private readonly workers: StageWorker[] = [];
  private readonly closeables: Closeable[] = [];
  private queuesCache?: Record<QueueName, Queue>;

  constructor(redisUrl = testRedisUrl()) {
    this.redisUrl = redisUrl;
  }

  connection(role: 'worker' | 'producer' = 'worker'): RedisConnection {
    const c = createRedis({ url: this.redisUrl }, role);
    c.on('error', () => undefined);
    this.conns.push(c);
    return c;
  }

  queues(): Record<QueueName, Queue> {
    this.queuesCache ??= createQueues({ connection: this.connection('worker'), prefix: this.prefix });
    return this.queuesCache;
  }

  /** Track a stage worker; the test must close it (afterEach fails otherwise). */
  worker<W extends StageWorker>(w: W): W {
    this.workers.push(w);
    return w;
  }

  /** Close this on cleanup (servers, stores…). */
  defer<C extends Closeable>(c: C): C {
    this.closeables.push(c);
    return c;
  }

  async cleanup(): Promise<string[]> {
    const leaked = this.workers.filter((w) => !w.isClosed()).map((w) => w.workerId);
    await Promise.all(this.workers.map((w) => w.close(2_000).catch(() => undefined)));
    for (const c of this.closeables.reverse()) await c.close().catch(() => undefined);
    if (this.queuesCache) await Promise.all(Object.values(this.queuesCache).map((q) => q.close().catch(() => undefined)));
    await Promise.all(this.conns.map((c) => c.quit().catch(() => c.disconnect())));
    return leaked;
  }
}

/**
 * Use in a describe block: `const h = useHarness();` then `h().connection()` inside tests.
 * Fails a test that leaves a worker running.
 */
export function useHarness(): () => Harness {
  let current: Harness | undefined;
  beforeEach(() => {
    current = new Harness();
  });
  afterEach(async () => {
    const leaked = (await current?.cleanup()) ?? [];
    current = undefined;
    if (leaked.length) throw new Error(`test leaked running workers: ${leaked.join(', ')} (close them in the test)`);
  });
  return () => {
    if (!current) throw new Error('useHarness() value used outside a test');
    return current;
  };
}

/** Resolve when `predicate` is true, polling; reject with `what` after `timeoutMs`. For state that has no event. */
export async function eventually<T>(predicate: () => Promise<T | false | undefined | null> | T | false | undefined | null, what: string, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await predicate();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
