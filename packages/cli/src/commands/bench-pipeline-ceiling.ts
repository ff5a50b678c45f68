import { MetricsTime, Worker, type Job } from 'bullmq';
import { QUEUES, STAGES, type StageName } from '@newsflow/contracts';
import { STAGE_TUNING, closeQueues, closeRedis, createQueues, createRedis, waitForRedis } from '@newsflow/core';
import { DEFAULT_CONCURRENCY } from '../stages.js';
import { redisCpuMs, type HopSizes } from './bench-pipeline-stages.js';

/** The same five hops on plain BullMQ, with processors that do nothing but forward. */
export interface CeilingReport {
  articles: number;
  seconds: number;
  articlesPerSecond: number;
  /** This process (producer + the five workers, like one `newsflow start`) and redis-server. */
  cpuMsPerArticle: { node: number; redis: number; total: number };
}

/** A payload of `size` JSON bytes: `{"i":…,"pad":"xxx…"}`. */
function payload(i: number, size: number): { i: number; pad: string } {
  const bare = JSON.stringify({ i, pad: '' }).length;
  return { i, pad: 'x'.repeat(Math.max(0, size - bare)) };
}

/**
 * What BullMQ and Redis cost alone: `articles` jobs added to `ingest` in batches of `batch`
 * (addBulk, as the API does, after one pipeline writing their page bodies; the parse hop reads its
 * body and deletes it after forwarding, as the parse stage does), each hop's worker forwarding a payload of the size the real stage
 * output has for that page to the next queue under the same job id, the last one completing.
 * Queues use the catalog's job options (retention), workers the concurrency, lock and metrics
 * settings of the stage runtime, connections the `worker` role of core; one forwarding
 * connection, one of its own per worker, as in `newsflow start`. Time runs from the first add to
 * the last completion; CPU is this process's and redis-server's (INFO cpu) over that window.
 */
export async function runCeiling(o: { redisUrl: string; sizes: HopSizes; batch: number; run: string }): Promise<CeilingReport> {
  const articles = o.sizes.ingest.length;
  const prefix = `{bench-ceiling-${o.run}}`;
  const conn = createRedis({ url: o.redisUrl }, 'worker');
  conn.on('error', () => undefined);
  await waitForRedis(conn, 10_000);
  const queues = createQueues({ connection: conn, prefix });
  const bodyKey = (i: number) => `${prefix}:body:${i}`;
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => (finish = r));
  const owns = STAGES.map(() => conn.duplicate());
  const workers = STAGES.map((stage: StageName, s) => {
    const next = QUEUES[stage].next;
    const own = owns[s]!;
    own.on('error', () => undefined);
    const w = new Worker(
      stage,
      async (job: Job<{ i: number }>) => {
        if (!next) return null;
        // parse reads the page body, kept beside the jobs, and deletes it once it has forwarded.
        const body = stage === 'parse' ? await conn.get(bodyKey(job.data.i)) : null;
        await queues[next].add(next, payload(job.data.i, o.sizes[next][job.data.i] ?? 0), { jobId: job.id });
        if (body !== null) await conn.del(bodyKey(job.data.i));
        return { forwardedTo: next };
      },
      {
        connection: own,
        prefix,
        concurrency: DEFAULT_CONCURRENCY[stage],
        lockDuration: STAGE_TUNING[stage].lockDurationMs,
        stalledInterval: STAGE_TUNING[stage].stalledIntervalMs,
        maxStalledCount: STAGE_TUNING[stage].maxStalledCount,
        metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
      },
    );
    w.on('error', () => undefined);
    if (!next) w.on('completed', () => ++done === articles && finish());
    return w;
  });
  try {
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    const redis0 = await redisCpuMs(conn);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < articles; i += o.batch) {
      const ids = Array.from({ length: Math.min(o.batch, articles - i) }, (_, k) => i + k);
      const bodies = conn.pipeline();
      for (const k of ids) bodies.set(bodyKey(k), 'x'.repeat(o.sizes.body[k] ?? 0), 'EX', 3600);
      await bodies.exec();
      await queues.ingest.addBulk(ids.map((k) => ({ name: 'page', data: payload(k, o.sizes.ingest[k]!), opts: { jobId: `page-${o.run}-${k}` } })));
    }
    await finished;
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(cpu0);
    const node = (c.user + c.system) / 1000 / articles;
    const redis = ((await redisCpuMs(conn)) - redis0) / articles;
    const r = (x: number) => Math.round(x * 1000) / 1000;
    return { articles, seconds: r(seconds), articlesPerSecond: Math.round((articles / seconds) * 10) / 10, cpuMsPerArticle: { node: r(node), redis: r(redis), total: r(node + redis) } };
  } finally {
    await Promise.all(workers.map((w) => w.close().catch(() => undefined)));
    await closeQueues(queues);
    await Promise.all([...owns, conn].map((c) => closeRedis(c)));
  }
}
