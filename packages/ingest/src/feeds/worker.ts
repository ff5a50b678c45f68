import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { DEFAULT_PREFIX, AppError, coerceError, type Logger, type RedisConnection, type StageDeps } from '@newsflow/core';
import { createProducer, type Producer } from '../producer.js';
import { createPoliteFetcher, type PoliteFetcher, type PoliteFetcherOptions } from './fetcher.js';
import { decodeFeedBody } from './decode-feed.js';
import { parseFeed, type FeedEntry, type ParsedFeed } from './parse-feed.js';
import { redisRateLimiter } from './rate-limit.js';
import { FEEDS_QUEUE, feedIdFor, feedSeenKey, feedStateKey, type FeedPollData } from './registry.js';

export interface FeedWorkerOptions {
  /** Fetch policy: timeouts, size cap, per-host interval, robots, private addresses. */
  fetch?: PoliteFetcherOptions;
  /** Most new article pages fetched in one poll; the rest wait for the next. @defaultValue 200 */
  maxItemsPerPoll?: number;
  /** Most child sitemaps read from a sitemap index per poll. @defaultValue 20 */
  maxSitemaps?: number;
  /** Polls at once. @defaultValue 2 */
  concurrency?: number;
  /** How long an article URL is remembered as ingested. @defaultValue 30 days */
  seenTtlMs?: number;
}

export interface PollResult {
  feedId: string;
  notModified: boolean;
  entries: number;
  ingested: number;
  skipped: number;
  failed: Array<{ url: string; reason: string }>;
}

const PAGE_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

/** Read a feed (and the sitemaps an index points to) into entries; bodies decoded by `decodeFeedBody`. */
async function readFeed(fetcher: PoliteFetcher, res: { body: Buffer; url: string; headers: Record<string, string> }, maxSitemaps: number): Promise<ParsedFeed & { entries: FeedEntry[] }> {
  const feed = parseFeed(decodeFeedBody(res.body, res.headers['content-type'], res.url), res.url);
  if (feed.kind !== 'sitemapindex') return feed;
  const entries: FeedEntry[] = [];
  for (const child of feed.sitemaps.slice(0, maxSitemaps)) {
    const r = await fetcher.get(child);
    if (r.status !== 200) continue;
    const sub = parseFeed(decodeFeedBody(r.body, r.headers['content-type'], r.url), r.url);
    entries.push(...sub.entries);
    feed.site ??= sub.site;
  }
  return { ...feed, entries };
}

/**
 * Poll one feed: conditional GET, parse, fetch each article not seen before, submit it, and
 * remember it. A URL is remembered only once submitted (or refused for good), so a crash or a
 * transient failure means it is tried again next poll, never lost; re-submission is harmless
 * because the page id makes it one job.
 */
