import { describe, expect, it } from 'vitest';
import { feedOptionsFromEnv, ingestLimitsFromEnv } from './config.js';

describe('ingest configuration', () => {
  it('has defaults and reads overrides', () => {
    expect(ingestLimitsFromEnv({})).toEqual({
      maxWaiting: 100_000,
      maxRedisMemoryPercent: 80,
      retryAfterSeconds: 5,
      maxBodyBytes: 32 * 1024 * 1024,
      maxBatchItems: 1000,
      maxNdjsonLines: 100_000,
      maxNdjsonResults: 1000,
      requestTimeoutMs: 60_000,
      headersTimeoutMs: 15_000,
      keepAliveTimeoutMs: 5000,
      maxConnections: 1024,
    });
    expect(ingestLimitsFromEnv({ INGEST_REQUEST_TIMEOUT_MS: '2000', INGEST_HEADERS_TIMEOUT_MS: '1000', INGEST_MAX_CONNECTIONS: '5' })).toMatchObject({
      requestTimeoutMs: 2000,
      headersTimeoutMs: 1000,
      maxConnections: 5,
    });
    expect(ingestLimitsFromEnv({ INGEST_MAX_NDJSON_LINES: '5000', INGEST_MAX_NDJSON_RESULTS: '10' })).toMatchObject({ maxNdjsonLines: 5000, maxNdjsonResults: 10 });
    expect(ingestLimitsFromEnv({ INGEST_MAX_WAITING: '500' }).maxWaiting).toBe(500);
    expect(feedOptionsFromEnv({ FEEDS_ALLOW_PRIVATE: 'yes', FEEDS_HOST_INTERVAL_MS: '0' }).fetch).toMatchObject({ allowPrivateAddresses: true, perHostIntervalMs: 0 });
    expect(feedOptionsFromEnv({}).fetch?.allowPrivateAddresses).toBe(false);
  });
  it('names the variable that is wrong', () => {
    expect(() => ingestLimitsFromEnv({ INGEST_MAX_WAITING: 'lots' })).toThrow(/INGEST_MAX_WAITING must be a number/);
    expect(() => ingestLimitsFromEnv({ INGEST_MAX_NDJSON_LINES: '0' })).toThrow(/INGEST_MAX_NDJSON_LINES/);
    expect(() => ingestLimitsFromEnv({ INGEST_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/INGEST_REQUEST_TIMEOUT_MS must be a number/);
    expect(() => ingestLimitsFromEnv({ INGEST_HEADERS_TIMEOUT_MS: '10' })).toThrow(/INGEST_HEADERS_TIMEOUT_MS/);
    expect(() => ingestLimitsFromEnv({ INGEST_MAX_CONNECTIONS: '-1' })).toThrow(/INGEST_MAX_CONNECTIONS/);
    expect(() => ingestLimitsFromEnv({ INGEST_MAX_REDIS_MEMORY_PERCENT: '101' })).toThrow(/INGEST_MAX_REDIS_MEMORY_PERCENT/);
    expect(() => feedOptionsFromEnv({ FEEDS_ALLOW_PRIVATE: 'maybe' })).toThrow(/FEEDS_ALLOW_PRIVATE must be/);
  });
});
