import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { STAGES, type StageName } from '@newsflow/contracts';
import { closeRedis, createRedis, loadEnv, startRedisServer, waitForRedis } from '@newsflow/core';
import { CliError, intFlag, jsonText, parentCommand, type CliContext } from '../context.js';
import { StartEnv } from '../pipeline.js';
import { runCeiling, type CeilingReport } from './bench-pipeline-ceiling.js';
import { Cleanup, runPerStageMode, runStartMode, type ModeOptions, type ModeReport } from './bench-pipeline-modes.js';
import { loadPageSet } from './bench-pipeline-pages.js';
import { childrenOf, loadAverage, machineInfo } from './bench-pipeline-proc.js';
import { pipelineReport, printPipeline } from './bench-pipeline-report.js';
import { runStagesAlone, type StagesAlone } from './bench-pipeline-stages.js';
import { CLI_MAIN, guardRun } from './bench-soak.js';

interface PipelineFlags {
  dataset?: string;
  pages: string;
  modes: string;
  loads: string;
  loadSeconds: string;
  startWorkers?: string;
  stageProcesses?: string;
  batch: string;
  timeout: string;
  keep?: boolean;
  json?: boolean;
  cpuProf?: string;
}

const MODES = ['start', 'per-stage'] as const;

function parseModes(v: string): Array<(typeof MODES)[number]> {
  const out = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = out.filter((m) => !(MODES as readonly string[]).includes(m));
  if (!out.length || bad.length) throw new CliError(`--modes must be a comma-separated subset of ${MODES.join(',')}, got "${v}"`, 2);
  return MODES.filter((m) => out.includes(m));
}

function parseLoads(v: string): number[] {
  if (v.trim() === 'none') return [];
  return v.split(',').map((x) => intFlag('--loads', x.trim(), 1, 100_000));
}

/** `parse=2,entity=2`: processes per stage in the per-stage mode; the others run one each. */
export function parseStageProcesses(v: string | undefined): Record<StageName, number> {
  const out = Object.fromEntries(STAGES.map((s) => [s, 1])) as Record<StageName, number>;
  for (const part of (v ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^([a-z]+)=(.*)$/.exec(part);
    if (!m || !(STAGES as readonly string[]).includes(m[1]!)) throw new CliError(`--stage-processes: expected stage=count with a stage of ${STAGES.join(', ')}, got "${part}"`, 2);
    out[m[1] as StageName] = intFlag(`--stage-processes ${m[1]}`, m[2]!, 1, 16);
  }
  return out;
}

/** Children of this process the bench started (the CLI or a redis-server), by pid from /proc. */
function ourChildren(): number[] {
  return childrenOf(process.pid).filter((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmd.includes(CLI_MAIN) || cmd.includes('redis-server');
    } catch {
      return false;
    }
  });
}

const signalAll = (sig: NodeJS.Signals) => {
  for (const pid of ourChildren()) {
    try {
      process.kill(pid, sig);
    } catch {
      // gone already
    }
  }
};

/**
 * Ctrl-C or a SIGTERM: each thing the run started gets its orderly stop, then SIGKILL for whatever
 * is left; on any other exit, SIGTERM for what still runs (see `guardRun`).
 */
