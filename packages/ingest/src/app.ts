import type { Queue } from 'bullmq';
import { Hono, type Context } from 'hono';
import type { QueueName } from '@newsflow/contracts';
import { AppError, TransientError, coerceError, type Logger } from '@newsflow/core';
import { bearerAuth, type AuthConfig } from './auth.js';
import { createBackpressure, type BackpressureOptions } from './backpressure.js';
import { parseJsonBytes, readBody, requireMediaType } from './body.js';
import { ingestNdjson, type NdjsonLimits } from './ndjson.js';
import { HttpError, errorBody } from './http-error.js';
import { redisRefusal } from './redis-refusal.js';
import { buildOpenApi } from './openapi.js';
import type { FieldIssue, Producer } from './producer.js';
import { summarize, toItem } from './results.js';
import { isPageId, pageStatus } from './status.js';
import { RAW_ARTICLE_JSON_SCHEMA } from './schemas.js';
import type { ServerLimits } from './server.js';

/** Limits of the API; the server ones (`ServerLimits`) are applied by `hardenServer`. */
export interface IngestLimits extends BackpressureOptions, ServerLimits {
  /** Largest body of `POST /v1/articles`. @defaultValue 32 MiB (a page may carry 20 MB of text) */
  maxBodyBytes?: number;
  /** Largest body of the batch endpoint. @defaultValue 64 MiB */
  maxBatchBytes?: number;
  /** Most pages in one batch. @defaultValue 1000 */
  maxBatchItems?: number;
  /** Largest NDJSON stream. @defaultValue 1 GiB */
  maxNdjsonBytes?: number;
  /** Largest single NDJSON line; a longer line is rejected alone. @defaultValue 32 MiB */
  maxLineBytes?: number;
  /**
   * Most lines of one NDJSON stream; past it the rest is not read and the answer is 413
   * `TOO_MANY_LINES` (with the results of the lines read). @defaultValue 100000
   */
  maxNdjsonLines?: number;
  /** Per-line results an NDJSON answer lists (all lines are counted). @defaultValue 1000 */
  maxNdjsonResults?: number;
  /** Rejected lines an NDJSON answer lists when per-line results were left out. @defaultValue 100 */
  maxNdjsonErrors?: number;
}

export interface IngestAppOptions {
  producer: Producer;
  /** Pipeline queues: `pageStatus` reads them and backpressure counts waiting jobs. */
  queues: Record<QueueName, Queue>;
  auth: AuthConfig;
  limits?: IngestLimits;
  logger: Logger;
}

const JSON_TYPES = ['application/json'] as const;
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/jsonlines'] as const;

/**
 * The ingest HTTP API as a Hono app (no listening here: the caller serves it). Every `/v1` route
 * needs the bearer token unless auth is disabled; `/openapi.json` and the JSON Schema are public.
 */
