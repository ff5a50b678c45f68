import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedisServer } from '@newsflow/core';

describe('startRedisServer', () => {
  it('runs a private Redis with noeviction and AOF whose data survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-core-redis-'));
    try {
      const a = await startRedisServer({ dir });
      const c = new Redis(a.url);
      expect(await c.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await c.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      // Page bodies pass through the AOF: rewrite it every 512 MB, not Redis' 64 MB default.
      expect(await c.config('GET', 'auto-aof-rewrite-min-size')).toEqual(['auto-aof-rewrite-min-size', String(512 * 1024 * 1024)]);
      await c.set('k', 'kept');
      c.disconnect();
      await a.stop();
      const b = await startRedisServer({ dir });
      const d = new Redis(b.url);
      expect(await d.get('k')).toBe('kept');
      d.disconnect();
      await b.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps its data private: a password no command line shows, 0700 directories and 0600 files, fsync before every answer', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'nf-core-private-')), 'redis');
    const password = 'pw-' + Math.random().toString(36).slice(2);
    const srv = await startRedisServer({ dir, password, appendfsync: 'always' });
    try {
      expect(srv.url).toContain(password);
      expect(srv.displayUrl).not.toContain(password);
      const anon = new Redis(srv.displayUrl, { lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
      anon.on('error', () => undefined);
      await anon.connect().catch(() => undefined);
      await expect(anon.set('k', 'v')).rejects.toThrow(/NOAUTH|Authentication required/);
      anon.disconnect();
      const c = new Redis(srv.url);
      await c.set('k', 'v');
      expect(await c.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
      c.disconnect();
      expect(readFileSync(`/proc/${srv.process.pid}/cmdline`, 'utf8')).not.toContain(password);
      const mode = (p: string) => statSync(p).mode & 0o777;
      expect(mode(dir)).toBe(0o700);
      const aofDir = join(dir, 'appendonlydir');
      expect(mode(aofDir)).toBe(0o700);
      const files = readdirSync(aofDir);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(mode(join(aofDir, f)), f).toBe(0o600);
      expect(mode(join(dir, 'redis.conf'))).toBe(0o600);
    } finally {
      await srv.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says exactly how to install redis-server when it is missing', async () => {
    await expect(startRedisServer({ dir: tmpdir(), searchDirs: ['/nonexistent'] })).rejects.toThrow(
      /redis-server was not found[\s\S]*apt-get install -y redis-server[\s\S]*brew install redis[\s\S]*REDIS_URL/,
    );
  });
});

describe('checkRedisPolicy', () => {
  it('warns about eviction and a missing AOF, and is quiet for a durable Redis', async () => {
    const { checkRedisPolicy } = await import('@newsflow/core');
    const dir = mkdtempSync(join(tmpdir(), 'nf-core-policy-'));
    try {
      const durable = await startRedisServer({ dir: join(dir, 'a') });
      const careless = await startRedisServer({ dir: join(dir, 'b'), appendonly: false, extraArgs: ['--maxmemory-policy', 'allkeys-lru'] });
      const c1 = new Redis(durable.url);
      const c2 = new Redis(careless.url);
      expect(await checkRedisPolicy(c1)).toEqual([]);
      const w = await checkRedisPolicy(c2);
      expect(w.join('\n')).toMatch(/maxmemory-policy is "allkeys-lru"/);
      expect(w.join('\n')).toMatch(/without AOF/);
      c1.disconnect();
      c2.disconnect();
      await durable.stop();
      await careless.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a private Redis does not outlive its process', () => {
  it('is stopped when the owning process exits without calling stop()', async () => {
    const { spawnSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const core = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'nf-core-orphan-'));
    try {
      const script = `import { startRedisServer } from ${JSON.stringify(core)};
        const s = await startRedisServer({ dir: ${JSON.stringify(dir)} });
        process.stdout.write(s.url);
        process.exit(0);`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      const probe = new Redis(r.stdout, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined);
      // SIGTERM makes redis-server flush and exit; give it a moment, then it must refuse connections.
      let up = true;
      for (let i = 0; i < 50 && up; i++) {
        up = await probe.connect().then(
          () => (probe.disconnect(), true),
          () => false,
        );
        if (up) await new Promise((res) => setTimeout(res, 100));
      }
      expect(up).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a private Redis left behind by a killed process', () => {
  it('is stopped (its data kept) before a new one starts on the same directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-core-leftover-'));
    try {
      const first = await startRedisServer({ dir });
      const c = new Redis(first.url);
      await c.set('k', 'kept');
      c.disconnect();
      // Simulate kill -9 of the owner: the server keeps running, nobody calls stop().
      const second = await startRedisServer({ dir });
      expect(first.process.exitCode !== null || first.process.signalCode !== null).toBe(true);
      const d = new Redis(second.url);
      expect(await d.get('k')).toBe('kept');
      d.disconnect();
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
