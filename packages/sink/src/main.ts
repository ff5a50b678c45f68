import { runStageMain } from '@newsflow/core';
import { storeConfigFromEnv } from './config.js';
import { openStore } from './open.js';
import { createSinkWorker } from './worker.js';

// Lock and stalled settings (SINK_LOCK_DURATION_MS, …) come in deps.tuning, as for every stage.
await runStageMain('sink', async (deps, env) => {
  const store = await openStore(storeConfigFromEnv(env));
  // CONCURRENCY unset: the sink's own default (32), since concurrent jobs are what one transaction batches.
  const concurrency = env.CONCURRENCY ? deps.concurrency : undefined;
  const worker = createSinkWorker({ ...deps, concurrency, store });
  return { worker, close: () => store.close() };
});
