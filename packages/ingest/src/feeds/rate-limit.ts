import type { RedisConnection } from '@newsflow/core';

/** Spaces requests to one host at least `intervalMs` apart. */
export interface HostRateLimiter {
  acquire(host: string, intervalMs: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** In-process spacing, for a single crawler (the CLI's `--urls`). */
export function memoryRateLimiter(): HostRateLimiter {
  const next = new Map<string, number>();
  return {
    async acquire(host, intervalMs) {
      const now = Date.now();
      const at = Math.max(now, next.get(host) ?? 0);
      next.set(host, at + intervalMs);
      if (at > now) await sleep(at - now);
    },
  };
}

/**
 * Spacing shared by every feed worker on one Redis: a host's slot is a key that lives `intervalMs`;
 * whoever sets it (SET NX PX) may fetch, the others wait for its TTL.
 */
export function redisRateLimiter(conn: RedisConnection, prefix: string): HostRateLimiter {
  return {
    async acquire(host, intervalMs) {
      if (intervalMs <= 0) return;
      const key = `${prefix}:feeds:host:${host}`;
      for (;;) {
        if ((await conn.set(key, '1', 'PX', intervalMs, 'NX')) === 'OK') return;
        const ttl = await conn.pttl(key);
        // Re-check at least twice a second: the slot may be freed early (a host removed, an operator reset).
        await sleep(Math.max(5, Math.min(ttl > 0 ? ttl : 5, 500)));
      }
    },
  };
}
