import type { Command } from 'commander';
import { STAGES, type StageName } from '@newsflow/contracts';
import { installShutdown, loadEnv } from '@newsflow/core';
import { CliError, type CliContext } from '../context.js';
import { StartEnv, startPipeline } from '../pipeline.js';
import { cliLogger } from '../runtime.js';
import { parseWorkers } from '../stage-children.js';

export function parseStages(list: string | undefined): StageName[] | undefined {
  if (!list) return undefined;
  if (list === 'none') return [];
  const out = list.split(',').map((s) => s.trim());
  for (const s of out) if (!(STAGES as readonly string[]).includes(s)) throw new CliError(`unknown stage "${s}": use ${STAGES.join(', ')}`);
  return out as StageName[];
}

export function parsePositiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new CliError(`${name} must be a whole number, got "${v}"`);
    return n;
  };
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('run the ingest API, dashboard and every stage worker in one process (a private Redis when REDIS_URL is unset)')
    .option('--port <n>', 'HTTP port for the API and dashboard (env PORT, default 8080; 0 picks a free one)', parsePositiveInt('--port'))
    .option('--host <addr>', 'interface to listen on (env HOST, default 127.0.0.1)')
    .option('--concurrency <n>', 'jobs at once per stage (default: per-stage)', parsePositiveInt('--concurrency'))
    .option('--stages <list>', `comma-separated stages to run here (default: ${STAGES.join(',')}; none = API and dashboard only)`)
    .option('--workers <n|auto>', 'child processes for the stages ingest, parse, entity, dedupe; the sink and API stay here (env NEWSFLOW_WORKERS; default auto = one per core; 0 = all in this process)')
    .action(async (o: { port?: number; host?: string; concurrency?: number; stages?: string; workers?: string }) => {
      const env = loadEnv(StartEnv);
      const workers = o.workers === undefined ? undefined : parseWorkers(o.workers);
      const stages = parseStages(o.stages);
      const logger = cliLogger(env, 'newsflow-start');
      const p = await startPipeline({ logger, port: o.port, host: o.host, concurrency: o.concurrency, stages, workers });
      ctx.out(`newsflow is running (pid ${process.pid})`);
      const here = p.workers.map((w) => w.stage);
      const pids = p.children?.pids() ?? [];
      ctx.out(`  stages:     ${[here.length ? `${here.join(', ')} in this process` : '', pids.length ? `${STAGES.filter((s) => !here.includes(s) && (stages ?? STAGES).includes(s)).join(', ')} in ${pids.length} worker process${pids.length === 1 ? '' : 'es'} (pids ${pids.join(' ')})` : ''].filter(Boolean).join('; ') || 'none (API and dashboard only)'}`);
      ctx.out(`  API:        ${p.apiUrl}/v1/articles`);
      // The token is never printed (it would land in docker logs and terminal scrollback): say where it is.
      ctx.out(`  dashboard:  ${p.apiUrl}/dashboard   queues: ${p.apiUrl}/admin/queues`);
      ctx.out(`  metrics:    ${p.apiUrl}/metrics`);
      ctx.out(`  redis:      ${p.redisDisplayUrl}${env.REDIS_URL || env.REDIS_CLUSTER_NODES ? '' : ` (private, password-protected, data in ${env.NEWSFLOW_HOME}/redis)`}`);
      const tokenFrom = env.NEWSFLOW_API_TOKEN ? 'NEWSFLOW_API_TOKEN' : `${env.NEWSFLOW_HOME}/api-token, kept across restarts (\`newsflow token show\`; \`newsflow token rotate\` replaces it)`;
      ctx.out(
        `  auth:       ${p.apiToken ? `bearer token: ${tokenFrom} (the newsflow CLI reads it; open the dashboard once as /dashboard?token=<token>)` : 'disabled (NEWSFLOW_AUTH=none, loopback only)'}`,
      );
      ctx.out('Submit pages with `npx newsflow ingest <file|dir>`; stop with Ctrl-C.');
      installShutdown({ logger, timeoutMs: env.SHUTDOWN_TIMEOUT_MS + 10_000, closers: [() => p.stop()] });
    });
}
