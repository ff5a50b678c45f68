import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { STAGES, type StageName } from '@newsflow/contracts';
import {
  allStageTuningFromEnv,
  checkRedisPolicy,
  closeQueues,
  closeRedis,
  createQueues,
  envInt,
  loadEnv,
  parseClusterNodes,
  startSupervisedRedisServer,
  type Logger,
  type RedisConnection,
  type RedisServerHandle,
  type StageWorker,
} from '@newsflow/core';
import { allowedHostsFromEnv, createDashboardApp, createMetrics, hostGuard } from '@newsflow/dashboard';
import { dedupeOptionsFromEnv } from '@newsflow/dedupe';
import { createFeedWorker, createIngestApp, createProducer, feedOptionsFromEnv, hardenServer, ingestLimitsFromEnv } from '@newsflow/ingest';
import { createArticlesApi, openStore, storeConfigFromEnv, type ArticleStore } from '@newsflow/sink';
import { CliError } from './context.js';
import { CliEnv, apiTokenFor, clearRunState, connectRedis, lockHome, withoutCredentials, writeRunState, type RedisTarget } from './runtime.js';
import { CHILD_STAGES, parseWorkers, resolveWorkers, startStageChildren, type StageChildren } from './stage-children.js';
import { buildStageWorker } from './stages.js';

export const StartEnv = CliEnv.extend({
  /** Interface the API and dashboard listen on. */
  HOST: z.string().default('127.0.0.1'),
  PORT: envInt('PORT', 8080, 0, 65535),
  /** `token` (default) or `none` for local use only (forces a loopback HOST). */
  NEWSFLOW_AUTH: z.enum(['token', 'none'], { error: 'NEWSFLOW_AUTH must be "token" or "none"' }).default('token'),
  /** Basic-auth user for the dashboard and bull-board (besides the API token). */
  DASHBOARD_USER: z.string().min(1).optional(),
  DASHBOARD_PASSWORD: z.string().min(8, 'DASHBOARD_PASSWORD must be at least 8 characters').optional(),
  /** `true`: the dashboard shows everything but cannot retry, clean or remove jobs. */
  DASHBOARD_READ_ONLY: z.enum(['true', 'false'], { error: 'DASHBOARD_READ_ONLY must be true or false' }).default('false'),
  /** /healthz/stages fails when a stage has waiting jobs and finished none for this long. */
  STALE_AFTER_SECONDS: envInt('STALE_AFTER_SECONDS', 120, 1, 86_400),
  /**
   * AOF fsync policy of the private Redis. `always` (default): Redis writes a page to disk before it
   * answers, so a 202 from the API survives a machine crash; `everysec` trades the last second of
   * acknowledged pages for write throughput.
   */
  NEWSFLOW_REDIS_APPENDFSYNC: z.enum(['always', 'everysec'], { error: 'NEWSFLOW_REDIS_APPENDFSYNC must be "always" or "everysec"' }).default('always'),
  /**
   * Child processes for ingest, parse, entity and dedupe: `auto` (default) one per core, 0 runs every
   * stage in the main process.
   */
  NEWSFLOW_WORKERS: z.string().optional(),
}).refine((e) => Boolean(e.DASHBOARD_USER) === Boolean(e.DASHBOARD_PASSWORD), {
  path: ['DASHBOARD_PASSWORD'],
  message: 'DASHBOARD_USER and DASHBOARD_PASSWORD go together',
});
export type StartEnv = z.infer<typeof StartEnv>;

export interface PipelineOptions {
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Overrides PORT. */
  port?: number;
  host?: string;
  /** Jobs at once per stage (default: per-stage defaults). */
  concurrency?: number;
  /** Stages to run in this process. @defaultValue all five */
  stages?: StageName[];
  /** Serve the HTTP API and dashboard. @defaultValue true */
  http?: boolean;
  /**
   * Child processes running the CPU-bound stages (overrides NEWSFLOW_WORKERS): `auto` = one per core,
   * 0 = every stage in this process.
   */
  workers?: number | 'auto';
}

export interface RunningPipeline {
  /** Connection URL (with the private Redis's password): never print it; see `redisDisplayUrl`. */
  redisUrl: string;
  /** `redisUrl` without credentials. */
  redisDisplayUrl: string;
  apiUrl: string;
  apiToken: string | null;
  prefix: string;
  store: ArticleStore;
  producer: ReturnType<typeof createProducer>;
  queues: ReturnType<typeof createQueues>;
  /** The stage workers running in this process. */
  workers: StageWorker[];
  /** The child processes running the CPU-bound stages (none with `workers: 0`). */
  children: StageChildren | null;
  /** Stop accepting, drain or force-close workers within the timeout, close stores, stop the private Redis. */
  stop(): Promise<void>;
}

const isLoopback = (h: string) => h === '127.0.0.1' || h === 'localhost' || h === '::1';