export function createIngestApp(opts: IngestAppOptions): Hono {
  const limits = opts.limits ?? {};
  const maxBody = limits.maxBodyBytes ?? 32 * 1024 * 1024;
  const maxBatch = limits.maxBatchBytes ?? 64 * 1024 * 1024;
  const maxItems = limits.maxBatchItems ?? 1000;
  const ndjson: NdjsonLimits = {
    maxBytes: limits.maxNdjsonBytes ?? 1024 * 1024 * 1024,
    maxLineBytes: limits.maxLineBytes ?? 32 * 1024 * 1024,
    maxLines: limits.maxNdjsonLines ?? 100_000,
    maxResults: limits.maxNdjsonResults ?? 1000,
    maxErrors: limits.maxNdjsonErrors ?? 100,
  };
  const retryAfter = limits.retryAfterSeconds ?? 5;
  const { producer, queues } = opts;
  const log = opts.logger.child({ component: 'ingest-api' });
  const backpressure = createBackpressure(queues, limits, () => producer.redisMemoryPercent());
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.extra.headers ?? {})) c.header(k, v);
      return c.json(errorBody(err.code, err.message, err.extra.issues), err.status);
    }
    const e = coerceError(err);
    if (e.code === 'VALIDATION_FAILED') return c.json(errorBody(e.code, e.message, e.details as FieldIssue[]), 400);
    // Our own errors say whether a retry helps, and Redis refusing writes (OOM, READONLY, …) or being
    // unreachable is a reason to come back later; anything else is a bug, not the client's business.
    const transient = err instanceof AppError ? (err.retryable ? e : null) : e instanceof TransientError ? e : redisRefusal(err, 'request failed');
    if (transient) {
      log.warn({ code: transient.code, err: transient.message }, 'request failed; the client may retry');
      c.header('Retry-After', String(retryAfter));
      return c.json(errorBody(transient.code, transient.message), 503);
    }
    log.error({ code: e.code, err: err instanceof Error ? (err.stack ?? err.message) : String(err) }, 'request failed');
    return c.json(errorBody('INTERNAL', 'internal error; it has been logged'), 500);
  });
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `no route ${c.req.method} ${c.req.path}`), 404));

  const openapi = buildOpenApi();
  app.get('/openapi.json', (c) => c.json(openapi));
  app.get('/v1/schemas/raw-article.json', (c) => c.json(RAW_ARTICLE_JSON_SCHEMA));

  app.use('/v1/articles', bearerAuth(opts.auth));
  app.use('/v1/articles/*', bearerAuth(opts.auth));
  app.use('/v1/pages', bearerAuth(opts.auth));
  app.use('/v1/pages/*', bearerAuth(opts.auth));

  app.post('/v1/articles', async (c) => {
    requireMediaType(c.req.header('content-type'), JSON_TYPES);
    await backpressure.check();
    const body = parseJsonBytes(await readBody(c.req.raw, maxBody));
    try {
      const r = await producer.submit(body);
      return c.json({ ...r, statusUrl: `/v1/pages/${r.pageId}` }, r.duplicate ? 200 : 202);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION_FAILED') {
        throw new HttpError(400, err.code, err.message, { issues: err.details as FieldIssue[] });
      }
      throw err;
    }
  });

  app.post('/v1/articles/batch', async (c) => {
    requireMediaType(c.req.header('content-type'), JSON_TYPES);
    await backpressure.check();
    const body = parseJsonBytes(await readBody(c.req.raw, maxBatch));
    const items = Array.isArray(body) ? body : (body as { articles?: unknown } | null)?.articles;
    if (!Array.isArray(items)) {
      throw new HttpError(400, 'VALIDATION_FAILED', 'body must be a JSON array of articles (or { "articles": [...] })', {
        issues: [{ path: '(root)', message: 'expected an array' }],
      });
    }
    if (items.length > maxItems) {
      throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `a batch holds at most ${maxItems} articles, got ${items.length}`);
    }
    const results = (await producer.submitMany(items)).map((r, i) => toItem(i, r));
    return c.json(summarize(results), 200);
  });

  app.post('/v1/articles/ndjson', async (c) => {
    requireMediaType(c.req.header('content-type'), NDJSON_TYPES);
    await backpressure.check();
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > ndjson.maxBytes) {
      throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body is larger than the limit of ${ndjson.maxBytes} bytes`);
    }
    const r = await ingestNdjson(c.req.raw.body, producer, backpressure, ndjson);
    for (const [k, v] of Object.entries(r.headers)) c.header(k, v);
    return c.json(r.body, r.status);
  });

  app.get('/v1/pages/:pageId', async (c) => {
    const pageId = c.req.param('pageId');
    if (!isPageId(pageId)) {
      throw new HttpError(400, 'VALIDATION_FAILED', 'pageId must be 32 hex characters', { issues: [{ path: 'pageId', message: 'must be 32 hex characters' }] });
    }
    const s = await pageStatus(queues, pageId, producer.storedArticleIds);
    return c.json(s, s.state === 'unknown' ? 404 : 200);
  });

  app.get('/v1/pages', async (c: Context) => {
    const ids = (c.req.query('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const bad = ids.filter((id) => !isPageId(id));
    if (ids.length === 0 || ids.length > 100 || bad.length) {
      throw new HttpError(400, 'VALIDATION_FAILED', 'ids must be 1 to 100 comma-separated page ids (32 hex characters each)', {
        issues: [{ path: 'ids', message: bad.length ? `not page ids: ${bad.slice(0, 5).join(', ')}` : `got ${ids.length} ids` }],
      });
    }
    return c.json({ pages: await Promise.all(ids.map((id) => pageStatus(queues, id, producer.storedArticleIds))) }, 200);
  });

  return app;
}
