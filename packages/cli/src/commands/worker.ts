import type { Command } from 'commander';
import { createServer } from 'node:http';
import type { StageName } from '@newsflow/contracts';
import { checkRedisPolicy, closeRedis, envInt, installShutdown, loadEnv, stageTuningFromEnv, type StageWorker } from '@newsflow/core';
import { createMetrics } from '@newsflow/dashboard';
import { dedupeOptionsFromEnv } from '@newsflow/dedupe';
import { openStore, storeConfigFromEnv, type ArticleStore } from '@newsflow/sink';
import { CliError, type CliContext } from '../context.js';
import { CliEnv, cliLogger, connectRedis, resolveRedis } from '../runtime.js';
import { SUPERVISED_ENV, supervisedChild } from '../stage-children.js';
import { buildStageWorker } from '../stages.js';
import { parsePositiveInt, parseStages } from './start.js';

const WorkerEnv = CliEnv.extend({
  /** When set, serve Prometheus metrics of this worker process on this port. */
  METRICS_PORT: envInt('METRICS_PORT', 0, 0, 65535),
});

export function register(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('run stage workers alone (one stage, or a comma-separated list); start as many as you like, on any machine, against one Redis')
    .argument('<stages>', 'ingest | parse | entity | dedupe | sink, or a list such as parse,entity')
    .option('--concurrency <n>', 'jobs at once per stage in this process', parsePositiveInt('--concurrency'))
    .action(async (list: string, o: { concurrency?: number }) => {
      const stages = parseStages(list) ?? [];
      if (!stages.length) throw new CliError('name at least one stage to run');
      const env = loadEnv(WorkerEnv);
      // Under `newsflow start`: report to the parent over IPC, and stop when it goes away.
      const child = process.env[SUPERVISED_ENV] === '1' ? supervisedChild() : null;
      const logger = cliLogger(env, `newsflow-${stages.join('+')}`);
      // Settings first: a bad variable fails before anything connects.
      const storeConfig = stages.includes('sink') ? storeConfigFromEnv() : null;
      const dedupe = stages.includes('dedupe') ? dedupeOptionsFromEnv() : undefined;
      const tuning = Object.fromEntries(stages.map((s) => [s, stageTuningFromEnv(s)])) as Record<StageName, ReturnType<typeof stageTuningFromEnv>>;
      const target = resolveRedis(env);
      const connection = await connectRedis(target, 'worker', 30_000);
      for (const w of await checkRedisPolicy(connection)) logger.warn(w);
      let store: ArticleStore | undefined;
      if (storeConfig) store = await openStore(storeConfig);
      const metrics = createMetrics();
      const onJobDone: typeof metrics.onJobDone = (e) => {
        metrics.onJobDone(e);
        child?.jobDone(e);
      };
      const workers: StageWorker[] = stages.map((stage) =>
        buildStageWorker(stage, { connection, prefix: env.NEWSFLOW_PREFIX, logger, concurrency: o.concurrency, onJobDone, tuning: tuning[stage] }, { store, dedupe }),
      );
      let metricsServer: ReturnType<typeof createServer> | undefined;
      if (env.METRICS_PORT) {
        metricsServer = createServer(async (req, res) => {
          if (req.url === '/metrics') {
            res.setHeader('content-type', metrics.registry.contentType);
            res.end(await metrics.registry.metrics());
          } else {
            res.statusCode = req.url === '/healthz' ? 200 : 404;
            res.end(req.url === '/healthz' ? 'ok' : 'not found');
          }
        }).listen(env.METRICS_PORT);
      }
      logger.info({ stages, workerIds: workers.map((w) => w.workerId), redis: target.from }, 'worker started');
      if (!child) ctx.err(`newsflow worker ${stages.join(',')} running as ${workers.map((w) => w.workerId).join(', ')} (Redis from ${target.from}); Ctrl-C to stop`);
      const { shutdown } = installShutdown({
        logger,
        timeoutMs: env.SHUTDOWN_TIMEOUT_MS + 5_000,
        closers: [
          () => Promise.all(workers.map((w) => w.close(env.SHUTDOWN_TIMEOUT_MS))),
          // The last jobs' events, before the IPC channel goes with the process.
          async () => child?.flush(),
          async () => metricsServer?.close(),
          async () => store?.close(),
          () => closeRedis(connection),
        ],
      });
      child?.ready(workers.map((w) => w.workerId), () => void shutdown('parent process gone'));
    });
}
