import { describe, expect, it } from 'vitest';
import { ConfigError } from '@newsflow/core';
import { describeStore, storeConfigFromEnv } from './config.js';

describe('storeConfigFromEnv', () => {
  it('defaults to a SQLite file under ./data', () => {
    expect(storeConfigFromEnv({})).toEqual({ kind: 'sqlite', path: './data/newsflow.db', batchSize: 200 });
  });

  it('reads postgres and jsonl settings', () => {
    expect(storeConfigFromEnv({ SINK: 'postgres', DATABASE_URL: 'postgres://u:p@db:5432/news', PG_POOL_SIZE: '8' })).toEqual({
      kind: 'postgres', url: 'postgres://u:p@db:5432/news', batchSize: 200, poolSize: 8,
    });
    expect(storeConfigFromEnv({ SINK: 'jsonl', JSONL_PATH: '/tmp/a.jsonl' })).toMatchObject({ kind: 'jsonl', path: '/tmp/a.jsonl' });
  });

  it('names the variable that is wrong', () => {
    expect(() => storeConfigFromEnv({ SINK: 'mongo' })).toThrow(/SINK must be one of sqlite, postgres, jsonl/);
    expect(() => storeConfigFromEnv({ SINK: 'postgres' })).toThrow(/DATABASE_URL: DATABASE_URL is required when SINK=postgres/);
    expect(() => storeConfigFromEnv({ SINK: 'postgres', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => storeConfigFromEnv({ SINK_BATCH_SIZE: '0' })).toThrow(/SINK_BATCH_SIZE must be at least 1/);
  });

  it('never prints a database password', () => {
    expect(describeStore({ kind: 'postgres', url: 'postgres://news:hunter2@db:5432/news' })).toBe('postgres postgres://news:***@db:5432/news');
  });
});
