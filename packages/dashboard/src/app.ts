import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { Logger, RedisConnection } from '@newsflow/core';
import { dashboardApi, errorResponse } from './api.js';
import { authMiddleware, type DashboardAuth } from './auth.js';
import { BOARD_PATH, mountBullBoard } from './board.js';
import { sameOriginGuard } from './csrf.js';
import { BOARD_CSP, DASHBOARD_CSP, localAssetsOnly, securityHeaders } from './headers.js';
import { hostGuard, type HostGuardOptions } from './hosts.js';
import { createMetrics, type Metrics } from './metrics.js';
import { openPipeline } from './pipeline.js';
import { readinessCheck } from './readiness.js';
import type { DashboardStore } from './store.js';
import { StageWatchdog } from './watchdog.js';
import { DEFAULT_PREFIX } from '@newsflow/core';

export interface DashboardOptions {
  /** Redis connection the queues are read through; the caller owns (and closes) it. */
  connection: RedisConnection;
  /** BullMQ key prefix. @defaultValue '{newsflow}' */
  prefix?: string;
  /** Article store for recent articles, the article page and store readiness. @defaultValue none */
  store?: DashboardStore;
  /** Who may open the dashboard, bull-board, the JSON API and `/metrics`. `/healthz`, `/healthz/stages` and `/readyz` stay open for probes. */
  auth: DashboardAuth;
  /** Hide and refuse retry, clean and remove, in bull-board and on the pipeline page. @defaultValue false */
  readOnly?: boolean;
  logger: Logger;
  /** A stage with waiting jobs and no finished job for this long makes `/healthz/stages` fail. @defaultValue 120000 */
  staleAfterMs?: number;
  /** Registry to serve at `/metrics` (share it with in-process workers' `onJobDone`). @defaultValue a new one */
  metrics?: Metrics;
  /** Serve `/metrics` without auth (for a Prometheus inside a private network). @defaultValue false */
  publicMetrics?: boolean;
  /** Time limit for each readiness probe of Redis and the store. @defaultValue 2000 */
  probeTimeoutMs?: number;
  /** How long `/readyz` reuses the answer of its write probes (Redis SET, `store.probe()`). @defaultValue 2000 */
  probeCacheMs?: number;
  /**
   * Host names the dashboard answers to (DNS-rebinding guard on its pages, bull-board, the JSON API
   * and `/metrics`; the probes stay open). Pass the listen host and `NEWSFLOW_ALLOWED_HOSTS`
   * (`allowedHostsFromEnv`).
   * @defaultValue loopback names only
   */
  hosts?: HostGuardOptions;
}

export interface DashboardApp {
  app: Hono;
  metrics: Metrics;
  close(): Promise<void>;
}

const STATIC_FILES: Record<string, string> = {
  'dashboard.css': 'text/css; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'article.js': 'text/javascript; charset=utf-8',
};

function loadStatic(name: string): string {
  // Both src/ and dist/ sit one level below the package root, next to static/.
  return readFileSync(new URL(`../static/${name}`, import.meta.url), 'utf8');
}

/**
 * The operations web app: bull-board at `/admin/queues`, the pipeline page at `/dashboard`, its JSON
 * API, Prometheus `/metrics`, `/healthz`, `/healthz/stages` and `/readyz`. It does not listen; serve `app.fetch`.
 */
export function createDashboardApp(opts: DashboardOptions): DashboardApp {
  const log = opts.logger.child({ component: 'dashboard' });
  const readOnly = opts.readOnly ?? false;
  const pipeline = openPipeline(opts.connection, opts.prefix ?? DEFAULT_PREFIX);
  const metrics = opts.metrics ?? createMetrics();
  const stopObserving = metrics.observe({ pipeline, store: opts.store });
  const watchdog = new StageWatchdog(opts.staleAfterMs ?? 120_000);
  const probeMs = opts.probeTimeoutMs ?? 2_000;
  const pages = { pipeline: loadStatic('pipeline.html'), article: loadStatic('article.html') };
  const assets = Object.fromEntries(Object.keys(STATIC_FILES).map((f) => [f, loadStatic(f)]));

  const app = new Hono();
  app.onError((err, c) => errorResponse(c, err, log));

  app.get('/healthz', (c) => c.json({ ok: true }));
  const readiness = readinessCheck({ pipeline, connection: opts.connection, store: opts.store, watchdog, logger: log, probeMs, cacheMs: opts.probeCacheMs ?? 2_000 });
  app.get('/readyz', async (c) => {
    const r = await readiness();
    return c.json(r, r.ok ? 200 : 503);
  });
  // The stage watchdog apart: 503 when a stage has waiting jobs and finished none for staleAfterMs
  // (a worker that silently stopped consuming), for a liveness probe or an alert, not for routing.
  app.get('/healthz/stages', async (c) => {
    const r = await readiness();
    return c.json({ ...r, ok: r.stagesOk }, r.stagesOk ? 200 : 503);
  });

  // Auth is scoped to our own paths: the app is often mounted next to other apps (the ingest API)
  // with `route('/')`, where a '*' middleware would guard their routes too.
  // Order: the Host check, then hardening headers (on refusals too), then the cross-site check, then auth.
  const hosts = hostGuard(opts.hosts);
  const sameOrigin = sameOriginGuard({ trustedHosts: Array.isArray(opts.hosts?.allowedHosts) ? opts.hosts.allowedHosts : [] });
  const auth = authMiddleware(opts.auth);
  const pagePaths = ['/dashboard', '/dashboard/*'];
  const boardPaths = [BOARD_PATH, `${BOARD_PATH}/*`];
  for (const p of [...pagePaths, ...boardPaths, '/metrics']) app.use(p, hosts);
  for (const p of pagePaths) app.use(p, securityHeaders(DASHBOARD_CSP));
  for (const p of boardPaths) app.use(p, securityHeaders(BOARD_CSP), localAssetsOnly());
  for (const p of [...pagePaths, ...boardPaths]) app.use(p, sameOrigin, auth);
  if (!opts.publicMetrics) app.use('/metrics', auth);
  app.get('/metrics', async (c) => c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }));

  app.get('/dashboard', (c) => c.html(pages.pipeline));
  app.get('/dashboard/', (c) => c.html(pages.pipeline));
  app.get('/dashboard/articles/:id', (c) => c.html(pages.article));
  app.get('/dashboard/static/:file', (c) => {
    const f = c.req.param('file');
    if (!Object.hasOwn(STATIC_FILES, f)) return c.notFound();
    return c.body(assets[f]!, 200, { 'content-type': STATIC_FILES[f]!, 'cache-control': 'no-cache' });
  });
  app.route('/dashboard/api', dashboardApi({ pipeline, store: opts.store, readOnly, watchdog, logger: log }));
  mountBullBoard(app, pipeline.queues, readOnly);

  return {
    app,
    metrics,
    async close() {
      await stopObserving();
      await pipeline.close();
    },
  };
}

export { BOARD_PATH };