export async function pollFeed(
  data: FeedPollData,
  deps: { connection: RedisConnection; prefix: string; fetcher: PoliteFetcher; producer: Producer; logger: Logger; clock: () => Date },
  opts: Pick<FeedWorkerOptions, 'maxItemsPerPoll' | 'maxSitemaps' | 'seenTtlMs'> = {},
): Promise<PollResult> {
  const feedId = feedIdFor(data.url);
  const stateKey = feedStateKey(deps.prefix, feedId);
  const seenKey = feedSeenKey(deps.prefix, feedId);
  const state = (await deps.connection.hgetall(stateKey)) as Record<string, string>;
  const res = await deps.fetcher.get(data.url, { ...(state.etag ? { etag: state.etag } : {}), ...(state.lastModified ? { lastModified: state.lastModified } : {}) });
  const now = deps.clock();
  if (res.status === 304) {
    await deps.connection.hset(stateKey, { lastPolledAt: now.toISOString(), lastStatus: '304' });
    return { feedId, notModified: true, entries: 0, ingested: 0, skipped: 0, failed: [] };
  }
  if (res.status !== 200) throw new AppError('FEED_HTTP', `${data.url}: HTTP ${res.status}`);
  const feed = await readFeed(deps.fetcher, res, opts.maxSitemaps ?? 20);

  const urls = feed.entries.map((e) => e.url);
  const scores = urls.length ? ((await deps.connection.zmscore(seenKey, ...urls)) as Array<string | null>) : [];
  const fresh = feed.entries.filter((_, i) => scores[i] === null);
  const todo = fresh.slice(0, opts.maxItemsPerPoll ?? 200);
  const result: PollResult = { feedId, notModified: false, entries: feed.entries.length, ingested: 0, skipped: feed.entries.length - fresh.length, failed: [] };
  const remember = (url: string) => deps.connection.zadd(seenKey, Date.now(), url);

  for (const entry of todo) {
    try {
      const page = await deps.fetcher.get(entry.url);
      if (page.status !== 200) throw new AppError('PAGE_HTTP', `HTTP ${page.status}`);
      const type = page.headers['content-type'] ?? 'text/html';
      if (!PAGE_TYPES.test(type)) throw new AppError('PAGE_TYPE', `not a web page (${type})`);
      await deps.producer.submit({
        url: page.url,
        htmlBase64: page.body.toString('base64'),
        fetchedAt: deps.clock().toISOString(),
        headers: { 'content-type': type },
        source: `feed:${data.url}`,
        ...((data.site ?? feed.site) ? { site: data.site ?? feed.site } : {}),
        ...((data.language ?? entry.language ?? feed.language) && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(data.language ?? entry.language ?? feed.language ?? '')
          ? { language: data.language ?? entry.language ?? feed.language }
          : {}),
        metadata: { feed: { url: data.url, id: feedId, ...(entry.title ? { title: entry.title } : {}), ...(entry.publishedAt ? { publishedAt: entry.publishedAt } : {}) } },
      });
      await remember(entry.url);
      result.ingested++;
    } catch (err) {
      const e = coerceError(err);
      result.failed.push({ url: entry.url, reason: `${e.code}: ${e.message}` });
      // A page refused for good (robots, 4xx, not HTML, too large) is not fetched again.
      if (!e.retryable) await remember(entry.url);
      deps.logger.warn({ url: entry.url, code: e.code, err: e.message }, 'feed item not ingested');
    }
  }
  const ttl = opts.seenTtlMs ?? 30 * 86_400_000;
  await deps.connection.zremrangebyscore(seenKey, 0, Date.now() - ttl);
  // Validators are saved after the items are handled, so a crash mid-poll re-reads the whole feed.
  const validators: Record<string, string> = { lastPolledAt: now.toISOString(), lastStatus: String(res.status), lastIngested: String(result.ingested) };
  if (res.headers.etag) validators.etag = res.headers.etag;
  if (res.headers['last-modified']) validators.lastModified = res.headers['last-modified'];
  if (fresh.length > todo.length) {
    // More items wait than one poll takes: drop validators so the next poll does not get a 304.
    await deps.connection.hdel(stateKey, 'etag', 'lastModified');
    delete validators.etag;
    delete validators.lastModified;
  }
  await deps.connection.hset(stateKey, validators);
  return result;
}

/**
 * Polls registered feeds (`addFeed`) on BullMQ job schedulers in the `feeds` queue and submits new
 * article pages through `createProducer`. Per-host spacing is shared through Redis by every worker.
 */
export function createFeedWorker(deps: StageDeps, opts: FeedWorkerOptions = {}): { worker: Worker; close(): Promise<void> } {
  const prefix = deps.prefix ?? DEFAULT_PREFIX;
  const submitConn = deps.forwardConnection ?? deps.connection;
  const producer = createProducer({ connection: submitConn, prefix, ...(deps.clock ? { clock: deps.clock } : {}) });
  const fetcher = createPoliteFetcher({ limiter: redisRateLimiter(submitConn, prefix), ...opts.fetch });
  const log = deps.logger.child({ component: 'feeds', queue: FEEDS_QUEUE });
  const clock = deps.clock ?? (() => new Date());
  const worker = new Worker(
    FEEDS_QUEUE,
    async (job: Job<FeedPollData>) => {
      try {
        const r = await pollFeed(job.data, { connection: submitConn, prefix, fetcher, producer, logger: log.child({ jobId: job.id, feed: job.data.url }), clock }, opts);
        log.info({ feed: job.data.url, ...r, failed: r.failed.length }, 'feed polled');
        await submitConn.hdel(feedStateKey(prefix, feedIdFor(job.data.url)), 'lastError');
        return r;
      } catch (err) {
        const e = coerceError(err);
        // Shown by `newsflow feeds list`, so an operator sees why a feed brings nothing.
        await submitConn
          .hset(feedStateKey(prefix, feedIdFor(job.data.url)), { lastPolledAt: clock().toISOString(), lastError: `${e.code}: ${e.message}` })
          .catch(() => undefined);
        // A feed that cannot ever be read this way (private address, 404, not a feed) waits for its next scheduled poll.
        if (!e.retryable) throw new UnrecoverableError(`${e.code}: ${e.message}`);
        throw e;
      }
    },
    { connection: deps.connection, prefix, concurrency: opts.concurrency ?? 2, lockDuration: 120_000 },
  );
  worker.on('error', (err) => log.error({ err: err.message }, 'feed worker error'));
  worker.on('failed', (job, err) => log.warn({ feed: job?.data.url, err: err.message }, 'feed poll failed'));
  return {
    worker,
    async close() {
      await worker.close();
      await producer.close();
    },
  };
}
