import { MetricsTime, UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { QUEUES, formatIssues, type QueueName, type QueuePayload, type TraceEntry } from '@newsflow/contracts';
import { coerceError } from './errors.js';
import { makeWorkerId } from './ids.js';
import type { Logger } from './logger.js';
import { markStored, storedKey } from './page-ledger.js';
import { createQueue } from './queues.js';
import type { RedisConnection } from './redis.js';
import type { StageDeps } from './stage-deps.js';
import { STAGE_TUNING } from './stage-tuning.js';
import { DEFAULT_PREFIX } from './prefix.js';

type NextOf<Q extends QueueName> = (typeof QUEUES)[Q]['next'];

/**
 * What `process` returns when it finds its output already forwarded by an earlier delivery of the
 * same job that did not live to complete (at-least-once): the job completes without a new forward.
 */
export const ALREADY_FORWARDED: unique symbol = Symbol('newsflow.alreadyForwarded');

/** What a stage's `process` returns: the next queue's payload without `trace` (the runtime adds it), or the job result for the last stage. */
export type StageOutput<Q extends QueueName> =
  | (NextOf<Q> extends QueueName ? Omit<QueuePayload<NextOf<Q>>, 'trace'> & { trace?: never } : unknown)
  | typeof ALREADY_FORWARDED;

/**
 * The id a job keeps in the next queue: its own, so a redelivered job forwards once. BullMQ refuses
 * integer custom ids, so a job added without an id (auto-numbered) gets one derived from its queue.
 */
export function forwardJobId(queue: string, id: string | undefined): string {
  if (!id) throw new Error('job without id');
  return /^\d+$/.test(id) ? `${queue}-${id}` : id;
}

export interface StageContext {
  job: Job;
  logger: Logger;
  workerId: string;
  /** 1 on the first try. */
  attempt: number;
  now(): Date;
  /** This stage's trace entry, finished now. The last stage uses it to store a complete trace. */
  traceEntry(): TraceEntry;
  /** Record a note in this stage's trace entry (the last call wins), e.g. why it produced nothing. */
  note(text: string): void;
  /** The connection jobs are forwarded on (worker role: waits for Redis), for a stage's own keys. */
  redis: RedisConnection;
  /** True when this job's successor is already in the next queue, or its page is already stored. */
  alreadyForwarded(): Promise<boolean>;
}

/** A stage factory's `StageDeps` plus what only the runtime needs. */
export interface StageWorkerOptions<Q extends QueueName> extends StageDeps {
  /** The queue (and stage) this worker consumes. */
  stage: Q;
  /** Code version recorded in the trace. */
  version: string;
  process(input: QueuePayload<Q>, ctx: StageContext): Promise<StageOutput<Q>>;
  /**
   * Runs once the output is in the next queue (not after ALREADY_FORWARDED): parse deletes the page
   * body there. Its failure is logged, never fails the job: the forward already happened.
   */
  afterForward?(input: QueuePayload<Q>, ctx: StageContext): Promise<void>;
  /** @defaultValue `host:pid:stage:n` */
  workerId?: string;
  /** Overrides `tuning.lockDurationMs`. */
  lockDuration?: number;
  /** Overrides `tuning.stalledIntervalMs`. */
  stalledInterval?: number;
  /** Overrides `tuning.maxStalledCount`. */
  maxStalledCount?: number;
}

export interface StageWorker {
  readonly stage: QueueName;
  readonly workerId: string;
  readonly worker: Worker;
  /** True once `close()` has returned. */
  isClosed(): boolean;
  /** Finish active jobs and stop; after `timeoutMs` give up on them (they return to the queue as stalled). */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * The runtime every stage uses. It validates input on receipt (a bad payload fails unrecoverably
 * with the zod issues as its reason), runs the stage, appends a trace entry, validates the output
 * against the next queue's schema, and forwards it under the same job id, so a redelivered job
 * forwards once: BullMQ delivery is at-least-once.
 */
export function createStageWorker<Q extends QueueName>(opts: StageWorkerOptions<Q>): StageWorker {
  const spec = QUEUES[opts.stage];
  const clock = opts.clock ?? (() => new Date());
  const workerId = opts.workerId ?? makeWorkerId(opts.stage);
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const log = opts.logger.child({ stage: opts.stage, queue: spec.name, workerId });
  const nextName = spec.next as QueueName | null;
  let next: Queue | null = null;
  const nextQueue = (): Queue => {
    next ??= createQueue(nextName!, { connection: opts.forwardConnection ?? opts.connection, prefix });
    return next;
  };

  const processor = async (job: Job): Promise<unknown> => {
    const started = clock();
    const attempt = job.attemptsMade + 1;
    const parsed = spec.schema.safeParse(job.data);
    if (!parsed.success) {
      const reason = `VALIDATION_FAILED: ${spec.name} payload: ${formatIssues(parsed.error)}`;
      log.warn({ jobId: job.id, reason }, 'rejected invalid payload');
      throw new UnrecoverableError(reason);
    }
    const input = parsed.data as QueuePayload<Q> & { trace: TraceEntry[]; id?: string };
    const articleId = typeof input.id === 'string' ? input.id : undefined;
    const jlog = log.child({ jobId: job.id, ...(articleId ? { articleId } : {}) });
    let note: string | undefined;
    const traceEntry = (): TraceEntry => {
      const finished = clock();
      return {
        stage: opts.stage,
        version: opts.version,
        workerId,
        attempts: attempt,
        startedAt: started.toISOString(),
        finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime(),
        ...(note ? { note } : {}),
      };
    };
    const redis = opts.forwardConnection ?? opts.connection;
    const alreadyForwarded = async (): Promise<boolean> => {
      const keys = [storedKey(prefix, job.id!)];
      if (nextName) keys.push(nextQueue().toKey(forwardJobId(spec.name, job.id)));
      return (await redis.exists(...keys)) > 0;
    };
    const setNote = (text: string): void => {
      note = text.length > 500 ? `${text.slice(0, 499)}…` : text || undefined;
    };
    const ctx: StageContext = { job, logger: jlog, workerId, attempt, now: clock, traceEntry, note: setNote, redis, alreadyForwarded };
    let output: unknown;
    try {
      output = await opts.process(input, ctx);
    } catch (err) {
      const e = coerceError(err);
      if (!e.retryable) {
        jlog.warn({ code: e.code, err: e.message }, 'failed, not retrying');
        throw new UnrecoverableError(`${e.code}: ${e.message}`);
      }
      jlog.warn({ code: e.code, err: e.message, attempt }, 'failed, will retry');
      // The code leads the failure reason, as for unrecoverable errors, so dashboards group by it.
      throw new Error(`${e.code}: ${e.message}`, { cause: e });
    }
    if (output === ALREADY_FORWARDED) {
      jlog.info({ next: nextName }, 'already forwarded by an earlier delivery; completing');
      return { forwardedTo: nextName, alreadyForwarded: true };
    }
    if (!nextName) {
      // The ledger outlives the completed job (retention removes it within the hour).
      const stored = (output as { articleId?: unknown } | null)?.articleId;
      if (typeof stored === 'string' && job.id) await markStored(redis, prefix, job.id, stored);
      return output ?? null;
    }

    const payload = { ...(output as object), trace: [...input.trace, traceEntry()] };
    const checked = QUEUES[nextName].schema.safeParse(payload);
    if (!checked.success) {
      const reason = `OUTPUT_INVALID: ${opts.stage} produced an invalid ${nextName} payload: ${formatIssues(checked.error)}`;
      jlog.error({ reason }, 'stage output failed validation');
      throw new UnrecoverableError(reason);
    }
    try {
      await nextQueue().add(nextName, checked.data, { jobId: forwardJobId(spec.name, job.id) });
    } catch (err) {
      // Redis unreachable or refusing writes: the job is retried with backoff and forwards once.
      // A BullMQ Queue whose first connection attempt failed keeps that failure forever, so the
      // next attempt builds a fresh one.
      const stale = next;
      next = null;
      void stale?.close().catch(() => undefined);
      jlog.warn({ err: (err as Error).message, attempt }, `could not forward to ${nextName}; will retry`);
      throw new Error(`FORWARD_FAILED: could not forward to ${nextName}: ${(err as Error).message}`, { cause: err });
    }
    if (opts.afterForward) {
      await opts.afterForward(input, ctx).catch((err: unknown) => jlog.warn({ err: (err as Error).message }, 'after-forward step failed; the forward stands'));
    }
    const outId = (checked.data as { id?: string }).id;
    return { forwardedTo: nextName, ...(outId ? { articleId: outId } : {}) };
  };

  // A connection of its own, so a close that times out can cut it: lock renewal stops and the hung
  // job is handed to another worker as stalled, without touching connections others share.
  const own = opts.connection.duplicate();
  const defaults = STAGE_TUNING[opts.stage];
  own.on('error', (err) => log.debug({ err: err.message }, 'worker connection error'));
  const worker = new Worker(spec.name, processor, {
    connection: own,
    prefix,
    concurrency: opts.concurrency ?? 4,
    lockDuration: opts.lockDuration ?? opts.tuning?.lockDurationMs ?? defaults.lockDurationMs,
    stalledInterval: opts.stalledInterval ?? opts.tuning?.stalledIntervalMs ?? defaults.stalledIntervalMs,
    maxStalledCount: opts.maxStalledCount ?? opts.tuning?.maxStalledCount ?? defaults.maxStalledCount,
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    name: workerId,
  });
  worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
  worker.on('failed', (job, err) => {
    if (!job) return;
    const durationMs = job.processedOn ? Date.now() - job.processedOn : 0;
    opts.onJobDone?.({ stage: opts.stage, ok: false, durationMs, reason: err.message });
  });
  worker.on('completed', (job) => {
    const durationMs = job.processedOn && job.finishedOn ? job.finishedOn - job.processedOn : 0;
    opts.onJobDone?.({ stage: opts.stage, ok: true, durationMs });
  });
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'job stalled; it will be retried'));

  let closing: Promise<void> | undefined;
  let closed = false;
  return {
    stage: opts.stage,
    workerId,
    worker,
    isClosed: () => closed,
    close(timeoutMs = 15_000) {
      closing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
        const res = await Promise.race([worker.close().then(() => 'closed' as const), timedOut]);
        clearTimeout(timer);
        if (res === 'timeout') {
          // BullMQ cannot force a close that is already waiting for jobs; cutting the connection
          // stops lock renewal, so the unfinished jobs stall and another worker retries them.
          log.warn({ timeoutMs, active: (worker as unknown as { running?: boolean }).running }, 'active jobs did not finish in time; abandoning them to be retried');
          own.disconnect();
        } else {
          await own.quit().catch(() => own.disconnect());
        }
        await next?.close().catch(() => undefined);
        closed = true;
      })();
      return closing;
    },
  };
}
