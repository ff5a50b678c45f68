import { Hono, type Context } from 'hono';
import { AppError, ValidationError, coerceError, type Logger } from '@newsflow/core';
import { listFailed, parseStage, retryFailed, showFailed } from './jobs.js';
import type { Pipeline } from './pipeline.js';
import { pipelineStats } from './stats.js';
import { recentArticles, type DashboardStore } from './store.js';
import type { StageWatchdog } from './watchdog.js';

export interface ApiDeps {
  pipeline: Pipeline;
  store?: DashboardStore;
  readOnly: boolean;
  watchdog: StageWatchdog;
  logger: Logger;
}

function intParam(c: Context, name: string, def: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ValidationError(`${name}: must be a whole number from 1 to ${max}`);
  return n;
}

/** Error → JSON with a status a client can act on. */
export function errorResponse(c: Context, err: unknown, logger: Logger) {
  const e = coerceError(err);
  const status = e instanceof ValidationError ? 400 : e.code === 'NOT_FOUND' ? 404 : e.code === 'READ_ONLY' ? 403 : e.retryable ? 503 : 500;
  if (status >= 500) logger.error({ code: e.code, err: e.message }, 'dashboard request failed');
  return c.json({ error: { code: e.code, message: e.message } }, status);
}

/** JSON endpoints behind the pipeline page, mounted at `/dashboard/api`. */
export function dashboardApi(deps: ApiDeps): Hono {
  const api = new Hono();
  const { pipeline: p, store } = deps;

  api.onError((err, c) => errorResponse(c, err, deps.logger));

  // State-changing calls need a header a cross-site form cannot send (CSRF with basic auth or cookie).
  api.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (deps.readOnly) throw new AppError('READ_ONLY', 'the dashboard is read-only');
    if (c.req.header('x-requested-with') !== 'newsflow') {
      throw new ValidationError('x-requested-with: header "newsflow" is required for changes');
    }
    return next();
  });

  api.get('/overview', async (c) => {
    const stages = await pipelineStats(p);
    const [failed, articles, stored, stories] = await Promise.all([
      listFailed(p, { limit: intParam(c, 'failed', 20, 200) }),
      store ? recentArticles(store, intParam(c, 'articles', 20, 200), p) : Promise.resolve(null),
      store ? store.count() : Promise.resolve(null),
      // The most recently active stories of the last 3 days (the default story window).
      store?.stories ? store.stories({ since: new Date(Date.now() - 3 * 86_400_000).toISOString(), limit: intParam(c, 'stories', 10, 100) }) : Promise.resolve(null),
    ]);
    return c.json({
      generatedAt: new Date().toISOString(),
      readOnly: deps.readOnly,
      stages,
      health: deps.watchdog.check(stages),
      failed,
      articles,
      storedArticles: stored,
      stories,
    });
  });

  api.get('/failed', async (c) => {
    const stage = parseStage(c.req.query('stage'));
    const code = c.req.query('code') || undefined;
    if (code !== undefined && !/^[A-Z][A-Z0-9_]{1,63}$/.test(code)) throw new ValidationError('code: must be a reason code such as VALIDATION_FAILED');
    return c.json({ items: await listFailed(p, { stage, code, limit: intParam(c, 'limit', 50, 1000) }) });
  });

  api.get('/failed/:stage/:id', async (c) => {
    const stage = parseStage(c.req.param('stage'));
    return c.json(await showFailed(p, c.req.param('id'), stage));
  });

  api.post('/failed/:stage/:id/retry', async (c) => {
    const stage = parseStage(c.req.param('stage'));
    return c.json({ retried: await retryFailed(p, { id: c.req.param('id'), stage }) });
  });

  api.post('/failed/retry', async (c) => {
    const stage = parseStage(c.req.query('stage'));
    return c.json({ retried: await retryFailed(p, { stage }) });
  });

  api.get('/articles', async (c) => {
    if (!store) throw new AppError('NO_STORE', 'no article store is configured for this dashboard', { retryable: false });
    return c.json({ items: await recentArticles(store, intParam(c, 'limit', 20, 500), p) });
  });

  api.get('/articles/:id', async (c) => {
    if (!store) throw new AppError('NO_STORE', 'no article store is configured for this dashboard', { retryable: false });
    const id = c.req.param('id');
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) throw new ValidationError('id: must be an article id');
    const stored = await store.get(id);
    if (!stored) throw new AppError('NOT_FOUND', `no article "${id}"`);
    const versions = await store.versions(id);
    return c.json({ article: stored, versions });
  });

  return api;
}
