import { BaseEnv, envInt, loadEnv } from './env.js';
import { createLogger } from './logger.js';
import { createRedis, closeRedis, parseClusterNodes, waitForRedis } from './redis.js';
import { installShutdown } from './shutdown.js';
import type { StageName } from '@newsflow/contracts';
import type { StageDeps } from './stage-deps.js';
import { stageTuningFromEnv } from './stage-tuning.js';
import type { StageWorker } from './stage-worker.js';

const WorkerEnv = BaseEnv.extend({
  /** Jobs processed at once by this process. */
  CONCURRENCY: envInt('CONCURRENCY', 4, 1, 1000),
});

export interface BuiltStage {
  worker: StageWorker;
  /** Extra resources to close after the worker (stores, connections). */
  close?: () => Promise<void>;
}

/**
 * The body of a stage package's `main.ts`: read env, connect, build the worker with `build`, and
 * shut down in order on SIGTERM/SIGINT. `newsflow worker <stage>` does the same with CLI flags.
 */
export async function runStageMain(
  stage: StageName,
  build: (deps: StageDeps, env: Record<string, string | undefined>) => Promise<BuiltStage>,
  source: Record<string, string | undefined> = process.env,
): Promise<void> {
  const env = loadEnv(WorkerEnv, source);
  const tuning = stageTuningFromEnv(stage, source);
  const logger = createLogger({ level: env.LOG_LEVEL, name: `newsflow-${stage}` });
  if (!env.REDIS_URL && !env.REDIS_CLUSTER_NODES) {
    logger.fatal('REDIS_URL is required to run a stage worker alone (or use `newsflow start`)');
    process.exit(1);
  }
  const cfg = env.REDIS_CLUSTER_NODES ? { clusterNodes: parseClusterNodes(env.REDIS_CLUSTER_NODES) } : { url: env.REDIS_URL };
  const connection = createRedis(cfg, 'worker');
  connection.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  await waitForRedis(connection, 30_000);
  const built = await build({ connection, prefix: env.NEWSFLOW_PREFIX, logger, concurrency: env.CONCURRENCY, tuning }, source);
  logger.info({ stage, workerId: built.worker.workerId, concurrency: env.CONCURRENCY }, 'worker started');
  installShutdown({
    logger,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS + 5_000,
    closers: [() => built.worker.close(env.SHUTDOWN_TIMEOUT_MS), async () => built.close?.(), () => closeRedis(connection)],
  });
}
