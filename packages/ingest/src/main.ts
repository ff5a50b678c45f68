import { runStageMain } from '@newsflow/core';
import { createIngestWorker } from './worker.js';

await runStageMain('ingest', async (deps) => ({ worker: createIngestWorker(deps) }));
