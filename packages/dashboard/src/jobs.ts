import type { Queue } from 'bullmq';
import { STAGES, type QueueName } from '@newsflow/contracts';
import type { Pipeline } from './pipeline.js';
import { AppError, ValidationError, type RedisConnection } from '@newsflow/core';

/** A failed job as operators see it: where it came from and why it failed, without the page body. */
export interface FailedJobSummary {
  stage: QueueName;
  id: string;
  name: string;
  /** The page or article URL, when the payload is small enough to read cheaply. */
  url: string | null;
  reason: string;
  /** Stable code at the start of the reason (`VALIDATION_FAILED: …`), else `ERROR`. */
  code: string;
  /** Times a worker started this job (a job failed as unrecoverable on its first try shows 1). */
  attemptsMade: number;
  failedAt: string | null;
  enqueuedAt: string | null;
}

export interface FailedJobDetail extends FailedJobSummary {
  stacktrace: string[];
  data: unknown;
}

/** Payloads bigger than this are not fetched for a list: a failed page can be megabytes of HTML. */
const MAX_DATA_BYTES_IN_LIST = 32 * 1024;

/** The code a failure reason starts with: stage runtime writes `CODE: message`. */
export function reasonCode(reason: string): string {
  const m = /^([A-Z][A-Z0-9_]{2,63}):/.exec(reason);
  return m ? m[1]! : 'ERROR';
}

/** Validate a `--stage` value or query parameter. */
export function parseStage(value: string | undefined, field = 'stage'): QueueName | undefined {
  if (value === undefined || value === '') return undefined;
  if ((STAGES as readonly string[]).includes(value)) return value as QueueName;
  throw new ValidationError(`${field}: unknown stage "${value}"; expected one of ${STAGES.join(', ')}`);
}

function urlOf(data: unknown): string | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as { url?: unknown; canonicalUrl?: unknown; page?: { url?: unknown } };
  for (const v of [d.url, d.page?.url, d.canonicalUrl]) if (typeof v === 'string') return v;
  return null;
}

const iso = (ms: string | null | undefined): string | null => (ms && Number(ms) > 0 ? new Date(Number(ms)).toISOString() : null);

/** Up to `limit` most recently failed jobs of one queue, newest first, read field by field (no payload). */
export async function listFailedJobs(client: RedisConnection, queue: Queue, stage: QueueName, limit = 50): Promise<FailedJobSummary[]> {
  const ids = await client.zrevrange(queue.keys.failed!, 0, Math.max(0, limit - 1));
  if (ids.length === 0) return [];
  const pipe = client.pipeline();
  for (const id of ids) pipe.hmget(queue.toKey(id), 'name', 'failedReason', 'atm', 'finishedOn', 'timestamp', 'ats');
  const res = (await pipe.exec()) ?? [];
  const out: FailedJobSummary[] = [];
  ids.forEach((id: string, i: number) => {
    const fields = (res[i]?.[1] ?? []) as Array<string | null>;
    if (fields.every((f) => f === null)) return; // removed between ZREVRANGE and HMGET
    const reason = fields[1] ?? '';
    out.push({
      stage,
      id,
      name: fields[0] ?? '',
      url: null,
      reason,
      code: reasonCode(reason),
      attemptsMade: Math.max(Number(fields[2] ?? 0), Number(fields[5] ?? 0)),
      failedAt: iso(fields[3]),
      enqueuedAt: iso(fields[4]),
    });
  });
  return out;
}

/** Fill in `url` from the payloads of these jobs, skipping payloads too big to fetch for a list. */
async function attachUrls(p: Pipeline, items: FailedJobSummary[]): Promise<void> {
  if (items.length === 0) return;
  const keyOf = (f: FailedJobSummary) => p.queues[f.stage].toKey(f.id);
  const sizes = p.redis.pipeline();
  for (const f of items) sizes.hstrlen(keyOf(f), 'data');
  const small = ((await sizes.exec()) ?? []).flatMap(([, n], i) => (Number(n) > 0 && Number(n) <= MAX_DATA_BYTES_IN_LIST ? [items[i]!] : []));
  if (small.length === 0) return;
  const datas = p.redis.pipeline();
  for (const f of small) datas.hget(keyOf(f), 'data');
  ((await datas.exec()) ?? []).forEach(([, raw], i) => {
    try {
      small[i]!.url = urlOf(JSON.parse(String(raw ?? 'null')));
    } catch {
      // a payload that is not JSON has no URL to show
    }
  });
}

/** Failed jobs across stages (or one), newest first. */
export async function listFailed(p: Pipeline, opts: { stage?: QueueName; limit?: number; code?: string } = {}): Promise<FailedJobSummary[]> {
  const limit = opts.limit ?? 50;
  const stages = opts.stage ? [opts.stage] : [...STAGES];
  // With a code filter, look further back so `limit` matching jobs can still be found.
  const scan = opts.code ? Math.max(limit, 1000) : limit;
  const lists = await Promise.all(stages.map((s) => listFailedJobs(p.redis, p.queues[s], s, scan)));
  const items = lists
    .flat()
    .filter((f) => !opts.code || f.code === opts.code)
    .sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''))
    .slice(0, limit);
  await attachUrls(p, items);
  return items;
}

async function findFailed({ queues }: Pipeline, id: string, stage?: QueueName) {
  for (const s of stage ? [stage] : [...STAGES].reverse()) {
    const job = await queues[s].getJob(id);
    if (job && (await job.getState()) === 'failed') return { stage: s, job };
  }
  throw new AppError('NOT_FOUND', `no failed job "${id}"${stage ? ` in stage ${stage}` : ''}`);
}

/** One failed job with its payload and stack trace. Throws AppError NOT_FOUND. */
export async function showFailed(p: Pipeline, id: string, stage?: QueueName): Promise<FailedJobDetail> {
  const { stage: s, job } = await findFailed(p, id, stage);
  const reason = job.failedReason ?? '';
  return {
    stage: s,
    id: String(job.id),
    name: job.name,
    url: urlOf(job.data),
    reason,
    code: reasonCode(reason),
    attemptsMade: Math.max(job.attemptsMade, job.attemptsStarted ?? 0),
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    enqueuedAt: job.timestamp ? new Date(job.timestamp).toISOString() : null,
    stacktrace: job.stacktrace ?? [],
    data: job.data,
  };
}

/** Move failed jobs back to waiting: one by id, or all of a stage (or all stages). Returns how many. */
export async function retryFailed(p: Pipeline, opts: { id?: string; stage?: QueueName }): Promise<number> {
  if (opts.id) {
    const { job } = await findFailed(p, opts.id, opts.stage);
    await job.retry('failed');
    return 1;
  }
  let n = 0;
  for (const s of opts.stage ? [opts.stage] : STAGES) {
    const count = await p.queues[s].getFailedCount();
    if (count === 0) continue;
    await p.queues[s].retryJobs({ state: 'failed', count: 1000 });
    n += count;
  }
  return n;
}

/** Delete failed jobs of a stage (or all stages). Returns how many were removed. */
export async function purgeFailed(p: Pipeline, opts: { stage?: QueueName } = {}): Promise<number> {
  let n = 0;
  for (const s of opts.stage ? [opts.stage] : STAGES) {
    for (;;) {
      const removed = await p.queues[s].clean(0, 1000, 'failed');
      n += removed.length;
      if (removed.length < 1000) break;
    }
  }
  return n;
}
