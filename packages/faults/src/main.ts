/**
 * `npm run test:faults`: fault-injection scenarios on real processes of the built CLI. Exits 1 when
 * a scenario lost or duplicated an accepted page, broke one of its own checks, or errored.
 */
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CLI, Env } from './env.js';
import { details, passed, table, toJson, type ScenarioResult } from './report.js';
import { SCENARIOS } from './scenarios/index.js';
import type { Scenario } from './scenario.js';

const USAGE = `usage: node packages/faults/dist/main.js [--full] [--only name,...] [--pages N] [--json] [--jobs N] [--keep]
scenarios: ${SCENARIOS.map((s) => s.name + (s.ci ? '' : ' (full)')).join(', ')}`;

function options() {
  const { values } = parseArgs({
    options: {
      full: { type: 'boolean', default: false },
      only: { type: 'string' },
      pages: { type: 'string' },
      json: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const pages = values.pages === undefined ? (values.full ? 300 : 60) : Number(values.pages);
  if (!Number.isInteger(pages) || pages < 5 || pages > 100_000) throw new Error(`--pages must be a whole number from 5 to 100000, got "${values.pages}"`);
  const jobs = values.jobs === undefined ? 2 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 8) throw new Error(`--jobs must be a whole number from 1 to 8, got "${values.jobs}"`);
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((n) => !SCENARIOS.some((s) => s.name === n)) ?? [];
  if (unknown.length) throw new Error(`--only: unknown scenario(s) ${unknown.join(', ')}\n${USAGE}`);
  const chosen = SCENARIOS.filter((s) => (only ? only.includes(s.name) : values.full || s.ci));
  return { chosen, pages, jobs, full: values.full, json: values.json, keep: values.keep };
}

async function runOne(s: Scenario, o: { pages: number; full: boolean; keep: boolean }): Promise<ScenarioResult> {
  const env = new Env(s.name);
  const started = Date.now();
  process.stderr.write(`faults: ${s.name} started (${env.dir})\n`);
  let r: ScenarioResult;
  try {
    const out = await s.run(env, { pages: o.pages, full: o.full, drainTimeoutMs: o.full ? 300_000 : 180_000, submitSpanMs: o.full ? 30_000 : 8_000 });
    r = { ...out, name: s.name, informational: s.informational, dir: env.dir, logs: [], seconds: 0 };
  } catch (err) {
    r = { name: s.name, informational: s.informational, problems: [], notes: [], error: (err as Error).stack ?? String(err), dir: env.dir, logs: [], seconds: 0 };
  } finally {
    await env.cleanup();
  }
  r.seconds = (Date.now() - started) / 1000;
  r.logs = env.logFiles();
  // A passing scenario's dir (Redis data, database, logs) is only noise in /tmp; a failing one stays.
  if (passed(r) && !o.keep) rmSync(env.dir, { recursive: true, force: true });
  process.stderr.write(`faults: ${s.name} ${passed(r) ? 'ok' : r.error ? 'ERROR' : 'FAIL'} in ${r.seconds.toFixed(0)} s\n`);
  return r;
}

async function main(): Promise<number> {
  let o: ReturnType<typeof options>;
  try {
    o = options();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (!existsSync(CLI)) {
    process.stderr.write(`${CLI} is missing: build first (npx turbo run build)\n`);
    return 2;
  }
  const t0 = Date.now();
  const results: ScenarioResult[] = new Array(o.chosen.length);
  let next = 0;
  // Scenarios spend most of their time waiting (stall timers, outages), so two at a time halve the
  // wall clock without starving the machine.
  const lane = async () => {
    while (next < o.chosen.length) {
      const i = next++;
      results[i] = await runOne(o.chosen[i]!, o);
    }
  };
  await Promise.all(Array.from({ length: o.jobs }, lane));
  const total = (Date.now() - t0) / 1000;
  if (o.json) process.stdout.write(`${JSON.stringify({ seconds: total, results: toJson(results) }, null, 2)}\n`);
  else {
    process.stdout.write(`\n${table(results)}\n\nrecovery s = first job completed after the fault / queues drained (from the kill, or from the end of a fault that lasts)\n\n`);
    process.stdout.write(`${details(results)}\n\n`);
  }
  const failing = results.filter((r) => !r.informational && !passed(r));
  const ok = results.filter((r) => !r.informational).length - failing.length;
  process.stdout.write(`faults: ${ok} passed, ${failing.length} failed (${total.toFixed(0)} s)\n`);
  return failing.length ? 1 : 0;
}

const code = await main();
// A scenario that errored can leave a submitter retrying in the background: do not wait for it.
await new Promise((r) => process.stdout.write('', r));
process.exit(code);
