import { describe, expect, it } from 'vitest';
import { BaseEnv, ConfigError, loadEnv } from './env.js';

describe('loadEnv', () => {
  it('applies defaults and treats empty strings as unset', () => {
    const env = loadEnv(BaseEnv, { REDIS_URL: '', LOG_LEVEL: 'debug' });
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.NEWSFLOW_PREFIX).toBe('{newsflow}');
    expect(env.LOG_LEVEL).toBe('debug');
    expect(env.SHUTDOWN_TIMEOUT_MS).toBe(15_000);
  });

  it('fails with a message naming every bad variable', () => {
    let err: unknown;
    try {
      loadEnv(BaseEnv, { REDIS_URL: 'localhost:6379', SHUTDOWN_TIMEOUT_MS: 'soon', NEWSFLOW_PREFIX: 'a b' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/REDIS_URL: REDIS_URL must start with redis:\/\//);
    expect(msg).toMatch(/SHUTDOWN_TIMEOUT_MS: SHUTDOWN_TIMEOUT_MS must be a number/);
    expect(msg).toMatch(/NEWSFLOW_PREFIX: /);
  });
});
