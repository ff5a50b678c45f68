import { AppError, TransientError } from '@newsflow/core';
import { DEFAULT_USER_AGENT, guardedGet, type FetchPolicy, type FetchedResponse } from './net.js';
import { memoryRateLimiter, type HostRateLimiter } from './rate-limit.js';
import { parseRobots, robotsAllows, type RobotsRules } from './robots.js';

export interface PoliteFetcherOptions extends FetchPolicy {
  /** Least time between two requests to one host; a larger robots.txt Crawl-delay wins. @defaultValue 1000 */
  perHostIntervalMs?: number;
  /** Longest Crawl-delay honoured, so one site cannot stall a worker. @defaultValue 30000 */
  maxCrawlDelayMs?: number;
  /** Obey robots.txt. @defaultValue true */
  respectRobots?: boolean;
  /** How long a robots.txt is reused. @defaultValue 3600000 */
  robotsTtlMs?: number;
  /** @defaultValue in-process spacing */
  limiter?: HostRateLimiter;
}

export interface Conditional {
  etag?: string;
  lastModified?: string;
}

type Unreachable = { unreachable: string };

export interface PoliteFetcher {
  /** GET after robots.txt and the host's rate limit allow it; 304 comes back as status 304. */
  get(url: string, conditional?: Conditional): Promise<FetchedResponse>;
}

/** Crawling as a guest: robots.txt, per-host spacing, conditional GET, and `guardedGet`'s limits. */
export function createPoliteFetcher(opts: PoliteFetcherOptions = {}): PoliteFetcher {
  const limiter = opts.limiter ?? memoryRateLimiter();
  const interval = opts.perHostIntervalMs ?? 1000;
  const ttl = opts.robotsTtlMs ?? 3_600_000;
  // parseRobots takes the product token (`newsflow`) from the whole User-Agent.
  const userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
  const robots = new Map<string, { at: number; rules: Promise<RobotsRules | null | Unreachable> }>();

  async function loadRobots(origin: string): Promise<RobotsRules | null | Unreachable> {
    const host = new URL(origin).host;
    await limiter.acquire(host, interval);
    try {
      const r = await guardedGet(`${origin}/robots.txt`, {}, { ...opts, maxBytes: 512 * 1024 });
      if (r.status >= 200 && r.status < 300) return parseRobots(r.body.toString('utf8'), userAgent);
      // RFC 9309: 4xx means no rules.
      return null;
    } catch (err) {
      // Unreachable robots.txt (5xx, timeout): RFC 9309 says assume complete disallow for now.
      if (err instanceof AppError && err.retryable) return { unreachable: err.message };
      return null;
    }
  }

  function rulesFor(origin: string): Promise<RobotsRules | null | Unreachable> {
    const hit = robots.get(origin);
    // An unreachable robots.txt is asked for again after a minute, not after the full TTL.
    if (hit && Date.now() - hit.at < ttl) return hit.rules.then((r) => (r && 'unreachable' in r && Date.now() - hit.at > 60_000 ? refresh(origin) : r));
    return refresh(origin);
  }

  function refresh(origin: string): Promise<RobotsRules | null | Unreachable> {
    const rules = loadRobots(origin);
    robots.set(origin, { at: Date.now(), rules });
    return rules;
  }

  return {
    async get(url, conditional = {}) {
      const u = new URL(url);
      let delay = interval;
      if (opts.respectRobots ?? true) {
        const rules = await rulesFor(u.origin);
        if (rules && 'unreachable' in rules) {
          throw new TransientError('ROBOTS_UNREACHABLE', `robots.txt of ${u.host} could not be read (${rules.unreachable}); not crawling the site until it can`);
        }
        if (rules && !robotsAllows(rules, `${u.pathname}${u.search}`)) {
          throw new AppError('ROBOTS_DISALLOWED', `robots.txt of ${u.host} disallows ${u.pathname}${u.search}`);
        }
        if (rules?.crawlDelay !== undefined) delay = Math.max(delay, Math.min(rules.crawlDelay * 1000, opts.maxCrawlDelayMs ?? 30_000));
      }
      await limiter.acquire(u.host, delay);
      const headers: Record<string, string> = {};
      if (conditional.etag) headers['if-none-match'] = conditional.etag;
      if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
      return guardedGet(url, headers, opts);
    },
  };
}
