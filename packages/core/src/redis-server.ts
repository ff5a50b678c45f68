import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { AppError } from './errors.js';

export const REDIS_INSTALL_HINT = [
  'redis-server was not found on PATH. Install it, or set REDIS_URL to a Redis 6.2+ server:',
  '  Debian/Ubuntu:   sudo apt-get install -y redis-server',
  '  Fedora/RHEL:     sudo dnf install -y redis',
  '  macOS:           brew install redis',
  '  Docker:          docker compose up -d redis   then   export REDIS_URL=redis://127.0.0.1:6379',
].join('\n');

/** Find an executable on PATH (or in extra directories). */
export function findExecutable(name: string, extraDirs: string[] = [], usePath = true): string | null {
  const dirs = [...(usePath ? (process.env.PATH ?? '').split(delimiter) : []), ...extraDirs];
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Ask the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** True when a process with this pid exists (signal 0 probes without touching it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Make a data directory and what is already in it private to this user (0700 / 0600). */
function lockDown(dir: string): void {
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    try {
      if (name.isDirectory()) {
        chmodSync(p, 0o700);
        for (const f of readdirSync(p)) chmodSync(join(p, f), 0o600);
      } else chmodSync(p, 0o600);
    } catch {
      // a file being replaced by a leftover redis-server: its directory is 0700 already
    }
  }
}

/**
 * A redis-server left running on `dir` by a process that was killed (kill -9 skips every exit
 * hook) must not share the AOF with a new one: stop it first (SIGTERM flushes its AOF).
 */
async function stopLeftover(dir: string): Promise<void> {
  const pidFile = join(dir, 'redis.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // not Linux, or not ours to inspect: leave it alone
  }
  if (!cmd.includes('redis-server')) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 200 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(pid)) throw new AppError('REDIS_SERVER_FAILED', `a redis-server (pid ${pid}) still runs on ${dir} and did not stop on SIGTERM`);
}

export interface RedisServerOptions {
  /** Data directory (AOF lives here). Created if missing. */
  dir: string;
  /** @defaultValue a free port */
  port?: number;
  /** Durable append-only file. @defaultValue true */
  appendonly?: boolean;
  /**
   * When the AOF is fsynced. `always`: before Redis answers a write, so whatever it acknowledged
   * survives a machine crash (what `newsflow start` uses: a 202 means the page is on disk);
   * `everysec`: a machine crash can lose the last second. @defaultValue 'everysec'
   */
  appendfsync?: 'always' | 'everysec' | 'no';
  /**
   * Require this password (`requirepass`); `url` then carries it. Passed in a 0600 config file,
   * never on the command line, where `ps` would show it to every local user.
   */
  password?: string;
  /** Extra `--key value` arguments. */
  extraArgs?: string[];
  /** @defaultValue 10000 */
  startTimeoutMs?: number;
  /** Directories searched for `redis-server`. @defaultValue PATH plus /usr/sbin, /usr/local/sbin, /opt/homebrew/bin */
  searchDirs?: string[];
}

export interface RedisServerHandle {
  /** Connection URL, with the password when there is one: keep it out of logs (use `displayUrl`). */
  url: string;
  /** `url` without the password, for logs and banners. */
  displayUrl: string;
  port: number;
  dir: string;
  process: ChildProcess;
  /** SHUTDOWN (flushes the AOF), then wait for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Start a private `redis-server` child process configured as BullMQ needs: noeviction, AOF,
 * bound to loopback. Used by `newsflow start` when REDIS_URL is unset, and by the test helper.
 */
export async function startRedisServer(opts: RedisServerOptions): Promise<RedisServerHandle> {
  const bin = opts.searchDirs
    ? findExecutable('redis-server', opts.searchDirs, false)
    : findExecutable('redis-server', ['/usr/sbin', '/usr/local/sbin', '/opt/homebrew/bin']);
  if (!bin) throw new AppError('REDIS_SERVER_MISSING', REDIS_INSTALL_HINT);
  const dir = resolve(opts.dir);
  // 0700: the AOF holds every queued page and article; no other local user may read it.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  lockDown(dir);
  await stopLeftover(dir);
  const port = opts.port ?? (await freePort());
  const conf = [
    `pidfile ${join(dir, 'redis.pid')}`,
    `port ${port}`,
    'bind 127.0.0.1',
    `dir ${dir}`,
    `appendonly ${opts.appendonly === false ? 'no' : 'yes'}`,
    `appendfsync ${opts.appendfsync ?? 'everysec'}`,
    'save ""',
    // Bodies of queued pages (~200 KB each) pass through the AOF and are deleted once parsed, so the
    // AOF grows fast while the data set stays small. At Redis' 64 MB default a rewrite (a fork that
    // writes the whole data set) ran every ~350 pages: 2.9 CPU ms per article in `bench pipeline`.
    // 512 MB: one every ~2,800 pages, the AOF on disk at most ~512 MB past the data set.
    'auto-aof-rewrite-min-size 512mb',
    'maxmemory-policy noeviction',
    'daemonize no',
    'protected-mode yes',
    'logfile ""',
    'loglevel warning',
    ...(opts.password ? [`requirepass ${opts.password}`] : []),
  ];
  const confFile = join(dir, 'redis.conf');
  writeFileSync(confFile, `${conf.join('\n')}\n`, { mode: 0o600 });
  chmodSync(confFile, 0o600);
  const args = [confFile, ...(opts.extraArgs ?? [])];
  // umask 077 through a shell: the AOF files Redis creates are 0600, not the default 0644.
  const child = process.platform === 'win32'
    ? spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('/bin/sh', ['-c', 'umask 077 && exec "$0" "$@"', bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.on('error', (err) => (output += `\n${err.message}`)); // spawn failures surface as an exit below
  child.stdout?.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr?.on('data', (d) => (output = (output + d).slice(-4000)));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const displayUrl = `redis://127.0.0.1:${port}`;
  const url = opts.password ? `redis://:${encodeURIComponent(opts.password)}@127.0.0.1:${port}` : displayUrl;

  const deadline = Date.now() + (opts.startTimeoutMs ?? 10_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new AppError('REDIS_SERVER_FAILED', `redis-server exited with code ${child.exitCode}: ${output.trim()}`);
    }
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      // While the AOF loads, commands answer LOADING; wait for a real PONG.
      if ((await probe.ping()) === 'PONG') {
        probe.disconnect();
        break;
      }
    } catch {
      // not up yet
    }
    probe.disconnect();
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new AppError('REDIS_SERVER_FAILED', `redis-server did not start on port ${port}: ${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  // If this process ends without stop() (process.exit, a fatal error), take the private Redis with
  // it: SIGTERM makes redis-server flush the AOF and exit, so nothing is lost and nothing is orphaned.
  const onExit = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));

  let stopping: Promise<void> | undefined;
  return {
    url,
    displayUrl,
    port,
    dir,
    process: child,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null) return;
        const c = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, lazyConnect: true });
        c.on('error', () => undefined);
        try {
          await c.connect();
          await c.call('SHUTDOWN').catch(() => undefined);
        } catch {
          child.kill('SIGTERM');
        }
        c.disconnect();
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      })();
      return stopping;
    },
  };
}