/**
 * Everything `newsflow start` runs in one process: a private redis-server when REDIS_URL is unset,
 * the article store, every stage worker, feed polling, and the HTTP API + dashboard.
 */
export async function startPipeline(opts: PipelineOptions): Promise<RunningPipeline> {
  const source = opts.env ?? process.env;
  const env = loadEnv(StartEnv, source);
  // Every setting is read before anything starts, so a bad variable stops us with nothing to undo.
  const storeConfig = storeConfigFromEnv(source);
  const dedupeOptions = dedupeOptionsFromEnv(source);
  const feedOptions = feedOptionsFromEnv(source);
  const ingestLimits = ingestLimitsFromEnv(source);
  const tuning = allStageTuningFromEnv(source);
  const allowedHosts = allowedHostsFromEnv(source);
  const childCount = resolveWorkers(opts.workers ?? parseWorkers(env.NEWSFLOW_WORKERS, 'NEWSFLOW_WORKERS'));
  const log = opts.logger;
  const home = resolve(env.NEWSFLOW_HOME);
  const host = opts.host ?? env.HOST;
  const port = opts.port ?? env.PORT;
  if (env.NEWSFLOW_AUTH === 'none' && !isLoopback(host)) {
    throw new CliError(`NEWSFLOW_AUTH=none is for local use only: HOST must be a loopback address, not ${host}`);
  }
  const releaseHome = lockHome(home);

  const cleanups: Array<() => Promise<unknown>> = [async () => releaseHome()];
  const undo = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    // Bind the port before anything else starts: a port in use is a one-line error with nothing to
    // undo. Requests that arrive before the pipeline is up get a 503.
    let handler: (req: Request) => Response | Promise<Response> = () =>
      new Response(JSON.stringify({ error: { code: 'STARTING', message: 'newsflow is starting' } }), { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '1' } });
    let server: ServerType | null = null;
    let apiUrl = '';
    if (opts.http !== false) {
      const srv = serve({ fetch: (req) => handler(req), hostname: host, port });
      hardenServer(srv, ingestLimits);
      await new Promise<void>((res, rej) => {
        srv.once('listening', () => res());
        srv.once('error', (e: NodeJS.ErrnoException) =>
          rej(e.code === 'EADDRINUSE' ? new CliError(`port ${port} on ${host} is in use: set PORT (or --port) to a free one`) : e),
        );
      });
      server = srv;
      cleanups.push(() => new Promise<void>((r) => srv.close(() => r())));
      const addr = srv.address();
      const actualPort = typeof addr === 'object' && addr ? addr.port : port;
      apiUrl = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    }

    let embedded: RedisServerHandle | null = null;
    let target: RedisTarget;
    let redisDisplayUrl: string;
    if (env.REDIS_CLUSTER_NODES) {
      target = { clusterNodes: parseClusterNodes(env.REDIS_CLUSTER_NODES), from: 'REDIS_CLUSTER_NODES' };
      redisDisplayUrl = `cluster ${env.REDIS_CLUSTER_NODES}`;
    } else if (env.REDIS_URL) {
      target = { url: env.REDIS_URL, from: 'REDIS_URL' };
      redisDisplayUrl = withoutCredentials(env.REDIS_URL);
    } else {
      // A password per start (kept only in the 0600 run state): other local users cannot read or
      // write the queues even though the port is on loopback.
      embedded = await startSupervisedRedisServer({
        dir: resolve(home, 'redis'),
        password: randomBytes(24).toString('base64url'),
        appendfsync: env.NEWSFLOW_REDIS_APPENDFSYNC,
        onEvent: (e) =>
          e.kind === 'exited'
            ? log.error({ code: e.code, signal: e.signal }, 'private redis-server died; restarting it')
            : e.kind === 'restarted'
              ? log.warn({ restarts: e.restarts }, 'private redis-server restarted from its AOF')
              : log.error({ err: e.error }, 'could not restart the private redis-server; retrying'),
      });
      cleanups.push(() => embedded!.stop());
      log.info({ url: embedded.displayUrl, dir: embedded.dir, appendfsync: env.NEWSFLOW_REDIS_APPENDFSYNC }, 'started private redis-server (AOF on, noeviction, password)');
      target = { url: embedded.url, from: 'REDIS_URL' };
      redisDisplayUrl = embedded.displayUrl;
    }
    const workerConn: RedisConnection = await connectRedis(target, 'worker', 30_000);
    cleanups.push(() => closeRedis(workerConn));
    const producerConn: RedisConnection = await connectRedis(target, 'producer', 30_000);
    cleanups.push(() => closeRedis(producerConn));
    for (const w of await checkRedisPolicy(workerConn)) log.warn(w);

    const store = await openStore(storeConfig);
    cleanups.push(() => store.close());

    const metrics = createMetrics();
    const prefix = env.NEWSFLOW_PREFIX;
    const stages = opts.stages ?? [...STAGES];
    // The CPU-bound stages (and ingest's page copy) go to child processes so every core works; the sink stays here.
    const childStages = childCount > 0 ? stages.filter((s) => CHILD_STAGES.includes(s)) : [];
    let children: StageChildren | null = null;
    if (childStages.length) {
      const childEnv = { ...source, ...(target.url ? { REDIS_URL: target.url } : {}), NEWSFLOW_PREFIX: prefix };
      children = await startStageChildren({
        count: childCount,
        stages: childStages,
        env: childEnv,
        concurrency: opts.concurrency,
        logger: log,
        onJobDone: metrics.onJobDone,
        stopTimeoutMs: env.SHUTDOWN_TIMEOUT_MS + 5_000,
      });
      const started = children;
      cleanups.push(() => started.stop());
      log.info({ processes: childCount, stages: childStages, pids: children.pids() }, 'started stage processes');
    }
    const workers = stages
      .filter((s) => !childStages.includes(s))
      .map((s) =>
        buildStageWorker(s, { connection: workerConn, prefix, logger: log, concurrency: opts.concurrency, onJobDone: metrics.onJobDone, tuning: tuning[s] }, { store, dedupe: dedupeOptions }),
      );
    cleanups.push(() => Promise.all(workers.map((w) => w.close(env.SHUTDOWN_TIMEOUT_MS))));
    const feeds = createFeedWorker({ connection: workerConn, prefix, logger: log }, feedOptions);
    const queues = createQueues({ connection: producerConn, prefix });
    const producer = createProducer({ connection: producerConn, prefix });

    const apiToken = env.NEWSFLOW_AUTH === 'none' ? null : apiTokenFor(home, env.NEWSFLOW_API_TOKEN);
    const auth = apiToken ? { tokens: [apiToken] } : ({ disabled: true } as const);
    let dashboard: Awaited<ReturnType<typeof createDashboardApp>> | null = null;
    if (server) {
      const basic = env.DASHBOARD_USER && env.DASHBOARD_PASSWORD ? { user: env.DASHBOARD_USER, password: env.DASHBOARD_PASSWORD } : undefined;
      const dashAuth = apiToken ? { tokens: [apiToken], ...(basic ? { basic } : {}) } : basic ? { basic } : ({ disabled: true } as const);
      dashboard = createDashboardApp({ connection: producerConn, prefix, store, auth: dashAuth, hosts: { listenHost: host, allowedHosts }, readOnly: env.DASHBOARD_READ_ONLY === 'true', staleAfterMs: env.STALE_AFTER_SECONDS * 1000, logger: log, metrics });
      const app = new Hono();
      // DNS rebinding: a page on another name that resolves to this address must not reach the API.
      app.use('*', hostGuard({ listenHost: host, allowedHosts }));
      app.route('/', createIngestApp({ producer, queues, auth, logger: log, limits: ingestLimits }));
      app.route('/', createArticlesApi({ store, auth }));
      app.route('/', dashboard.app);
      handler = app.fetch;
    }
    const redisUrl = target.url ?? 'cluster';
    writeRunState(home, { pid: process.pid, redisUrl, apiUrl, startedAt: new Date().toISOString(), embeddedRedis: Boolean(embedded), apiToken, prefix });

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        const t0 = Date.now();
        const step = async (what: string, fn: () => Promise<unknown>) => {
          const t = Date.now();
          await fn().catch((err) => log.warn({ err: (err as Error).message, what }, 'error while stopping'));
          log.debug({ what, ms: Date.now() - t }, 'stopped');
        };
        clearRunState(home);
        // Stop taking requests first; then let active jobs finish (bounded), then release resources.
        await step('http', async () => {
          if (!server) return;
          const srv = server as unknown as { close(cb: () => void): void; closeIdleConnections?(): void; closeAllConnections?(): void };
          const closed = new Promise<void>((r) => srv.close(() => r()));
          srv.closeIdleConnections?.();
          // A client that keeps sending on keep-alive connections would hold the close open until the
          // shutdown timeout (then exit without the orderly stop): give requests 2 s, then cut.
          let grace: NodeJS.Timeout | undefined;
          await Promise.race([closed, new Promise<void>((r) => (grace = setTimeout(r, 2_000)))]);
          clearTimeout(grace);
          srv.closeAllConnections?.();
          await closed;
        });
        await step('workers', () => Promise.all([...workers.map((w) => w.close(env.SHUTDOWN_TIMEOUT_MS)), children?.stop()]));
        await step('feeds', () => feeds.close());
        await step('dashboard', async () => dashboard?.close());
        await step('producer', () => producer.close());
        await step('queues', () => closeQueues(queues));
        await step('resources', undo);
        log.info({ ms: Date.now() - t0 }, 'pipeline stopped');
      })());
    return { redisUrl, redisDisplayUrl, apiUrl, apiToken, prefix, store, producer, queues, workers, children, stop };
  } catch (err) {
    await undo();
    throw err;
  }
}
