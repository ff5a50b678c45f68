import { runStageMain } from '@newsflow/core';
import { createDedupeWorker } from './worker.js';

await runStageMain('dedupe', async (deps) => ({ worker: createDedupeWorker(deps) }));
