import type { QueueName } from '@newsflow/contracts';
import type { StageStats } from './stats.js';

export interface StageHealth {
  stage: QueueName;
  ok: boolean;
  paused: boolean;
  waiting: number;
  workers: number;
  /** ms since this stage last completed or failed a job (or since the watchdog first saw it). */
  idleMs: number;
  problem?: string;
}

/**
 * Flags a stage whose queue has jobs waiting but that has finished none for `staleAfterMs`.
 * BullMQ workers can stay connected yet stop taking jobs (e.g. after a Redis reconnect), so
 * "a worker is connected" is not enough: progress is what counts. State is kept between checks,
 * so each `/healthz/stages` (or `/readyz`) call compares with the previous one; no timer is needed.
 */
export class StageWatchdog {
  private readonly seen = new Map<QueueName, { progress: number; since: number }>();

  constructor(
    private readonly staleAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(stats: StageStats[]): StageHealth[] {
    const t = this.now();
    return stats.map((s) => {
      const progress = s.completedTotal + s.failedTotal;
      const prev = this.seen.get(s.stage);
      // Nothing waiting (or paused on purpose) means nothing is stuck: restart the clock.
      if (!prev || prev.progress !== progress || s.waiting === 0 || s.paused) this.seen.set(s.stage, { progress, since: t });
      const since = this.seen.get(s.stage)!.since;
      const idleMs = t - since;
      const base = { stage: s.stage, paused: s.paused, waiting: s.waiting, workers: s.workers.length, idleMs };
      if (s.waiting > 0 && idleMs >= this.staleAfterMs) {
        const who = s.workers.length === 0 ? 'no worker is connected' : `${s.workers.length} worker(s) connected but not consuming`;
        return { ...base, ok: false, problem: `${s.waiting} job(s) waiting and none finished for ${idleMs < 10_000 ? `${idleMs} ms` : `${Math.round(idleMs / 1000)} s`}: ${who}` };
      }
      return { ...base, ok: true };
    });
  }
}
