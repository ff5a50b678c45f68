import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseEnv, ConfigError, envSecret, loadEnv } from './env.js';

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

describe('envSecret', () => {
  it('refuses the example token shipped in deploy/kubernetes/secret.example.yaml and other placeholders', async () => {
    const { readFileSync } = await import('node:fs');
    const example = /NEWSFLOW_API_TOKEN:\s*(\S+)/.exec(readFileSync(new URL('../../../deploy/kubernetes/secret.example.yaml', import.meta.url), 'utf8'))![1]!;
    const schema = z.object({ T: envSecret('T') });
    for (const bad of [example, 'changeme-changeme-changeme', 'aaaaaaaaaaaaaaaaaaaaaaaa', 'your-token-goes-here-please']) {
      expect(() => loadEnv(schema, { T: bad }), bad).toThrow(/T looks like an example value/);
    }
    expect(() => loadEnv(schema, { T: 'short' })).toThrow(/T must be at least 16 characters/);
    expect(loadEnv(schema, { T: 'q3J9xVb2Lk7PzW4mN8cR' }).T).toBe('q3J9xVb2Lk7PzW4mN8cR');
  });
});
