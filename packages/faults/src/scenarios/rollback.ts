import { existsSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../scenario.js';
import { streamWithFault } from '../scenario.js';
import { sleep, type Env } from '../env.js';

/** The incr file of the multi-part AOF that takes new writes (the last `type i` in the manifest). */
function incrAof(env: Env): string | null {
  const dir = join(env.dir, 'redis', 'appendonlydir');
  const manifest = join(dir, 'appendonly.aof.manifest');
  if (!existsSync(manifest)) return null;
  const incr = readFileSync(manifest, 'utf8')
    .split('\n')
    .filter((l) => / type i\b/.test(l))
    .map((l) => /^file (\S+)/.exec(l)?.[1])
    .filter((f): f is string => Boolean(f));
  return incr.length ? join(dir, incr[incr.length - 1]!) : null;
}

function sizeOf(path: string | null): number {
  return path && existsSync(path) ? statSync(path).size : 0;
}

/**
 * A machine crash: Redis dies and its AOF loses its tail. `ack`: submitting stops, the workers run
 * 1 s more, and the AOF is cut back to its size at the last acknowledged page (nothing acknowledged
 * may be lost: pages whose later progress was rolled back must be redone). `1s`: killed right after
 * the last acknowledgement and cut back to one second before the kill, which `appendfsync everysec`
 * allows to lose (reported, not failing).
 */
function rollback(cut: 'ack' | '1s'): Scenario {
  return {
    name: cut === 'ack' ? 'redis-rollback' : 'redis-rollback-1s',
    ci: true,
    informational: cut === '1s',
    run: (env, o) => {
      let atLastAck = 0;
      const samples: Array<{ t: number; size: number }> = [];
      const sampler = setInterval(() => samples.push({ t: Date.now(), size: sizeOf(incrAof(env)) }), 50);
      return streamWithFault(
        env,
        o,
        async (s) => {
          s.submitter.stop();
          // The harsh cut kills at once, so the last second holds acknowledgements it may lose.
          if (cut === 'ack') await sleep(1_000);
          const file = incrAof(env);
          if (!file) throw new Error(`no incr AOF under ${env.dir}/redis/appendonlydir`);
          const port = s.redis.port;
          const killAt = Date.now();
          clearInterval(sampler);
          s.redis.process.kill('SIGKILL');
          await new Promise((r) => s.redis.process.once('exit', r));
          const before = statSync(file).size;
          let size = atLastAck;
          const notes: string[] = [];
          if (cut === '1s') {
            const sample = [...samples].reverse().find((x) => x.t <= killAt - 1_000) ?? { t: 0, size: 0 };
            size = sample.size;
            const late = s.submitter.acks.filter((a) => a.at > sample.t).length;
            notes.push(`${late} page(s) acknowledged in the last second before the kill (appendfsync everysec may lose them); compare with lost`);
          }
          truncateSync(file, size);
          notes.push(`incr AOF cut from ${before} to ${size} bytes (${before - size} bytes of progress rolled back)`);
          s.redis = await env.redis(port);
          return { at: Date.now(), notes };
        },
        // Unpaced, so a backlog is mid-pipeline when Redis dies.
        { faultAfter: 1, submitter: { paceMs: 0, onAck: () => (atLastAck = sizeOf(incrAof(env))) } },
      ).finally(() => clearInterval(sampler));
    },
  };
}

export const rollbackScenarios: Scenario[] = [rollback('ack'), rollback('1s')];
