import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgresServer } from '@newsflow/core';
import pg from 'pg';
import { dockerLikely, loadTestcontainers } from './docker.js';

export { POSTGRES_INSTALL_HINT } from '@newsflow/core';

export interface TestPostgres {
  /** URL of the maintenance database `postgres`. */
  url: string;
  via: 'container' | 'binary';
  /** Create an empty database and return its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
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
  const srv = await startPostgresServer({ dir: mkdtempSync(join(tmpdir(), 'newsflow-pg-')), unsafeFast: true });
  const url = srv.url;
  return {
    url,
    via: 'binary',
    ...withUrl(url),
    stop: () => srv.stop(),
  };
}