function guard(cleanup: Cleanup, tmp: string, keep: boolean): () => void {
  const stop = async () => {
    const hard = setTimeout(() => signalAll('SIGKILL'), 45_000);
    await cleanup.run();
    clearTimeout(hard);
    signalAll('SIGKILL');
  };
  return guardRun(stop, () => signalAll('SIGTERM'), tmp, keep);
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'bench', 'measure speed')
    .command('pipeline')
    .description('the whole pipeline as users run it (newsflow start; one process per stage): articles/s, ingest→stored latency at fixed loads, CPU and memory per process, against the stage functions alone and plain BullMQ')
    .option('--dataset <dir>', 'pages to replicate: a scrapinghub, trafilatura or Readability folder, or a folder of .html/.htm/.txt files (optionally .gz)')
    .option('--pages <n>', 'pages at full speed (copies of the dataset, each with its own URL and paragraph)', '2000')
    .option('--modes <list>', `comma-separated: ${MODES.join(',')}`, MODES.join(','))
    .option('--loads <list>', 'offered loads in articles/s, each for --load-seconds (none: skip)', '10,20,40')
    .option('--load-seconds <s>', 'seconds each offered load runs', '30')
    .option('--start-workers <v>', 'pass `--workers <v>` to newsflow start (auto or a count)')
    .option('--stage-processes <list>', 'processes per stage in the per-stage mode, e.g. parse=2,entity=2 (default 1 each)')
    .option('--batch <n>', 'pages per batch request at full speed', '50')
    .option('--timeout <s>', 'give up when a phase has not drained after this long', '3600')
    .option('--keep', 'keep the temporary directory (stores, Redis AOFs) and print where it is')
    .option('--json', 'print the report as JSON (docs/performance.md describes it)')
    .option('--cpu-prof <dir>', 'write a V8 CPU profile of every newsflow process the modes start into <dir> (node --cpu-prof; open in Chrome DevTools)')
    .action(async (f: PipelineFlags) => {
      if (!f.dataset) throw new CliError('--dataset <dir> is required: a folder of real pages (scrapinghub or trafilatura layout, or .html/.htm/.txt files); the figures are only as real as the pages', 2);
      const pages = intFlag('--pages', f.pages, 1, 1_000_000);
      const modes = parseModes(f.modes);
      const loads = parseLoads(f.loads);
      const loadSeconds = intFlag('--load-seconds', f.loadSeconds, 1, 3600);
      const batch = intFlag('--batch', f.batch, 1, 1000);
      const timeoutMs = intFlag('--timeout', f.timeout, 1, 30 * 24 * 3600) * 1000;
      if (f.startWorkers !== undefined && !/^(auto|\d{1,3})$/.test(f.startWorkers)) throw new CliError(`--start-workers must be auto or a whole number, got "${f.startWorkers}"`, 2);
      const processes = parseStageProcesses(f.stageProcesses);
      const run = Date.now().toString(36);
      const set = loadPageSet(f.dataset, run);
      const log = (l: string) => ctx.err(l);

      const machine = machineInfo();
      const loadAverageBefore = loadAverage();
      const tmp = mkdtempSync(join(tmpdir(), 'newsflow-bench-pipeline-'));
      const cleanup = new Cleanup();
      const release = guard(cleanup, tmp, Boolean(f.keep));
      try {
        log(`bench pipeline: ${pages} pages from ${set.dir} (${set.distinct} distinct${set.dropped.length ? `, ${set.dropped.length} left out` : ''}); temporary files in ${tmp}`);
        // A scratch Redis as newsflow start runs its own (AOF, fsync policy, password) for the
        // dedupe stage alone and the ceiling.
        const appendfsync = loadEnv(StartEnv, process.env).NEWSFLOW_REDIS_APPENDFSYNC;
        const scratch = await startRedisServer({ dir: join(tmp, 'scratch-redis'), appendonly: true, appendfsync, password: randomBytes(24).toString('base64url') });
        const stopScratch = cleanup.add(() => scratch.stop());
        const conn = createRedis({ url: scratch.url }, 'worker');
        conn.on('error', () => undefined);
        let stages: StagesAlone;
        let ceiling: CeilingReport;
        try {
          await waitForRedis(conn, 10_000);
          log(`  stage functions alone over ${pages} pages`);
          const alone = await runStagesAlone({ set, pages, redis: conn, dir: tmp, run });
          stages = alone.report;
          await conn.flushall();
          log(`  ceiling: ${pages} jobs through five no-op BullMQ hops`);
          ceiling = await runCeiling({ redisUrl: scratch.url, sizes: alone.sizes, batch, run });
        } finally {
          await closeRedis(conn);
          await stopScratch();
        }

        const nodeArgs = f.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${resolve(f.cpuProf)}`] : [];
        const o: ModeOptions = { set, pages, loads, loadSeconds, batch, timeoutMs, tmp, cleanup, log, nodeArgs };
        const reports: ModeReport[] = [];
        for (const mode of modes) {
          log(`mode ${mode}:`);
          reports.push(mode === 'start' ? await runStartMode({ ...o, ...(f.startWorkers ? { startWorkers: f.startWorkers } : {}) }) : await runPerStageMode({ ...o, processes }));
        }
        const report = pipelineReport({
          dataset: { dir: set.dir, format: set.format, distinct: set.distinct, dropped: set.dropped },
          pages,
          loads,
          loadSeconds,
          machine: { ...machine, loadAverageBefore, loadAverageAfter: loadAverage() },
          stages,
          ceiling,
          modes: reports,
          ...(f.keep ? { kept: tmp } : {}),
        });
        if (f.json) ctx.out(jsonText(report, 2));
        else printPipeline(ctx, report);
      } finally {
        await cleanup.run();
        release();
        if (!f.keep) rmSync(tmp, { recursive: true, force: true });
      }
    });
}
