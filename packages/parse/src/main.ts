import { runStageMain } from '@newsflow/core';
import { createParseWorker } from './worker.js';

await runStageMain('parse', async (deps) => ({ worker: createParseWorker(deps) }));
