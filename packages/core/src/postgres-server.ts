import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from './errors.js';
import { findExecutable, freePort } from './redis-server.js';

export const POSTGRES_INSTALL_HINT = [
  'PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them, or set DATABASE_URL:',
  '  Debian/Ubuntu:  sudo apt-get install -y postgresql',
  '  macOS:          brew install postgresql@16',
].join('\n');

/** The directory holding `pg_ctl`: PATH first, then Debian's /usr/lib/postgresql/<newest>/bin. */
export function findPostgresBin(): string | null {
  const onPath = findExecutable('pg_ctl');
  if (onPath) return join(onPath, '..');
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'pg_ctl'))) return join(base, v, 'bin');
  return null;
}

export interface PostgresServerOptions {
  /** Scratch directory (data and socket); created, and removed by `stop()`. */
  dir: string;
  /** Skip fsync and friends: for tests and benchmarks that measure newsflow, not the disk. @defaultValue false */
  unsafeFast?: boolean;
}

export interface PostgresServerHandle {
  /** URL of the `postgres` database, user `postgres`, trust auth on 127.0.0.1. */
  url: string;
  port: number;
  /**
   * Stop the server but keep its data and port, as an outage would: `fast` ends sessions with
   * 57P01 (admin shutdown), `immediate` cuts them like a crash. @defaultValue 'fast'
   */
  down(mode?: 'fast' | 'immediate'): void;
  /** Start it again after `down()`, on the same data and port. */
  up(): void;
  /** Stop it for good and delete its directory. */
  stop(): Promise<void>;
}

/**
 * A private PostgreSQL from the local binaries on a free loopback port: `initdb` + `pg_ctl` on
 * `dir`. As root they run as the `postgres` user, since initdb refuses root. Used by the test
 * helper and by `newsflow bench sink` when DATABASE_URL is unset.
 */
export async function startPostgresServer(opts: PostgresServerOptions): Promise<PostgresServerHandle> {
  const bin = findPostgresBin();
  if (!bin) throw new AppError('POSTGRES_MISSING', POSTGRES_INSTALL_HINT);
  const dir = resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new AppError('POSTGRES_FAILED', `${cmd} failed (${r.status}): ${(r.stderr || r.stdout || String(r.error)).trim()}`);
  };
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync('chown', ['postgres', dir]);
    if (spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dir]).status !== 0) {
      throw new AppError('POSTGRES_FAILED', `the postgres user cannot reach ${dir} (a parent directory is private); use a directory such as a fresh one under /tmp`);
    }
  }
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', ...(opts.unsafeFast ? ['--no-sync'] : [])]);
  const fast = opts.unsafeFast ? ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off' : '';
  const start = () =>
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${fast}`, 'start']);
  const halt = (mode: 'fast' | 'immediate') => run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
  start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    down(mode = 'fast') {
      halt(mode);
      running = false;
    },
    up() {
      start();
      running = true;
    },
    stop: async () => {
      try {
        if (running) halt('immediate');
      } finally {
        running = false;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
