import { envInt, loadEnv, runStageMain } from '@newsflow/core';
import { z } from 'zod';
import { storeConfigFromEnv } from './config.js';
import { openStore } from './open.js';
import { createSinkWorker } from './worker.js';

const SinkEnv = z.object({
  /** Lock time of a job; a crashed sink's jobs are taken over after it. */
  SINK_LOCK_DURATION_MS: envInt('SINK_LOCK_DURATION_MS', 30_000, 1_000, 600_000),
  /** How often to look for jobs of crashed sinks. */
  SINK_STALLED_INTERVAL_MS: envInt('SINK_STALLED_INTERVAL_MS', 30_000, 500, 600_000),
});

await runStageMain('sink', async (deps, env) => {
  const tuning = loadEnv(SinkEnv, env);
  const store = await openStore(storeConfigFromEnv(env));
  // CONCURRENCY unset: the sink's own default (32), since concurrent jobs are what one transaction batches.
  const concurrency = env.CONCURRENCY ? deps.concurrency : undefined;
  const worker = createSinkWorker({ ...deps, concurrency, store, lockDuration: tuning.SINK_LOCK_DURATION_MS, stalledInterval: tuning.SINK_STALLED_INTERVAL_MS });
  return { worker, close: () => store.close() };
});
