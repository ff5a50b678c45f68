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
        // A fast stage (the sink) often finishes the job it was seen holding before the signal
        // lands; kill again (a fresh worker each time) until a kill orphans a job.
        for (let kill = 1; ; kill++) {
          await s.monitor.activeIds(stage);
          const victim = s.pipe.workers.get(stage)!;
          const at = Date.now();
          victim.child.kill('SIGKILL');
          await victim.exited;
          // What is still active now was held by the dead worker: those jobs must come back.
          const ids = await s.monitor.activeIds(stage, 0);
          s.pipe.startWorker(stage);
          if (ids.length || kill === 5) {
            const notes = [`${kill} kill(s) to catch the worker holding a job`];
            return ids.length ? { at, orphans: { stage, ids }, notes } : { at, notes: [`no ${stage} job was held by the killed worker in 5 kills`] };
          }
        }
      }),
  };
}

export const killWorkerScenarios: Scenario[] = STAGES.map((s) => killWorker(s, s === 'parse' || s === 'sink'));
