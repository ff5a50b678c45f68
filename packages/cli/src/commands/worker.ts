import type { Command } from 'commander';
import { createServer } from 'node:http';
import { STAGES, type StageName } from '@newsflow/contracts';
import { checkRedisPolicy, closeRedis, envInt, installShutdown, loadEnv, stageTuningFromEnv } from '@newsflow/core';
import { createMetrics } from '@newsflow/dashboard';
import { dedupeOptionsFromEnv } from '@newsflow/dedupe';
import { openStore, storeConfigFromEnv, type ArticleStore } from '@newsflow/sink';
import { CliError, type CliContext } from '../context.js';
import { CliEnv, cliLogger, connectRedis, resolveRedis } from '../runtime.js';
import { buildStageWorker } from '../stages.js';
import { parsePositiveInt } from './start.js';

const WorkerEnv = CliEnv.extend({
  /** When set, serve Prometheus metrics of this worker process on this port. */
  METRICS_PORT: envInt('METRICS_PORT', 0, 0, 65535),
});

export function register(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('run one stage alone; start as many as you like, on any machine, against one Redis')
    .argument('<stage>', STAGES.join(' | '))
    .option('--concurrency <n>', 'jobs at once in this process', parsePositiveInt('--concurrency'))
    .action(async (stage: string, o: { concurrency?: number }) => {
      if (!(STAGES as readonly string[]).includes(stage)) throw new CliError(`unknown stage "${stage}": use one of ${STAGES.join(', ')}`);
      const env = loadEnv(WorkerEnv);
      const logger = cliLogger(env, `newsflow-${stage}`);
      // Settings first: a bad variable fails before anything connects.
      const storeConfig = stage === 'sink' ? storeConfigFromEnv() : null;
      const dedupe = stage === 'dedupe' ? dedupeOptionsFromEnv() : undefined;
      const tuning = stageTuningFromEnv(stage as StageName);
      const target = resolveRedis(env);
      const connection = await connectRedis(target, 'worker', 30_000);
      for (const w of await checkRedisPolicy(connection)) logger.warn(w);
      let store: ArticleStore | undefined;
      if (storeConfig) store = await openStore(storeConfig);
      const metrics = createMetrics();
      const w = buildStageWorker(
        stage as StageName,
        { connection, prefix: env.NEWSFLOW_PREFIX, logger, concurrency: o.concurrency, onJobDone: metrics.onJobDone, tuning },
        { store, dedupe },
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
      logger.info({ stage, workerId: w.workerId, redis: target.from }, 'worker started');
      ctx.err(`newsflow worker ${stage} running as ${w.workerId} (Redis from ${target.from}); Ctrl-C to stop`);
      installShutdown({
        logger,
        timeoutMs: env.SHUTDOWN_TIMEOUT_MS + 5_000,
        closers: [
          () => w.close(env.SHUTDOWN_TIMEOUT_MS),
          async () => metricsServer?.close(),
          async () => store?.close(),
          () => closeRedis(connection),
        ],
      });
    });
}
