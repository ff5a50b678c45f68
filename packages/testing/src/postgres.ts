import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, findExecutable, freePort } from '@newsflow/core';
import pg from 'pg';
import { dockerLikely, loadTestcontainers } from './docker.js';

export const POSTGRES_INSTALL_HINT = [
  'PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them:',
  '  Debian/Ubuntu:  sudo apt-get install -y postgresql',
  '  macOS:          brew install postgresql@16',
  'or run a Docker engine so testcontainers can start postgres:16-alpine.',
].join('\n');

export interface TestPostgres {
  /** URL of the maintenance database `postgres`. */
  url: string;
  via: 'container' | 'binary';
  /** Create an empty database and return its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function findPgBin(): string | null {
  const onPath = findExecutable('pg_ctl');
  if (onPath) return join(onPath, '..');
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'pg_ctl'))) return join(base, v, 'bin');
  return null;
}

function withUrl(url: string) {
  return {
    async createDatabase(name: string): Promise<string> {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
      return url.replace(/\/[^/]*$/, `/${name}`);
    },
  };
}

/**
 * A real PostgreSQL for tests: testcontainers where a Docker engine answers, otherwise `initdb` +
 * `pg_ctl` from PATH or /usr/lib/postgresql/<v>/bin on a temp dir and a free port. As root the
 * binaries run as the `postgres` user (initdb refuses root).
 */
export async function startPostgres(): Promise<TestPostgres> {
  if (dockerLikely()) {
    const tc = await loadTestcontainers();
    if (tc) {
      const c = await new tc.GenericContainer('postgres:16-alpine')
        .withEnvironment({ POSTGRES_PASSWORD: 'test', POSTGRES_HOST_AUTH_METHOD: 'trust' })
        .withExposedPorts(5432)
        .withWaitStrategy(tc.Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start();
      const url = `postgres://postgres:test@${c.getHost()}:${c.getMappedPort(5432)}/postgres`;
      return { url, via: 'container', ...withUrl(url), stop: async () => void (await c.stop()) };
    }
  }
  const bin = findPgBin();
  if (!bin) throw new AppError('POSTGRES_MISSING', POSTGRES_INSTALL_HINT);
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] as const : [join(bin, cmd), args] as const;
    const r = spawnSync(full[0], [...full[1]], { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new AppError('POSTGRES_FAILED', `${cmd} failed (${r.status}): ${(r.stderr || r.stdout || String(r.error)).trim()}`);
    }
  };
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync('chown', ['postgres', dir]);
  }
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  run('pg_ctl', [
    '-D', data, '-l', join(dir, 'log'), '-w', '-t', '30',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    'start',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    via: 'binary',
    ...withUrl(url),
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
