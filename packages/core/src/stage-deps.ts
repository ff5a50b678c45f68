import type { Logger } from './logger.js';
import type { RedisConnection } from './redis.js';
import type { StageTuning } from './stage-tuning.js';

/**
 * What every `create<Stage>Worker(deps)` factory takes. Built by an entry point (`main.ts` or the
 * CLI), never at import time.
 */
export interface StageDeps {
  /** Worker connection (`maxRetriesPerRequest: null`). */
  connection: RedisConnection;
  /**
   * Connection used to forward jobs; defaults to `connection`. Use a worker-role connection: a
   * forward must wait for Redis to come back, not fail the job (a fail-fast producer connection
   * burnt every attempt of the jobs in flight during a Redis restart and left them failing).
   */
  forwardConnection?: RedisConnection;
  /** BullMQ key prefix. @defaultValue '{newsflow}' */
  prefix?: string;
  logger: Logger;
  /** Jobs at once. @defaultValue stage-specific */
  concurrency?: number;
  /** @defaultValue () => new Date() */
  clock?: () => Date;
  /**
   * Lock and stalled-job settings; entry points read them with `stageTuningFromEnv`.
   * @defaultValue `STAGE_TUNING[stage]`
   */
  tuning?: Partial<StageTuning>;
  /** Called after each job; used by metrics. */
  onJobDone?: (e: { stage: string; ok: boolean; durationMs: number; reason?: string }) => void;
}
