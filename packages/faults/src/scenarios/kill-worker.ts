import { STAGES, type StageName } from '@newsflow/contracts';
import type { Scenario } from '../scenario.js';
import { streamWithFault } from '../scenario.js';

/**
 * `kill -9` of one stage's worker while it holds jobs, and a new worker started at once: the jobs
 * the dead one held must come back (stalled-job recovery) and be stored once.
 */
function killWorker(stage: StageName, ci: boolean): Scenario {
  return {
    name: `kill-${stage}`,
    ci,
    run: (env, o) =>
      streamWithFault(env, o, async (s) => {
        await s.monitor.activeIds(stage);
        const victim = s.pipe.workers.get(stage)!;
        const at = Date.now();
        victim.child.kill('SIGKILL');
        await victim.exited;
        // What is still active now was held by the dead worker: those jobs must come back.
        const ids = await s.monitor.activeIds(stage, 0);
        s.pipe.startWorker(stage);
        const notes = ids.length ? [] : [`no ${stage} job was active when the worker was killed`];
        return { at, orphans: { stage, ids }, notes };
      }),
  };
}

export const killWorkerScenarios: Scenario[] = STAGES.map((s) => killWorker(s, s === 'parse' || s === 'sink'));
