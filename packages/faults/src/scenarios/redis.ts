import type { Scenario } from '../scenario.js';
import { streamWithFault } from '../scenario.js';
import { sleep } from '../env.js';

/** redis-server killed with -9 (no AOF flush), down 10 s, then started on the same port and data. */
export const redisKill: Scenario = {
  name: 'redis-kill9',
  ci: true,
  run: (env, o) =>
    streamWithFault(env, o, async (s) => {
      const port = s.redis.port;
      s.redis.process.kill('SIGKILL');
      await new Promise((r) => (s.redis.process.exitCode !== null || s.redis.process.signalCode !== null ? r(null) : s.redis.process.once('exit', r)));
      await sleep(10_000);
      s.redis = await env.redis(port);
      return { at: Date.now() };
    }),
};

/** Redis SHUTDOWN (AOF flushed) and started again at once, mid-stream. */
export const redisRestart: Scenario = {
  name: 'redis-restart',
  ci: true,
  run: (env, o) =>
    streamWithFault(env, o, async (s) => {
      const port = s.redis.port;
      await s.redis.stop();
      s.redis = await env.redis(port);
      return { at: Date.now() };
    }),
};

/**
 * Redis full: maxmemory set to what it uses now (with noeviction every write fails with OOM) for a
 * while, then lifted. The submitter retries on 503/429 with Retry-After; a 500 is a finding.
 */
export const redisMaxmemory: Scenario = {
  name: 'redis-maxmemory',
  ci: true,
  run: (env, o) =>
    streamWithFault(env, o, async (s) => {
      const conn = s.monitor.redis();
      const used = Number(/used_memory:(\d+)/.exec(await conn.info('memory'))?.[1]);
      await conn.config('SET', 'maxmemory', String(used));
      await sleep(o.full ? 30_000 : 20_000);
      await conn.config('SET', 'maxmemory', '0');
      return { at: Date.now(), notes: [`maxmemory ${used} bytes for ${o.full ? 30 : 20} s`] };
    }),
};
