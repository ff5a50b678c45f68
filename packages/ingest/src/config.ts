import { z } from 'zod';
import { envInt, loadEnv } from '@newsflow/core';
import type { IngestLimits } from './app.js';
import type { FeedWorkerOptions } from './feeds/worker.js';

const bool = (name: string) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'], { error: `${name} must be 1/0, true/false or yes/no` })
    .transform((v) => v === '1' || v === 'true' || v === 'yes')
    .optional();

/** Variables the ingest API and the feed poller read (entry points pass `process.env`). */
export const IngestEnv = z.object({
  /** 429 while this many pages wait in the ingest and parse queues together. */
  INGEST_MAX_WAITING: envInt('INGEST_MAX_WAITING', 100_000, 1, 100_000_000),
  /** 429 while Redis uses this share of its maxmemory (percent; 100 = off; no effect without a maxmemory). */
  INGEST_MAX_REDIS_MEMORY_PERCENT: envInt('INGEST_MAX_REDIS_MEMORY_PERCENT', 80, 1, 100),
  /** Seconds in the Retry-After of a 429. */
  INGEST_RETRY_AFTER_SECONDS: envInt('INGEST_RETRY_AFTER_SECONDS', 5, 1, 3600),
  /** Largest body of POST /v1/articles (bytes). */
  INGEST_MAX_BODY_BYTES: envInt('INGEST_MAX_BODY_BYTES', 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  /** Most pages in one batch request. */
  INGEST_MAX_BATCH_ITEMS: envInt('INGEST_MAX_BATCH_ITEMS', 1000, 1, 100_000),
  /** Most lines of one NDJSON stream; the rest is not read (413 TOO_MANY_LINES). */
  INGEST_MAX_NDJSON_LINES: envInt('INGEST_MAX_NDJSON_LINES', 100_000, 1, 100_000_000),
  /** Per-line results an NDJSON answer lists; every line is counted either way. */
  INGEST_MAX_NDJSON_RESULTS: envInt('INGEST_MAX_NDJSON_RESULTS', 1000, 0, 1_000_000),
  /** Time a client has to send a whole request (ms); then 408 and the connection is closed. */
  INGEST_REQUEST_TIMEOUT_MS: envInt('INGEST_REQUEST_TIMEOUT_MS', 60_000, 1000, 3_600_000),
  /** Time a client has to send the request headers (ms). */
  INGEST_HEADERS_TIMEOUT_MS: envInt('INGEST_HEADERS_TIMEOUT_MS', 15_000, 500, 600_000),
  /** Idle time before a keep-alive connection is closed (ms). */
  INGEST_KEEP_ALIVE_TIMEOUT_MS: envInt('INGEST_KEEP_ALIVE_TIMEOUT_MS', 5000, 0, 600_000),
  /** Open connections the API server takes at most; more are closed at once. */
  INGEST_MAX_CONNECTIONS: envInt('INGEST_MAX_CONNECTIONS', 1024, 1, 1_000_000),
  /** Let the feed poller fetch loopback/private addresses (intranet feeds, local testing). */
  FEEDS_ALLOW_PRIVATE: bool('FEEDS_ALLOW_PRIVATE'),
  /** Least time between two requests to one host (ms). */
  FEEDS_HOST_INTERVAL_MS: envInt('FEEDS_HOST_INTERVAL_MS', 1000, 0, 600_000),
  /** Timeout of one feed or page fetch (ms). */
  FEEDS_TIMEOUT_MS: envInt('FEEDS_TIMEOUT_MS', 15_000, 100, 600_000),
  /** Largest feed or page fetched (bytes). */
  FEEDS_MAX_BYTES: envInt('FEEDS_MAX_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  /** User-Agent of the feed poller; its first word is the robots.txt token. */
  FEEDS_USER_AGENT: z.string().min(3).optional(),
});
export type IngestEnv = z.infer<typeof IngestEnv>;

/** API and server limits from the environment (throws ConfigError naming the variable); pass them to `createIngestApp` and `hardenServer`. */
export function ingestLimitsFromEnv(source: Record<string, string | undefined> = process.env): IngestLimits {
  const e = loadEnv(IngestEnv, source);
  return {
    maxWaiting: e.INGEST_MAX_WAITING,
    maxRedisMemoryPercent: e.INGEST_MAX_REDIS_MEMORY_PERCENT,
    retryAfterSeconds: e.INGEST_RETRY_AFTER_SECONDS,
    maxBodyBytes: e.INGEST_MAX_BODY_BYTES,
    maxBatchItems: e.INGEST_MAX_BATCH_ITEMS,
    maxNdjsonLines: e.INGEST_MAX_NDJSON_LINES,
    maxNdjsonResults: e.INGEST_MAX_NDJSON_RESULTS,
    requestTimeoutMs: e.INGEST_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: e.INGEST_HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: e.INGEST_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: e.INGEST_MAX_CONNECTIONS,
  };
}

/** Feed poller options from the environment (throws ConfigError naming the variable). */
export function feedOptionsFromEnv(source: Record<string, string | undefined> = process.env): FeedWorkerOptions {
  const e = loadEnv(IngestEnv, source);
  return {
    fetch: {
      allowPrivateAddresses: e.FEEDS_ALLOW_PRIVATE ?? false,
      perHostIntervalMs: e.FEEDS_HOST_INTERVAL_MS,
      timeoutMs: e.FEEDS_TIMEOUT_MS,
      maxBytes: e.FEEDS_MAX_BYTES,
      ...(e.FEEDS_USER_AGENT ? { userAgent: e.FEEDS_USER_AGENT } : {}),
    },
  };
}
