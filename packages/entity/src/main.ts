import { runStageMain } from '@newsflow/core';
import { createEntityWorker } from './worker.js';

await runStageMain('entity', async (deps) => ({ worker: createEntityWorker(deps) }));
