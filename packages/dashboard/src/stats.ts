import type { Queue } from 'bullmq';
import { STAGES, type QueueName } from '@newsflow/contracts';
import type { RedisConnection } from '@newsflow/core';
import type { Pipeline } from './pipeline.js';

/** What the pipeline page and `/metrics` show for one stage. */
export interface StageStats {
  stage: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  /** Jobs finished (completed) in the last 60 s. */
  throughputPerMin: number;
  /** Processing time of recently completed jobs, ms; null when none completed yet. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Paused by an operator (bull-board or `queue.pause()`): waiting jobs are expected then. */
  paused: boolean;
  /** Worker connections consuming this queue, by BullMQ worker name. */
  workers: string[];
  /** Total jobs completed and failed since the queue existed (BullMQ metrics counters). */
  completedTotal: number;
  failedTotal: number;
}

export interface StatsOptions {
  /** Read recent job durations for p50/p99 (500 small reads per stage); probes skip them. @defaultValue true */
  durations?: boolean;
}

/** Nearest-rank percentile of an unsorted sample; null for an empty sample. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Durations (finishedOn − processedOn) of the `sample` most recently completed jobs, read without payloads. */
export async function recentDurations(client: RedisConnection, queue: Queue, sample = 500): Promise<number[]> {
  const ids = await client.zrevrange(queue.keys.completed!, 0, sample - 1);
  if (ids.length === 0) return [];
  const pipe = client.pipeline();
  for (const id of ids) pipe.hmget(queue.toKey(id), 'processedOn', 'finishedOn');
  const res = (await pipe.exec()) ?? [];
  const out: number[] = [];
  for (const [err, v] of res) {
    if (err) continue;
    const [p, f] = (v as Array<string | null>).map(Number);
    if (p && f && f >= p) out.push(f - p);
  }
  return out;
}

/** Names of the workers consuming a queue: BullMQ names each worker connection `prefix:queue:w:<name>`. */
export async function liveWorkers(queue: Queue): Promise<string[]> {
  try {
    const clients = await queue.getWorkers();
    const names = new Set<string>();
    for (const c of clients) {
      const n = c.rawname ?? c.name ?? '';
      const i = n.indexOf(':w:');
      names.add(i >= 0 ? n.slice(i + 3) : n);
    }
    return [...names].sort();
  } catch {
    // CLIENT LIST can be disabled on managed Redis; the page then shows no workers rather than failing.
    return [];
  }
}

async function metricTotal(queue: Queue, type: 'completed' | 'failed'): Promise<number> {
  const m = await queue.getMetrics(type, 0, 0);
  return Number(m.meta?.count ?? 0);
}

/** Counts, rate, latency and workers of one stage. */
export async function stageStats(client: RedisConnection, queue: Queue, stage: QueueName, now = Date.now(), opts: StatsOptions = {}): Promise<StageStats> {
  const [counts, lastMinute, durations, workers, completedTotal, failedTotal, paused] = await Promise.all([
    queue.getJobCounts('waiting', 'prioritized', 'waiting-children', 'active', 'delayed', 'completed', 'failed'),
    client.zcount(queue.keys.completed!, now - 60_000, '+inf'),
    opts.durations === false ? Promise.resolve([]) : recentDurations(client, queue),
    liveWorkers(queue),
    metricTotal(queue, 'completed'),
    metricTotal(queue, 'failed'),
    queue.isPaused(),
  ]);
  return {
    stage,
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts['waiting-children'] ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    completed: counts.completed ?? 0,
    failed: counts.failed ?? 0,
    throughputPerMin: lastMinute,
    p50Ms: percentile(durations, 50),
    p99Ms: percentile(durations, 99),
    paused,
    workers,
    completedTotal: Math.max(completedTotal, counts.completed ?? 0),
    failedTotal: Math.max(failedTotal, counts.failed ?? 0),
  };
}

/** Stats for every stage, in pipeline order. */
export async function pipelineStats(p: Pipeline, now = Date.now(), opts: StatsOptions = {}): Promise<StageStats[]> {
  return Promise.all(STAGES.map((s) => stageStats(p.redis, p.queues[s], s, now, opts)));
}
