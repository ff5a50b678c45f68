import { QueueEvents } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { STAGES } from '@newsflow/contracts';
import { closeRedis } from '@newsflow/core';
import { reasonCode } from './jobs.js';
import { blockingDuplicate, settleWithin, type Pipeline } from './pipeline.js';
import type { DashboardStore } from './store.js';

/** The event `StageDeps.onJobDone` carries. */
export interface JobDoneEvent {
  stage: string;
  ok: boolean;
  durationMs: number;
  reason?: string;
}

export interface Metrics {
  registry: Registry;
  /** Pass as `StageDeps.onJobDone` to every worker in this process. */
  onJobDone(e: JobDoneEvent): void;
  /**
   * Add gauges read from Redis and the store at scrape time (queue depths, articles stored).
   * Called by `createDashboardApp`; once per registry. Returns a function that stops observing.
   */
  observe(source: { pipeline: Pipeline; store?: DashboardStore }): () => Promise<void>;
}

export interface MetricsOptions {
  /** Also export Node.js process metrics (CPU, memory, event loop lag). @defaultValue true */
  processMetrics?: boolean;
  /** Histogram buckets for stage time, seconds. @defaultValue 1 ms … 60 s */
  buckets?: number[];
}

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

/** A Prometheus registry with newsflow's pipeline metrics. */
export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'newsflow_' });
  const duration = new Histogram({
    name: 'newsflow_job_duration_seconds',
    help: 'Time a stage spent on a job, by stage and outcome (ok/failed), in this process and the stage processes it runs',
    labelNames: ['stage', 'outcome'] as const,
    buckets: opts.buckets ?? [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'newsflow_job_failures_total',
    help: 'Failed job attempts in this process, by stage and reason code (VALIDATION_FAILED, ECONNRESET, …)',
    labelNames: ['stage', 'reason'] as const,
    registers: [registry],
  });
  let observed = false;

  return {
    registry,
    onJobDone(e) {
      duration.labels(e.stage, e.ok ? 'ok' : 'failed').observe(Math.max(0, e.durationMs) / 1000);
      if (!e.ok) failures.labels(e.stage, reasonCode(e.reason ?? '')).inc();
    },
    observe({ pipeline, store }) {
      const { queues } = pipeline;
      if (observed) return async () => undefined;
      observed = true;
      new Gauge({
        name: 'newsflow_queue_jobs',
        help: 'Jobs in each pipeline queue by state (from Redis, fleet-wide)',
        labelNames: ['queue', 'state'] as const,
        registers: [registry],
        async collect() {
          const all = await Promise.all(STAGES.map(async (s) => [s, await queues[s].getJobCounts(...STATES)] as const));
          for (const [s, counts] of all) for (const st of STATES) this.labels(s, st).set(counts[st] ?? 0);
        },
      });
      // A counter (it only grows, as BullMQ keeps it), so rate() and increase() read it as one; its
      // value is BullMQ's fleet-wide count, read at each scrape.
      new Counter({
        name: 'newsflow_queue_processed_total',
        help: 'Jobs finished by each stage since the queue was created, fleet-wide (BullMQ metrics), by outcome',
        labelNames: ['queue', 'outcome'] as const,
        registers: [registry],
        async collect() {
          const counts = await Promise.all(
            STAGES.flatMap((s) => (['completed', 'failed'] as const).map(async (t) => [s, t, Number((await queues[s].getMetrics(t, 0, 0)).meta?.count ?? 0)] as const)),
          );
          this.reset();
          for (const [s, t, n] of counts) this.labels(s, t).inc(n);
        },
      });
      new Gauge({
        name: 'newsflow_failed_jobs_by_reason',
        help: 'Failed jobs kept in Redis (the 1000 newest per queue), by queue and reason code',
        labelNames: ['queue', 'reason'] as const,
        registers: [registry],
        async collect() {
          this.reset();
          await Promise.all(
            STAGES.map(async (s) => {
              const q = queues[s];
              const client = pipeline.redis;
              const ids = await client.zrevrange(q.keys.failed!, 0, 999);
              if (!ids.length) return;
              const pipe = client.pipeline();
              for (const id of ids) pipe.hget(q.toKey(id), 'failedReason');
              const res = (await pipe.exec()) ?? [];
              const byCode = new Map<string, number>();
              for (const [, v] of res) {
                const code = reasonCode(String(v ?? ''));
                byCode.set(code, (byCode.get(code) ?? 0) + 1);
              }
              for (const [code, n] of byCode) this.labels(s, code).set(n);
            }),
          );
        },
      });
      if (store) {
        new Gauge({
          name: 'newsflow_articles',
          help: 'Articles in the store: all stored, and duplicates of another article',
          labelNames: ['kind'] as const,
          registers: [registry],
          async collect() {
            const [all, canonical] = await Promise.all([store.count(), store.count({ canonicalOnly: true })]);
            this.labels('stored').set(all);
            this.labels('duplicates').set(all - canonical);
          },
        });
      }
      // What each sink write did, fleet-wide, from the sink queue's completion events: new
      // articles, duplicates, new versions, redeliveries that changed nothing.
      let events: QueueEvents | undefined;
      const eventsConn = blockingDuplicate(pipeline.redis);
      eventsConn.on('error', () => undefined);
      // Start reading at the stream's current end, so every completion after this point is counted
      // (and a scrape can wait for that point to be fixed).
      const started = (async () => {
        const last = (await pipeline.redis.xrevrange(pipeline.queues.sink.keys.events!, '+', '-', 'COUNT', 1).catch(() => []))[0]?.[0];
        events = new QueueEvents('sink', { connection: eventsConn, prefix: pipeline.prefix, lastEventId: last ?? '0-0' });
        events.on('error', () => undefined);
        events.on('completed', ({ returnvalue }) => {
          const outcome = (returnvalue as { outcome?: unknown } | null)?.outcome;
          if (typeof outcome === 'string' && /^[a-z-]{1,20}$/.test(outcome)) writes.labels(outcome).inc();
        });
      })();
      const writes = new Counter({
        name: 'newsflow_sink_writes_total',
        help: 'Sink writes seen since this process started, by outcome (inserted, duplicate, new-version, unchanged, reprocessed, stale)',
        labelNames: ['outcome'] as const,
        registers: [registry],
        async collect() {
          await started;
        },
      });
      return async () => {
        // Bounded: with Redis gone, a graceful close would wait for a reconnect that never comes.
        await settleWithin(started, 1_000);
        await settleWithin(events?.close() ?? Promise.resolve(), 1_000);
        await settleWithin(closeRedis(eventsConn), 1_000);
        eventsConn.disconnect();
      };
    },
  };
}
