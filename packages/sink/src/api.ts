import { Hono, type MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { AppError, coerceError } from '@newsflow/core';
import { parseArticleQuery, parseEntityQuery, parseStoryQuery } from './filter.js';
import type { ArticleStore } from './types.js';

/** Bearer tokens the read API accepts, or auth off (local use). A middleware replaces both. */
export type ArticlesApiAuth = { tokens: string[] } | { disabled: true } | MiddlewareHandler;

export interface ArticlesApiOptions {
  store: ArticleStore;
  /** Who may read. @defaultValue `{ disabled: true }` */
  auth?: ArticlesApiAuth;
  /** @defaultValue () => new Date() (relative `since`/`until` such as `24h` count back from it) */
  clock?: () => Date;
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

function authFor(auth: ArticlesApiAuth | undefined): MiddlewareHandler | null {
  if (!auth || (typeof auth === 'object' && 'disabled' in auth)) return null;
  if (typeof auth === 'function') return auth;
  const tokens = auth.tokens.filter((t) => t.length > 0);
  if (!tokens.length) throw new Error('articles API auth.tokens is empty: give a token, or { disabled: true } for local use');
  const unauthorized = { message: errorBody('UNAUTHORIZED', 'missing or invalid Authorization: Bearer <token>') };
  return bearerAuth({ token: tokens, realm: 'newsflow', noAuthenticationHeader: unauthorized, invalidToken: unauthorized, invalidAuthenticationHeader: unauthorized });
}

/**
 * The HTTP read API over the article store:
 * `GET /v1/articles` (since, until, site, entity, cluster, q, canonical, id, limit, cursor) → `{ items, nextCursor }`;
 * `GET /v1/articles/:id` (`?versions=1` adds the version list) → the stored article;
 * `GET /v1/articles/:id/versions/:n` → the article as it was at version n;
 * `GET /v1/entities?q&type&limit` → entities by how many articles mention them;
 * `GET /v1/stories?since&until&min&limit` → stories, most recently active first;
 * `GET /v1/stories/:id` (`?articles=N`, default 50) → one story and its stored articles.
 * Routes (and auth) are scoped to `/v1/articles`, `/v1/entities` and `/v1/stories`, so the app mounts at `/` beside others.
 */
export function createArticlesApi(opts: ArticlesApiOptions): Hono {
  const { store } = opts;
  const clock = opts.clock ?? (() => new Date());
  const app = new Hono();
  const auth = authFor(opts.auth);
  if (auth) {
    app.use('/v1/articles', auth);
    app.use('/v1/articles/*', auth);
    app.use('/v1/entities', auth);
    app.use('/v1/stories', auth);
    app.use('/v1/stories/*', auth);
  }

  app.get('/v1/articles', async (c) => {
    // `token` is an auth parameter some clients (the dashboard's browser links) add, not a filter.
    const { token: _token, ...raw }: Record<string, unknown> = { ...c.req.query() };
    const ids = c.req.queries('id');
    if (ids && ids.length > 1) raw.id = ids;
    const filter = parseArticleQuery(raw, clock());
    const page = await store.list(filter);
    return c.json(page);
  });

  app.get('/v1/articles/:id', async (c) => {
    const id = c.req.param('id');
    const stored = await store.get(id);
    if (!stored) return c.json(errorBody('NOT_FOUND', `no article with id ${id}`), 404);
    const v = c.req.query('versions');
    if (v !== undefined && v !== '0' && v !== 'false') return c.json({ ...stored, versions: await store.versions(id) });
    return c.json(stored);
  });

  app.get('/v1/articles/:id/versions/:n', async (c) => {
    const id = c.req.param('id');
    const n = Number(c.req.param('n'));
    if (!Number.isInteger(n) || n < 1) return c.json(errorBody('VALIDATION_FAILED', 'version must be a whole number ≥ 1'), 400);
    const doc = await store.getVersion(id, n);
    if (!doc) return c.json(errorBody('NOT_FOUND', `article ${id} has no version ${n}`), 404);
    return c.json(doc);
  });

  app.get('/v1/entities', async (c) => {
    const { token: _token, ...raw }: Record<string, unknown> = { ...c.req.query() };
    return c.json({ items: await store.entities(parseEntityQuery(raw)) });
  });

  app.get('/v1/stories', async (c) => {
    const { token: _token, ...raw }: Record<string, unknown> = { ...c.req.query() };
    return c.json({ items: await store.stories(parseStoryQuery(raw, clock())) });
  });

  app.get('/v1/stories/:id', async (c) => {
    const id = c.req.param('id');
    const { token: _token, articles, ...rest }: Record<string, unknown> = { ...c.req.query() };
    if (Object.keys(rest).length) return c.json(errorBody('VALIDATION_FAILED', `unknown parameter ${Object.keys(rest)[0]}; only articles is taken`), 400);
    const limit = parseArticleQuery({ limit: articles ?? '50' }).limit;
    const story = await store.story(id);
    if (!story) return c.json(errorBody('NOT_FOUND', `no story with id ${id}`), 404);
    const page = await store.list({ story: id, limit });
    return c.json({ ...story, items: page.items, nextCursor: page.nextCursor });
  });

  app.onError((err, c) => {
    if (err instanceof AppError && !err.retryable) return c.json(errorBody(err.code, err.message), 400);
    if ('getResponse' in err && typeof err.getResponse === 'function') return err.getResponse() as Response;
    const e = coerceError(err);
    return c.json(errorBody(e.code === 'INTERNAL' ? 'STORE_UNAVAILABLE' : e.code, 'the article store failed to answer; try again'), 503);
  });
  return app;
}
