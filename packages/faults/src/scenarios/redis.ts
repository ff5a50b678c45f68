import type { FaultMark, Scenario, Stream } from '../scenario.js';
import { streamWithFault } from '../scenario.js';
import { sleep, type Env } from '../env.js';

async function killRedisFor(env: Env, s: Stream, downMs: number): Promise<FaultMark> {
  const port = s.redis.port;
  s.redis.process.kill('SIGKILL');
  await new Promise((r) => (s.redis.process.exitCode !== null || s.redis.process.signalCode !== null ? r(null) : s.redis.process.once('exit', r)));
  await sleep(downMs);
  s.redis = await env.redis(port);
  return { at: Date.now() };
}

/** redis-server killed with -9 (no AOF flush), down 10 s, then started on the same port and data. */
export const redisKill: Scenario = {
  name: 'redis-kill9',
  ci: true,
  run: (env, o) => streamWithFault(env, o, (s) => killRedisFor(env, s, 10_000)),
};

/**
 * The same outage while entity works on its very first job (nothing forwarded to dedupe yet), so
 * its first forward meets the outage: the stage must still recover once Redis is back. A page
 * failed by a 10 s outage is a defect here, not an acceptable outcome (8 attempts span minutes).
 */
export const redisKillEarly: Scenario = {
  name: 'redis-kill9-early',
  ci: true,
  run: (env, o) =>
    streamWithFault(env, o, async (s) => {
      const entity = s.monitor.queues.entity;
      const dedupe = s.monitor.queues.dedupe;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const [a, d] = await Promise.all([entity.getActiveCount(), dedupe.getJobCounts('waiting', 'active', 'completed')]);
        if (a > 0 && Object.values(d).every((n) => n === 0)) break;
        await sleep(5);
      }
      // Hold every command for a moment first, so entity's first forward (its queue's set-up
      // included) is in flight when Redis dies, as on a loaded machine, instead of a few-ms race.
      await s.monitor.redis().call('CLIENT', 'PAUSE', '3000', 'ALL');
      await sleep(2_000);
      return killRedisFor(env, s, 10_000);
    }, {
      whenFlowing: false,
      faultAfter: 0.01,
      after: async (_s, out) => {
        if (out.counts?.failed) out.problems.push(`${out.counts.failed} page(s) failed after a 10 s Redis outage; none should`);
      },
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
