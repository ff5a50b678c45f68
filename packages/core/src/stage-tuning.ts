import { z } from 'zod';
import { STAGES, type StageName } from '@newsflow/contracts';
import { envInt, loadEnv } from './env.js';

/**
 * How quickly a dead worker's jobs are taken over, per stage. BullMQ marks a job stalled when its
 * lock has expired at one stalled check and is still missing at the next, so a job of a worker
 * killed with `kill -9` is back in `wait` after at most `lockDurationMs + 2 × stalledIntervalMs`
 * (about 40 s at the defaults) — sooner when the lock had been renewed long before the crash.
 * The lock is renewed every `lockDurationMs / 2`, so a stage must never block its event loop for
 * that long: every stage keeps its per-page work bounded well below it.
 */
export interface StageTuning {
  /** Lock time of an active job. @defaultValue 20000 */
  lockDurationMs: number;
  /** How often a worker looks for jobs whose lock expired. @defaultValue 10000 */
  stalledIntervalMs: number;
  /**
   * Times a job may be recovered from a dead worker before it is failed. Every stage is idempotent,
   * so recovering is always safe; the bound only stops a page that kills every worker from looping.
   * @defaultValue 3 (sink: 5)
   */
  maxStalledCount: number;
}

const BASE: StageTuning = { lockDurationMs: 20_000, stalledIntervalMs: 10_000, maxStalledCount: 3 };

/** The one defaults table every entry point (`newsflow start`, `newsflow worker`, each `main.js`) uses. */
export const STAGE_TUNING: Readonly<Record<StageName, StageTuning>> = {
  ingest: BASE,
  parse: BASE,
  entity: BASE,
  dedupe: BASE,
  // The sink batches writes into transactions; a crash mid-transaction is common and harmless.
  sink: { ...BASE, maxStalledCount: 5 },
};

/** `PARSE_LOCK_DURATION_MS` etc.: the variable names of one stage's tuning. */
export function tuningVariables(stage: StageName): Record<keyof StageTuning, string> {
  const s = stage.toUpperCase();
  return { lockDurationMs: `${s}_LOCK_DURATION_MS`, stalledIntervalMs: `${s}_STALLED_INTERVAL_MS`, maxStalledCount: `${s}_MAX_STALLED_COUNT` };
}

function schemaFor(stage: StageName) {
  const v = tuningVariables(stage);
  const d = STAGE_TUNING[stage];
  return z
    .object({
      [v.lockDurationMs]: envInt(v.lockDurationMs, d.lockDurationMs, 1_000, 3_600_000),
      [v.stalledIntervalMs]: envInt(v.stalledIntervalMs, d.stalledIntervalMs, 500, 3_600_000),
      [v.maxStalledCount]: envInt(v.maxStalledCount, d.maxStalledCount, 0, 1_000),
    })
    .refine((e) => (e[v.lockDurationMs] as number) >= 2_000, { path: [v.lockDurationMs], message: `${v.lockDurationMs} must be at least 2000 (the lock is renewed every half of it)` });
}

/** One stage's tuning from the environment (defaults from `STAGE_TUNING`); a bad value throws a ConfigError naming it. */
export function stageTuningFromEnv(stage: StageName, source: Record<string, string | undefined> = process.env): StageTuning {
  const v = tuningVariables(stage);
  const e = loadEnv(schemaFor(stage), source) as Record<string, number>;
  return { lockDurationMs: e[v.lockDurationMs]!, stalledIntervalMs: e[v.stalledIntervalMs]!, maxStalledCount: e[v.maxStalledCount]! };
}

/** Every stage's tuning at once, so `newsflow start` fails on a bad variable before it starts anything. */
export function allStageTuningFromEnv(source: Record<string, string | undefined> = process.env): Record<StageName, StageTuning> {
  return Object.fromEntries(STAGES.map((s) => [s, stageTuningFromEnv(s, source)])) as Record<StageName, StageTuning>;
}
