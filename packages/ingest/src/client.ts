import { AppError, ValidationError } from '@newsflow/core';
import type { BatchResponse, ItemResult } from './api-schemas.js';
import { validateRaw, type FieldIssue } from './producer.js';
import type { PageStatus } from './status.js';

export interface IngestClientOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Bearer token; null or omitted when the server runs with auth disabled. */
  token?: string | null;
  /** Retries after the first try on 429, 5xx and network errors. @defaultValue 5 */
  retries?: number;
  /** First backoff; doubles each retry, with full jitter. @defaultValue 200 */
  baseDelayMs?: number;
  /** Longest wait between tries (a larger Retry-After is still honoured up to `maxRetryAfterMs`). @defaultValue 10000 */
  maxDelayMs?: number;
  /** Cap on how long a server's Retry-After can make the client wait. @defaultValue 60000 */
  maxRetryAfterMs?: number;
  /** Per-request timeout. @defaultValue 60000 */
  timeoutMs?: number;
  /** `submitBatch` splits larger inputs into requests of this many pages (the server takes up to 1000). @defaultValue 500 */
  batchSize?: number;
  /** @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /** @defaultValue setTimeout-based sleep; tests pass a recorder */
  sleep?: (ms: number) => Promise<void>;
}

/** An error answer from the API, with its HTTP status, stable code and field issues. */
export class IngestApiError extends AppError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(code, message, { retryable: status === 429 || status >= 500, details: issues });
    this.name = 'IngestApiError';
  }
}

export interface SubmitResponse {
  pageId: string;
  duplicate: boolean;
  statusUrl: string;
}

export interface IngestClient {
  /** Validate locally (throws `ValidationError` naming each field) and submit one page. */
  submit(raw: unknown): Promise<SubmitResponse>;
  /** Submit many pages through the batch endpoint (split into `batchSize` requests); locally invalid items are rejected without being sent. */
  submitBatch(raws: readonly unknown[]): Promise<BatchResponse>;
  /** Stream NDJSON text (lines of RawArticle) to the NDJSON endpoint. */
  submitNdjson(body: string | Uint8Array): Promise<BatchResponse>;
  status(pageId: string): Promise<PageStatus>;
  /** Statuses of many pages (100 per request). */
  statuses(pageIds: readonly string[]): Promise<PageStatus[]>;
}

/** Wait before retry `attempt` (0-based): full jitter over an exponential ceiling, or Retry-After. */
export function retryDelay(attempt: number, retryAfter: string | null, o: { baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number }, random = Math.random): number {
  if (retryAfter) {
    const secs = Number(retryAfter);
    const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(ms) && ms >= 0) return Math.min(ms + random() * o.baseDelayMs, o.maxRetryAfterMs);
  }
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** SDK for scrapers in Node: the HTTP API with retries, backoff and jitter, honouring Retry-After. */
export function createIngestClient(opts: IngestClientOptions): IngestClient {
  const base = opts.url.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? globalThis.fetch;
  const retries = opts.retries ?? 5;
  const delays = { baseDelayMs: opts.baseDelayMs ?? 200, maxDelayMs: opts.maxDelayMs ?? 10_000, maxRetryAfterMs: opts.maxRetryAfterMs ?? 60_000 };
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = opts.timeoutMs ?? 60_000;

  async function request<T>(method: string, path: string, body?: { type: string; data: string | Uint8Array }): Promise<{ status: number; data: T }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (body) headers['content-type'] = body.type;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(`${base}${path}`, { method, headers, body: body?.data as RequestInit['body'], signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        if (attempt >= retries) throw new IngestApiError(0, 'UNREACHABLE', `cannot reach ${base}: ${(err as Error).message}`);
        await sleep(retryDelay(attempt, null, delays));
        continue;
      }
      const text = await res.text();
      let data: unknown = undefined;
      try {
        data = text ? JSON.parse(text) : undefined;
      } catch {
        data = undefined;
      }
      if (res.ok || (res.status === 404 && path.startsWith('/v1/pages/'))) return { status: res.status, data: data as T };
      const e = (data as { error?: { code?: string; message?: string; issues?: FieldIssue[] } } | undefined)?.error;
      const error = new IngestApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? (text.slice(0, 200) || res.statusText), e?.issues ?? []);
      if (!error.retryable || attempt >= retries) throw error;
      await sleep(retryDelay(attempt, res.headers.get('retry-after'), delays));
    }
  }

  return {
    async submit(raw) {
      const page = validateRaw(raw);
      return (await request<SubmitResponse>('POST', '/v1/articles', { type: 'application/json', data: JSON.stringify(page) })).data;
    },
    async submitBatch(raws) {
      const local: ItemResult[] = [];
      const send: Array<{ index: number; page: unknown }> = [];
      raws.forEach((raw, index) => {
        try {
          send.push({ index, page: validateRaw(raw) });
        } catch (err) {
          const v = err as ValidationError;
          local.push({ index, status: 'rejected', error: { code: v.code, message: v.message, issues: v.details as FieldIssue[] } });
        }
      });
      const out: BatchResponse = { accepted: 0, duplicates: 0, rejected: local.length, results: local };
      const size = opts.batchSize ?? 500;
      for (let i = 0; i < send.length; i += size) {
        const part = send.slice(i, i + size);
        const body = JSON.stringify(part.map((s) => s.page));
        const remote = (await request<BatchResponse>('POST', '/v1/articles/batch', { type: 'application/json', data: body })).data;
        out.accepted += remote.accepted;
        out.duplicates += remote.duplicates;
        out.rejected += remote.rejected;
        for (const r of remote.results) out.results.push({ ...r, index: part[r.index]!.index });
      }
      out.results.sort((a, b) => a.index - b.index);
      return out;
    },
    async submitNdjson(body) {
      return (await request<BatchResponse>('POST', '/v1/articles/ndjson', { type: 'application/x-ndjson', data: body })).data;
    },
    async status(pageId) {
      return (await request<PageStatus>('GET', `/v1/pages/${encodeURIComponent(pageId)}`)).data;
    },
    async statuses(pageIds) {
      const out: PageStatus[] = [];
      for (let i = 0; i < pageIds.length; i += 100) {
        const ids = pageIds.slice(i, i + 100).join(',');
        out.push(...(await request<{ pages: PageStatus[] }>('GET', `/v1/pages?ids=${ids}`)).data.pages);
      }
      return out;
    },
  };
}
