import type { Queue } from 'bullmq';
import { RawArticle, formatIssues, type IngestJob } from '@newsflow/contracts';
import { DEFAULT_PREFIX, AppError, ValidationError, createQueue, inlineBody, pageIdFor, storePageBodies, storedArticleIds, storedKey, waitForRedis, type RedisConnection } from '@newsflow/core';
import { redisMemoryPercent } from './backpressure.js';
import { redisRefusal } from './redis-refusal.js';

export interface ProducerOptions {
  /** A producer-role connection (fails fast when Redis is down); the caller owns and closes it. */
  connection: RedisConnection;
  /** BullMQ key prefix. @defaultValue '{newsflow}' */
  prefix?: string;
  /** @defaultValue () => new Date() */
  clock?: () => Date;
  /** How long a submission waits for a connection that is not ready yet. @defaultValue 5000 */
  connectTimeoutMs?: number;
}

/** What happened to one accepted page. */
export interface SubmitResult {
  /** Hash of url + content: the job id in every queue, and the key for `pageStatus`. */
  pageId: string;
  /** True when the same page (same url, same content) was already queued or processed. */
  duplicate: boolean;
}

export type SubmitManyItem = ({ ok: true } & SubmitResult) | { ok: false; error: AppError };

export interface Producer {
  /** Validate and enqueue one page. Throws `ValidationError` naming each bad field. */
  submit(raw: unknown): Promise<SubmitResult>;
  /** Validate and enqueue many pages in two round trips; one result per input, in order. */
  submitMany(raws: readonly unknown[]): Promise<SubmitManyItem[]>;
  /** The article id each page was stored as (page ledger), or null. */
  storedArticleIds(pageIds: readonly string[]): Promise<Array<string | null>>;
  /** Redis memory use in percent of its maxmemory, or null when it has none (backpressure reads it). */
  redisMemoryPercent(): Promise<number | null>;
  close(): Promise<void>;
}

/** One issue per line item, with a dotted path, for JSON error bodies. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Deepest nesting accepted in `metadata`: deeper values cannot be serialised into a job safely. */
export const MAX_METADATA_DEPTH = 32;

function depthExceeds(v: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d >= max) return true;
    for (const child of Object.values(x as Record<string, unknown>)) stack.push([child, d + 1]);
  }
  return false;
}

/** Validate a submission with the `RawArticle` contract; the error names every failing field. */
export function validateRaw(raw: unknown): RawArticle {
  const r = RawArticle.safeParse(raw);
  if (r.success) {
    if (r.data.metadata && depthExceeds(r.data.metadata, MAX_METADATA_DEPTH)) {
      const message = `must not nest deeper than ${MAX_METADATA_DEPTH} levels`;
      throw new ValidationError(`metadata: ${message}`, [{ path: 'metadata', message }]);
    }
    return r.data;
  }
  const issues: FieldIssue[] = r.error.issues.map((i) => ({ path: i.path.length ? i.path.join('.') : '(root)', message: i.message }));
  throw new ValidationError(formatIssues(r.error), issues);
}

/** The content a page id hashes: whichever single body field the page carries. */
export function pageContent(page: RawArticle): string {
  return inlineBody(page)?.body ?? '';
}

/**
 * Enqueue pages straight into Redis, for Node scrapers that sit next to it. Each body is written to
 * a key of its own and the job refers to it (`bodyRef`), so only parse reads it. The job id is the page
 * id, so the same page submitted twice (or by two scrapers) is one job. Whether a page is a
 * duplicate is read before adding; two identical pages racing in at the same instant both report
 * `duplicate: false` but still make one job.
 */
export function createProducer(opts: ProducerOptions): Producer {
  const clock = opts.clock ?? (() => new Date());
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const queue: Queue = createQueue('ingest', { connection: opts.connection, prefix });
  // Connection errors reach callers as TransientErrors from submit; the queue's own echo is noise.
  queue.on('error', () => undefined);

  async function submitMany(raws: readonly unknown[]): Promise<SubmitManyItem[]> {
    const receivedAt = clock().toISOString();
    const results: SubmitManyItem[] = new Array(raws.length);
    const fresh = new Map<string, IngestJob & { page: RawArticle; bytes: Buffer }>();
    const firstIndex = new Map<string, number>();
    raws.forEach((raw, i) => {
      let page: RawArticle;
      try {
        page = validateRaw(raw);
      } catch (err) {
        results[i] = { ok: false, error: err as ValidationError };
        return;
      }
      // The body's UTF-8, once: the page id hashes it and Redis stores it (~0.6 CPU ms a 200 KB page
      // less than encoding it for each).
      const bytes = Buffer.from(pageContent(page), 'utf8');
      const pageId = pageIdFor(page.url, bytes);
      if (firstIndex.has(pageId)) {
        results[i] = { ok: true, pageId, duplicate: true };
        return;
      }
      firstIndex.set(pageId, i);
      fresh.set(pageId, { pageId, receivedAt, page, trace: [], bytes });
    });
    if (fresh.size === 0) return results;

    const ids = [...fresh.keys()];
    let exists: boolean[];
    try {
      // Producer connections have no offline queue (fail fast); wait briefly for the first connect.
      if (opts.connection.status !== 'ready') await waitForRedis(opts.connection, opts.connectTimeoutMs ?? 5_000);
      // A page is known while its job exists in the ingest queue or, once retention removed the
      // job, while the page ledger says it was stored.
      const pipe = opts.connection.pipeline();
      for (const id of ids) pipe.exists(queue.toKey(id), storedKey(prefix, id));
      const replies = (await pipe.exec()) ?? [];
      exists = replies.map(([err, n]) => {
        if (err) throw err;
        return (n as number) > 0;
      });
      const toAdd = ids.filter((_, k) => !exists[k]);
      if (toAdd.length) {
        // Bodies first, then the jobs that point at them: a job never refers to a body not written.
        const jobs = toAdd.map((id) => fresh.get(id)!);
        const refs = await storePageBodies(opts.connection, prefix, jobs.map((j) => ({ pageId: j.pageId, ...inlineBody(j.page)!, bytes: j.bytes })));
        await queue.addBulk(
          jobs.map((j, k) => {
            const { html: _h, htmlBase64: _b, text: _t, ...page } = j.page;
            const data: IngestJob = { pageId: j.pageId, receivedAt: j.receivedAt, trace: j.trace, page, bodyRef: refs[k]! };
            return { name: 'page', data, opts: { jobId: j.pageId } };
          }),
        );
      }
    } catch (err) {
      const refused = redisRefusal(err);
      if (refused) throw refused;
      throw new AppError('ENQUEUE_FAILED', `could not enqueue: ${(err as Error).message}`, { retryable: false, cause: err });
    }
    ids.forEach((id, k) => {
      results[firstIndex.get(id)!] = { ok: true, pageId: id, duplicate: exists[k]! };
    });
    return results;
  }

  return {
    async submit(raw) {
      const [r] = await submitMany([raw]);
      if (!r!.ok) throw r!.error;
      return { pageId: r!.pageId, duplicate: r!.duplicate };
    },
    submitMany,
    storedArticleIds: (ids) => storedArticleIds(opts.connection, prefix, ids),
    redisMemoryPercent: () => redisMemoryPercent(opts.connection),
    async close() {
      await queue.close().catch(() => undefined);
    },
  };
}
