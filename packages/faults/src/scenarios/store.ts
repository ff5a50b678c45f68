import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../scenario.js';
import { streamWithFault } from '../scenario.js';
import { sleep } from '../env.js';
import { makePages, namesPage } from '../pages.js';

/** Another process holds SQLite's write lock for a while: the sink must wait it out, nothing failed. */
export const sqliteLock: Scenario = {
  name: 'sqlite-locked',
  ci: true,
  run: (env, o) => {
    const holdMs = o.full ? 30_000 : 12_000;
    return streamWithFault(
      env,
      o,
      async () => {
        const locker = env.spawn('sqlite-lock', process.execPath, [join(import.meta.dirname, '../lock-sqlite.js'), env.db, String(holdMs)], process.env);
        const deadline = Date.now() + 30_000;
        while (!readFileSync(locker.log, 'utf8').includes('locked') && locker.alive() && Date.now() < deadline) await sleep(20);
        const code = await locker.exited;
        const problems = code === 0 ? [] : [`the lock holder exited ${code} (log ${locker.log}): the lock was not held`];
        return { at: Date.now(), notes: [`write lock held ${holdMs / 1000} s`], problems };
      },
      { after: noneFailed },
    );
  },
};

async function noneFailed(_s: unknown, out: { counts?: { failed: number }; problems: string[] }): Promise<void> {
  if (out.counts?.failed) out.problems.push(`${out.counts.failed} page(s) failed; none should`);
}

/** A page with ~9,000 distinct names among 20 normal pages: all 21 stored, none failed. */
export const hugeNames: Scenario = {
  name: 'huge-names-page',
  ci: false,
  run: (env, o) => {
    const normal = makePages(20, env.name);
    const pages = [...normal.slice(0, 10), namesPage(9_000, env.name), ...normal.slice(10)];
    const big = pages[10]!;
    return streamWithFault(env, o, async () => ({ at: Date.now(), notes: [`names page of ${big.html.length} characters`] }), {
      pages,
      faultAfter: 0.05,
      after: async (s, out) => {
        await noneFailed(s, out);
        const job = await s.monitor.queues.entity.getJob(big.pageId);
        if (job?.processedOn && job.finishedOn) out.notes.push(`entity took ${((job.finishedOn - job.processedOn) / 1000).toFixed(1)} s on the names page (attempts ${job.attemptsMade})`);
      },
    });
  },
};
