import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '@newsflow/core';
import { REPO } from './helpers.js';

describe('docker-compose.yml', () => {
  it('is valid for docker-compose and runs redis (AOF, noeviction, healthcheck), postgres, the API and one service per stage', () => {
    const bin = findExecutable('docker-compose');
    if (!bin) throw new Error('docker-compose is not installed: sudo apt-get install -y --no-install-recommends docker-compose');
    const r = spawnSync(bin, ['-f', join(REPO, 'docker-compose.yml'), 'config', '-q'], {
      encoding: 'utf8',
      env: { ...process.env, NEWSFLOW_API_TOKEN: 'a-test-token-of-enough-length' },
    });
    expect(r.status, r.stderr).toBe(0);

    const full = spawnSync(bin, ['-f', join(REPO, 'docker-compose.yml'), 'config'], {
      encoding: 'utf8',
      env: { ...process.env, NEWSFLOW_API_TOKEN: 'a-test-token-of-enough-length' },
    });
    const cfg = full.stdout;
    for (const svc of ['redis', 'postgres', 'api', 'ingest', 'parse', 'entity', 'dedupe', 'sink']) expect(cfg).toMatch(new RegExp(`^  ${svc}:`, 'm'));
    const raw = readFileSync(join(REPO, 'docker-compose.yml'), 'utf8');
    expect(raw).toMatch(/--appendonly", "yes"/);
    expect(raw).toMatch(/--maxmemory-policy", "noeviction"/);
    expect(raw).toMatch(/healthcheck:\s*\n\s*test: \["CMD", "redis-cli", "ping"\]/);
  });

  it('refuses to start the API without a token', () => {
    const bin = findExecutable('docker-compose');
    if (!bin) throw new Error('docker-compose is not installed: sudo apt-get install -y --no-install-recommends docker-compose');
    const env = { ...process.env };
    delete env.NEWSFLOW_API_TOKEN;
    const r = spawnSync(bin, ['-f', join(REPO, 'docker-compose.yml'), 'config', '-q'], { encoding: 'utf8', env });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/NEWSFLOW_API_TOKEN/);
  });
});
