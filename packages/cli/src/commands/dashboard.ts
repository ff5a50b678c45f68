import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { closeRedis, envInt, installShutdown, loadEnv } from '@newsflow/core';
import { allowedHostsFromEnv, createDashboardApp, type DashboardAuth } from '@newsflow/dashboard';
import { hardenServer, ingestLimitsFromEnv } from '@newsflow/ingest';
import { describeStore, openStore, storeConfigFromEnv, type ArticleStore } from '@newsflow/sink';
import { CliError, type CliContext } from '../context.js';
import { CliEnv, cliLogger, connectRedis, readRunState, resolveRedis } from '../runtime.js';
import { parsePositiveInt } from './start.js';

const DashboardEnv = CliEnv.extend({
  /** Interface to listen on. */
  DASHBOARD_HOST: z.string().default('127.0.0.1'),
  /** Port to listen on (0 = a free one). */
  DASHBOARD_PORT: envInt('DASHBOARD_PORT', 8081, 0, 65535),
  /** Basic-auth user and password for browsers (both or neither). */
  DASHBOARD_USER: z.string().min(1).optional(),
  DASHBOARD_PASSWORD: z.string().min(8, 'DASHBOARD_PASSWORD must be at least 8 characters').optional(),
  /** `none` turns auth off; only allowed on a loopback interface. */
  NEWSFLOW_AUTH: z.enum(['token', 'none'], { error: 'NEWSFLOW_AUTH must be "token" or "none"' }).default('token'),
  /** Seconds a stage may hold waiting jobs without finishing one before /healthz/stages fails. */
  STALE_AFTER_SECONDS: envInt('STALE_AFTER_SECONDS', 120, 1, 86_400),
});

const isLoopback = (h: string) => h === 'localhost' || h === '::1' || /^127\./.test(h);

/** The store, when one is configured and present; the dashboard works without it (no article pages). */
async function maybeStore(ctx: CliContext): Promise<ArticleStore | undefined> {
  const cfg = storeConfigFromEnv();
  if (cfg.kind !== 'postgres' && !existsSync(resolve(cfg.path))) {
    ctx.err(`no article store at ${cfg.path}: the dashboard runs without recent articles (set SINK / SQLITE_PATH / DATABASE_URL)`);
    return undefined;
  }
  try {
    return await openStore(cfg);
  } catch (e) {
    throw new CliError(`cannot open the article store (${describeStore(cfg)}): ${(e as Error).message}`);
  }
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('dashboard')
    .description('serve bull-board, the pipeline page, /metrics and /readyz alone, against REDIS_URL or the Redis of `newsflow start`')
    .option('--port <n>', 'port (env DASHBOARD_PORT, default 8081; 0 picks a free one)', parsePositiveInt('--port'))
    .option('--host <addr>', 'interface (env DASHBOARD_HOST, default 127.0.0.1)')
    .option('--read-only', 'no retry, clean or remove from the UI')
    .option('--public-metrics', 'serve /metrics without auth (for a Prometheus on a private network)')
    .action(async (o: { port?: number; host?: string; readOnly?: boolean; publicMetrics?: boolean }) => {
      const env = loadEnv(DashboardEnv);
      const host = o.host ?? env.DASHBOARD_HOST;
      const port = o.port ?? env.DASHBOARD_PORT;
      if (env.NEWSFLOW_AUTH === 'none' && !isLoopback(host)) {
        throw new CliError(`NEWSFLOW_AUTH=none is for local use only: the dashboard must listen on a loopback address, not ${host}`);
      }
      if (Boolean(env.DASHBOARD_USER) !== Boolean(env.DASHBOARD_PASSWORD)) throw new CliError('set both DASHBOARD_USER and DASHBOARD_PASSWORD, or neither');
      const logger = cliLogger(env, 'newsflow-dashboard');
      const target = resolveRedis(env);
      const prefix = target.from === 'newsflow start' ? (readRunState(env.NEWSFLOW_HOME)?.prefix ?? env.NEWSFLOW_PREFIX) : env.NEWSFLOW_PREFIX;
      const token = env.NEWSFLOW_API_TOKEN ?? readRunState(env.NEWSFLOW_HOME)?.apiToken ?? null;
      const generated = !token && env.NEWSFLOW_AUTH !== 'none' && !env.DASHBOARD_USER ? randomBytes(24).toString('base64url') : null;
      const tokens = [token, generated].filter((t): t is string => Boolean(t));
      const auth: DashboardAuth =
        env.NEWSFLOW_AUTH === 'none'
          ? { disabled: true }
          : { tokens, ...(env.DASHBOARD_USER ? { basic: { user: env.DASHBOARD_USER, password: env.DASHBOARD_PASSWORD! } } : {}) };

      const connection = await connectRedis(target, 'producer');
      const store = await maybeStore(ctx);
      const d = createDashboardApp({
        hosts: { listenHost: host, allowedHosts: allowedHostsFromEnv() },
        connection,
        prefix,
        store,
        auth,
        readOnly: o.readOnly,
        publicMetrics: o.publicMetrics,
        staleAfterMs: env.STALE_AFTER_SECONDS * 1000,
        logger,
      });
      const app = new Hono();
      app.get('/', (c) => c.redirect('/dashboard'));
      app.route('/', d.app);
      const server = serve({ fetch: app.fetch, hostname: host, port });
      hardenServer(server, ingestLimitsFromEnv());
      await new Promise<void>((res, rej) => {
        server.once('listening', () => res());
        server.once('error', (e: NodeJS.ErrnoException) => rej(e.code === 'EADDRINUSE' ? new CliError(`port ${port} on ${host} is in use: pass --port`) : e));
      });
      const addr = server.address();
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${typeof addr === 'object' && addr ? addr.port : port}`;
      ctx.out(`newsflow dashboard on ${url}/dashboard (Redis from ${target.from}, prefix ${prefix}${store ? '' : ', no article store'}${o.readOnly ? ', read-only' : ''})`);
      ctx.out(`  queues:  ${url}/admin/queues   metrics: ${url}/metrics   ready: ${url}/readyz`);
      if (generated) {
        // Never printed (logs keep it): written where only this user can read it.
        const file = join(resolve(env.NEWSFLOW_HOME), 'dashboard-token');
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
        writeFileSync(file, `${generated}\n`, { mode: 0o600 });
        ctx.out(`  open:    ${url}/dashboard?token=<token>   (generated for this run, in ${file}; set NEWSFLOW_API_TOKEN to fix one)`);
      }
      else if (env.NEWSFLOW_AUTH === 'none') ctx.out('  auth:    disabled (NEWSFLOW_AUTH=none, loopback only)');
      else {
        const ways = [token ? 'the API token (NEWSFLOW_API_TOKEN or run state): open /dashboard?token=<token> once' : '', env.DASHBOARD_USER ? `basic user ${env.DASHBOARD_USER}` : ''];
        ctx.out(`  auth:    ${ways.filter(Boolean).join('; or ')}`);
      }
      installShutdown({
        logger,
        timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
        closers: [
          () => new Promise<void>((r) => server.close(() => r())),
          () => d.close(),
          async () => store?.close(),
          () => closeRedis(connection),
        ],
      });
    });
}
