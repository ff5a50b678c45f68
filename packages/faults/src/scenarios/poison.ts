import { QUEUES, type StageName } from '@newsflow/contracts';
import { pageIdFor } from '@newsflow/core';
import type { Scenario } from '../scenario.js';
import { streamWithFault } from '../scenario.js';
import { makePages, type Page } from '../pages.js';

/** Pages that pass the API schema but that parse can never turn into an article. */
function parsePoison(run: string): Page[] {
  const bodies = ['\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f'.repeat(40), '<html><head></head><body><div></div><script>x=1</script></body></html>'];
  return bodies.map((html, i) => {
    const url = `https://faults.example/${run}/poison-${i}`;
    return { index: 10_000 + i, url, site: 'Fault Gazette', html, pageId: pageIdFor(url, html) };
  });
}

const INJECTED: StageName[] = ['ingest', 'entity', 'dedupe', 'sink'];

/**
 * One poison job per stage among normal pages: parse gets pages that are not pages (through the
 * API), the other stages a payload that breaks their contract (straight into their queue). Each
 * must land in the failed set with a reason after a bounded number of attempts, all others flow,
 * `newsflow failed list` shows them, and `failed retry` of one sends it back to fail again.
 */
export const poison: Scenario = {
  name: 'poison',
  ci: true,
  run: (env, o) => {
    const normal = makePages(o.pages, env.name);
    const bad = parsePoison(env.name);
    const pages = [...normal.slice(0, 5), ...bad, ...normal.slice(5)];
    const poisonIds = new Set<string>();
    return streamWithFault(
      env,
      o,
      async (s) => {
        // Only what the API acknowledged must show up; a body it refuses outright is fine too.
        await s.submitter.waitAcks(pages.length);
        for (const p of bad) if (s.submitter.acks.some((a) => a.pageId === p.pageId)) poisonIds.add(p.pageId);
        for (const stage of INJECTED) {
          const id = `poison-${stage}-${env.name}`;
          await s.monitor.queues[stage].add('poison', { poison: true, note: 'not a valid payload' }, { ...QUEUES[stage].defaultJobOptions, jobId: id });
          s.injected.push(id);
          poisonIds.add(id);
        }
        return { at: Date.now() };
      },
      {
        pages,
        after: async (s, out) => {
          const failed = await s.monitor.failed();
          for (const id of poisonIds) {
            const f = failed.find((x) => x.id === id);
            if (!f) out.problems.push(`poison ${id} is not in any failed set`);
            else if (!f.reason) out.problems.push(`poison ${id} failed without a reason`);
            else if (f.attemptsMade > 8) out.problems.push(`poison ${id} was tried ${f.attemptsMade} times`);
            else out.notes.push(`poison ${f.stage} ${id.slice(0, 24)}: ×${f.attemptsMade} ${f.reason.slice(0, 120)}`);
          }
          const others = failed.filter((f) => !poisonIds.has(f.id));
          if (others.length) out.problems.push(`${others.length} normal page(s) failed, e.g. ${others[0]!.stage} ${others[0]!.reason.slice(0, 160)}`);
          const cliEnv = s.pipe.processEnv();
          const list = await env.runCli('failed-list', ['failed', 'list', '--json', '--limit', '100'], cliEnv);
          const listed = list.code === 0 ? (JSON.parse(list.out.slice(list.out.indexOf('['))) as Array<{ id: string }>).map((x) => x.id) : [];
          const missing = [...poisonIds].filter((id) => !listed.includes(id));
          if (list.code !== 0 || missing.length) out.problems.push(`newsflow failed list (exit ${list.code}) misses ${missing.join(', ')}`);
          const retried = [...poisonIds][0]!;
          const stage = failed.find((f) => f.id === retried)?.stage ?? 'parse';
          const retry = await env.runCli('failed-retry', ['failed', 'retry', retried, '--stage', stage], cliEnv);
          if (retry.code !== 0) out.problems.push(`newsflow failed retry exited ${retry.code}: ${retry.out.trim().slice(0, 200)}`);
          try {
            await s.monitor.waitDrained({ timeoutMs: 60_000, stableMs: 2_000 });
            const again = (await s.monitor.failed()).find((f) => f.id === retried);
            if (!again) out.problems.push(`retried poison ${retried} is not back in the failed set`);
            else out.notes.push(`failed retry: the ${stage} poison failed again (×${again.attemptsMade}), as it should with no fix`);
          } catch (err) {
            out.problems.push(`after failed retry: ${(err as Error).message}`);
          }
        },
      },
    );
  },
};
