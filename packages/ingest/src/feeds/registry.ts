import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Queue } from 'bullmq';
import { DEFAULT_PREFIX, AppError, normalizeUrl, sha256Hex, type RedisConnection } from '@newsflow/core';
import { isPublicAddress } from './address.js';

/** The queue feed polls run on: one BullMQ job scheduler per registered feed. */
export const FEEDS_QUEUE = 'feeds';

export interface FeedPollData {
  url: string;
  /** Site name for pages from this feed, when the feed does not name one. */
  site?: string;
  /** Language hint for pages from this feed. */
  language?: string;
}

export interface FeedInfo extends FeedPollData {
  id: string;
  everyMs: number;
  /** When the next poll is due (ms since epoch), if scheduled. */
  next?: number;
}

export function createFeedsQueue(connection: RedisConnection, prefix = DEFAULT_PREFIX): Queue {
  return new Queue(FEEDS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 }, removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } },
  });
}

/** Stable id of a feed: the same URL (up to normalisation) is one feed. */
export function feedIdFor(url: string): string {
  return `feed-${sha256Hex(normalizeUrl(url)).slice(0, 16)}`;
}

/** `90s`, `5m`, `2h`, `1d` or plain milliseconds → ms. At least 10 s: feeds are polled politely. */
export function parseEvery(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(s.trim());
  if (!m) throw new AppError('BAD_INTERVAL', `interval must look like 90s, 5m, 2h or 1d, got "${s}"`);
  const n = Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms').toLowerCase() as 'ms']!;
  if (n < 10_000) throw new AppError('BAD_INTERVAL', `interval must be at least 10s, got "${s}"`);
  return Math.round(n);
}

export interface FeedUrlCheck {
  /** Accept feeds on loopback, private and other non-public addresses (`FEEDS_ALLOW_PRIVATE`). @defaultValue false */
  allowPrivateAddresses?: boolean;
  /** How a host name is resolved. @defaultValue every address `dns.lookup` gives */
  lookup?: (host: string) => Promise<Array<{ address: string }>>;
}

const lookupAll = (host: string) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Refuse a feed URL that is not http(s) or whose host is (or resolves to) a non-public address,
 * at registration rather than at every poll. The poller checks again at connect time, so a
 * name that resolves differently later is still refused there.
 */
export async function checkFeedUrl(url: string, opts: FeedUrlCheck = {}): Promise<URL> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError('BAD_URL', `feed URL must be an absolute http(s) URL, got "${url}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AppError('BAD_URL', `feed URL must be http(s): ${url}`);
  if (opts.allowPrivateAddresses) return u;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const refuse = (why: string) =>
    new AppError('ADDRESS_NOT_ALLOWED', `feed ${u.href} refused: ${why}; only public addresses are polled (set FEEDS_ALLOW_PRIVATE=1 for intranet feeds)`);
  if (isIP(host)) {
    if (!isPublicAddress(host)) throw refuse(`${host} is not a public address`);
    return u;
  }
  let addresses: Array<{ address: string }>;
  try {
    addresses = await (opts.lookup ?? lookupAll)(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A name that does not exist can never be polled; a DNS hiccup is left to the poller's check.
    if (code === 'ENOTFOUND') throw new AppError('BAD_URL', `feed ${u.href} refused: its host ${host} does not resolve (check the URL)`);
    return u;
  }
  const bad = addresses.map((a) => a.address).filter((a) => !isPublicAddress(a));
  if (bad.length) throw refuse(`${host} resolves to ${bad.join(', ')}, not a public address`);
  return u;
}

/**
 * Register (or update) a feed: polled now and every `everyMs` after. A URL on a non-public
 * address is refused (`checkFeedUrl`) unless `check.allowPrivateAddresses`.
 */
export async function addFeed(queue: Queue, feed: FeedPollData & { everyMs: number }, check: FeedUrlCheck = {}): Promise<FeedInfo> {
  const u = await checkFeedUrl(feed.url, check);
  const id = feedIdFor(feed.url);
  const data: FeedPollData = { url: u.href, ...(feed.site ? { site: feed.site } : {}), ...(feed.language ? { language: feed.language } : {}) };
  await queue.upsertJobScheduler(id, { every: feed.everyMs }, { name: 'poll', data });
  return { id, everyMs: feed.everyMs, ...data };
}

export async function listFeeds(queue: Queue): Promise<FeedInfo[]> {
  const all = await queue.getJobSchedulers(0, -1, true);
  return all.map((s) => {
    const data = (s.template?.data ?? {}) as FeedPollData;
    return { id: s.key, url: data.url, ...(data.site ? { site: data.site } : {}), ...(data.language ? { language: data.language } : {}), everyMs: Number(s.every ?? 0), ...(s.next ? { next: s.next } : {}) };
  });
}

/** Remove a feed by id or URL, with its polling state. True when it existed. */
export async function removeFeed(queue: Queue, idOrUrl: string, connection: RedisConnection, prefix = DEFAULT_PREFIX): Promise<boolean> {
  const id = /^feed-[a-f0-9]{16}$/.test(idOrUrl) ? idOrUrl : feedIdFor(idOrUrl);
  const removed = await queue.removeJobScheduler(id);
  await connection.del(feedStateKey(prefix, id), feedSeenKey(prefix, id));
  return removed;
}

export const feedStateKey = (prefix: string, id: string) => `${prefix}:feeds:state:${id}`;
export const feedSeenKey = (prefix: string, id: string) => `${prefix}:feeds:seen:${id}`;
