import { runStageMain } from '@newsflow/core';
import { dedupeOptionsFromEnv } from './options.js';
import { createDedupeWorker } from './worker.js';

await runStageMain('dedupe', async (deps, env) => ({ worker: createDedupeWorker({ ...deps, options: dedupeOptionsFromEnv(env) }) }));
