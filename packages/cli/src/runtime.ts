import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { BaseEnv, createLogger, envSecret, createRedis, loadEnv, parseClusterNodes, processAlive, waitForRedis, type Logger, type RedisConnection } from '@newsflow/core';
import { CliError } from './context.js';

/** Variables the CLI reads (stores and services add their own, see README). */
export const CliEnv = BaseEnv.extend({
  /** Where a running `newsflow start` serves its API. */
  NEWSFLOW_API_URL: z.string().regex(/^https?:\/\//, 'NEWSFLOW_API_URL must be an http(s) URL').optional(),
  /** Bearer token for the API; when unset `newsflow start` uses the one kept in `<home>/api-token` (made on first start). */
  NEWSFLOW_API_TOKEN: envSecret('NEWSFLOW_API_TOKEN').optional(),
});
export type CliEnv = z.infer<typeof CliEnv>;

export function cliEnv(source: Record<string, string | undefined> = process.env): CliEnv {
  return loadEnv(CliEnv, source);
}

/** Written by `newsflow start` so other commands on this machine find its Redis and API. */
export interface RunState {
  pid: number;
  redisUrl: string;
  apiUrl: string;
  startedAt: string;
  embeddedRedis: boolean;
  /** Token the API accepts; null when auth is disabled for local use. */
  apiToken: string | null;
  prefix: string;
}

/**
 * Take `<home>/start.lock` exclusively (O_EXCL), so two `newsflow start` in one directory cannot
 * both run: the second would share (and stop) the first one's private Redis. A lock left by a
 * process that died is taken over. Returns the release function.
 */
export function lockHome(home: string): () => void {
  const dir = resolve(home);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'start.lock');
  for (let tries = 0; ; tries++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 2) throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        const s = readRunState(dir);
        throw new CliError(`newsflow is already running from ${dir} (pid ${pid}${s ? `, API ${s.apiUrl}` : ', starting'}); stop it first`);
      }
      rmSync(file, { force: true }); // left by a process that died
    }
  }
}

/** `<home>/api-token`: the API token `newsflow start` keeps across restarts (0600). */
export function tokenPath(home: string): string {
  return join(resolve(home), 'api-token');
}

/** A new API token: 24 random bytes, base64url. */
export function newApiToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Write `token` as the home's API token (0600, replacing the file, never readable by others in between). */
export function saveApiToken(home: string, token: string): void {
  mkdirSync(resolve(home), { recursive: true, mode: 0o700 });
  const file = tokenPath(home);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** The home's saved API token, or null when there is none (or the file holds no usable token). */
export function readApiToken(home: string): string | null {
  try {
    const t = readFileSync(tokenPath(home), 'utf8').trim();
    return /^[A-Za-z0-9._~+/=-]{16,512}$/.test(t) ? t : null;
  } catch {
    return null;
  }
}

/**
 * The token `newsflow start` serves with: NEWSFLOW_API_TOKEN when set; else the one saved in
 * `<home>/api-token` by an earlier start (so scrapers holding it keep working after a restart);
 * else a new one, saved there. `newsflow token rotate` replaces it.
 */
export function apiTokenFor(home: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const saved = readApiToken(home);
  if (saved) return saved;
  const token = newApiToken();
  saveApiToken(home, token);
  return token;
}

export function statePath(home: string): string {
  return join(resolve(home), 'state.json');
}

export function writeRunState(home: string, state: RunState): void {
  mkdirSync(resolve(home), { recursive: true });
  // 0600: the file carries the API token.
  writeFileSync(statePath(home), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function clearRunState(home: string, pid = process.pid): void {
  const s = readRunState(home);
  if (s && s.pid === pid) rmSync(statePath(home), { force: true });
}

/** The state of a `newsflow start` that is still running, or null. */
export function readRunState(home: string): RunState | null {
  const p = statePath(home);
  if (!existsSync(p)) return null;
  try {
    const s = JSON.parse(readFileSync(p, 'utf8')) as RunState;
    return processAlive(s.pid) ? s : null;
  } catch {
    return null;
  }
}

/** A Redis URL fit for logs: user and password removed. */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

export interface RedisTarget {
  url?: string;
  clusterNodes?: Array<{ host: string; port: number }>;
  from: 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'newsflow start';
}

/**
 * Which Redis a command should use: REDIS_CLUSTER_NODES, then REDIS_URL, then the private Redis of a
 * `newsflow start` running from this directory. Otherwise a CliError saying what to do.
 */
export function resolveRedis(env: CliEnv): RedisTarget {
  if (env.REDIS_CLUSTER_NODES) return { clusterNodes: parseClusterNodes(env.REDIS_CLUSTER_NODES), from: 'REDIS_CLUSTER_NODES' };
  if (env.REDIS_URL) return { url: env.REDIS_URL, from: 'REDIS_URL' };
  const s = readRunState(env.NEWSFLOW_HOME);
  if (s) return { url: s.redisUrl, from: 'newsflow start' };
  throw new CliError(
    'no Redis to connect to: set REDIS_URL (e.g. redis://127.0.0.1:6379), or run `newsflow start` in this directory first (it runs a private Redis).',
  );
}

/** Connect with a role and wait until ready, with an error naming where the URL came from. */
export async function connectRedis(target: RedisTarget, role: 'worker' | 'producer', timeoutMs = 10_000): Promise<RedisConnection> {
  const conn = createRedis(target, role);
  conn.on('error', () => undefined);
  try {
    await waitForRedis(conn, timeoutMs);
  } catch {
    conn.disconnect();
    throw new CliError(`cannot reach Redis at ${target.url ? withoutCredentials(target.url) : 'the cluster nodes'} (from ${target.from}) within ${timeoutMs} ms`);
  }
  return conn;
}

/**
 * URL and token of the newsflow API: NEWSFLOW_API_URL / NEWSFLOW_API_TOKEN, else those of a
 * `newsflow start` running from this directory (its run state).
 */
export function resolveApi(env: CliEnv): { url: string; token: string | null } {
  const s = readRunState(env.NEWSFLOW_HOME);
  if (env.NEWSFLOW_API_URL) return { url: env.NEWSFLOW_API_URL.replace(/\/$/, ''), token: env.NEWSFLOW_API_TOKEN ?? s?.apiToken ?? null };
  if (s) return { url: s.apiUrl, token: env.NEWSFLOW_API_TOKEN ?? s.apiToken };
  throw new CliError('no newsflow API to talk to: run `newsflow start` first, or set NEWSFLOW_API_URL (and NEWSFLOW_API_TOKEN).');
}


/** JSON logs to stderr for CLI commands that run services, so stdout stays for humans and pipes. */
export function cliLogger(env: CliEnv, name = 'newsflow'): Logger {
  return createLogger({ level: env.LOG_LEVEL, name, destination: process.stderr });
}
