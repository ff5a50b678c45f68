import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, processAlive, startRedisServer, type RedisServerHandle } from '@newsflow/core';

export const REPO = resolve(import.meta.dirname, '../../..');
export const CLI = join(REPO, 'packages/cli/dist/main.js');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A child process of the suite with its output in a log file. */
export interface Child {
  name: string;
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
  alive(): boolean;
}

/**
 * Every process a scenario starts is registered here, so a failing scenario, an exception or a
 * Ctrl-C of the suite leaves no orphan behind (the machine is shared).
 */
const registry = new Set<{ kill(): void }>();
let signalsWired = false;

function wireSignals(): void {
  if (signalsWired) return;
  signalsWired = true;
  const onSignal = (sig: NodeJS.Signals) => {
    for (const r of registry) r.kill();
    process.stderr.write(`\nfaults: ${sig}, children killed\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => {
    for (const r of registry) r.kill();
  });
}

/** Run `kill` if the suite is interrupted (for servers that are not child processes); returns the unregister. */
export function killOnExit(kill: () => void): () => void {
  wireSignals();
  const reg = { kill };
  registry.add(reg);
  return () => registry.delete(reg);
}

/** One scenario's scratch directory, its processes and their logs. */
export class Env {
  readonly dir: string;
  readonly home: string;
  readonly db: string;
  readonly logs: string;
  private readonly children: Child[] = [];
  private readonly redisHandles: RedisServerHandle[] = [];
  private seq = 0;

  constructor(readonly name: string) {
    wireSignals();
    this.dir = mkdtempSync(join(tmpdir(), `nf-faults-${name}-`));
    this.home = join(this.dir, 'home');
    this.db = join(this.dir, 'newsflow.db');
    this.logs = join(this.dir, 'logs');
    mkdirSync(this.home, { recursive: true });
    mkdirSync(this.logs, { recursive: true });
  }

  /** Environment for CLI children: private home and SQLite file, no inherited Redis/API settings. */
  cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NEWSFLOW_HOME: this.home,
      SINK: 'sqlite',
      SQLITE_PATH: this.db,
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
      SHUTDOWN_TIMEOUT_MS: '10000',
      ...extra,
    };
    for (const k of ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'NEWSFLOW_API_URL', 'NEWSFLOW_API_TOKEN', 'DATABASE_URL', 'PORT']) {
      if (!(k in extra)) delete env[k];
    }
    return env;
  }

  /** Spawn `file args`, output appended to `logs/<name>.log`. */
  spawn(name: string, file: string, args: string[], env: NodeJS.ProcessEnv): Child {
    const log = join(this.logs, `${String(++this.seq).padStart(2, '0')}-${name}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(file, args, { env, cwd: this.dir, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const exited = new Promise<number | null>((res) => child.once('exit', (code, sig) => res(code ?? (sig ? 128 : null))));
    const c: Child = { name, child, log, exited, alive: () => child.exitCode === null && child.signalCode === null };
    const reg = { kill: () => c.alive() && child.kill('SIGKILL') };
    registry.add(reg);
    void exited.then(() => registry.delete(reg));
    this.children.push(c);
    return c;
  }

  /** `node packages/cli/dist/main.js ...args`. */
  cli(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
    return this.spawn(name, process.execPath, [CLI, ...args], env);
  }

  /** Run a CLI command to completion; its output is returned and kept in its log. */
  async runCli(name: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<{ code: number | null; out: string }> {
    const c = this.cli(name, args, env);
    const t = setTimeout(() => c.child.kill('SIGKILL'), timeoutMs);
    const code = await c.exited;
    clearTimeout(t);
    return { code, out: readFileSync(c.log, 'utf8') };
  }

  /**
   * The scenario's own redis-server (AOF on, everysec, noeviction: see `startRedisServer`) on `dir`
   * `redis/`. Pass the port of a previous one to restart on the same port and data.
   */
  async redis(port?: number): Promise<RedisServerHandle> {
    const h = await startRedisServer({ dir: join(this.dir, 'redis'), port: port ?? (await freePort()), startTimeoutMs: 30_000 });
    const reg = { kill: () => h.process.exitCode === null && h.process.kill('SIGKILL') };
    registry.add(reg);
    h.process.once('exit', () => registry.delete(reg));
    this.redisHandles.push(h);
    return h;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(c: Child, graceMs = 20_000): Promise<number | null> {
    if (!c.alive()) return c.child.exitCode;
    c.child.kill('SIGTERM');
    const t = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
    const code = await c.exited;
    clearTimeout(t);
    return code;
  }

  /** Stop everything still running: CLI children first (they may own an embedded redis), then Redis. */
  async cleanup(): Promise<void> {
    await Promise.all(this.children.filter((c) => c.alive()).map((c) => this.stop(c, 5_000)));
    // A `newsflow start` killed with -9 leaves its embedded redis-server running: it is ours to end.
    const pidFile = join(this.home, 'redis', 'redis.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      // redis-server rewrites its title, so its command line no longer names the dir: the pid file does.
      if (pid > 0 && processAlive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server')) process.kill(pid, 'SIGKILL');
    }
    for (const h of this.redisHandles) if (h.process.exitCode === null && h.process.signalCode === null) h.process.kill('SIGKILL');
  }

  logFiles(): string[] {
    return this.children.map((c) => c.log);
  }
}

/** Resolve with `newsflow start`'s run state once written; throw when the process exits first. */
export async function waitForState(env: Env, c: Child, timeoutMs = 90_000): Promise<{ apiUrl: string; redisUrl: string; apiToken: string | null; pid: number }> {
  const file = join(env.home, 'state.json');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!c.alive()) throw new Error(`${c.name} exited with ${c.child.exitCode} before writing ${file} (log ${c.log})`);
    if (existsSync(file)) {
      try {
        const s = JSON.parse(readFileSync(file, 'utf8'));
        if (s.pid === c.child.pid) return s;
      } catch {
        // being written
      }
    }
    if (Date.now() > deadline) throw new Error(`${c.name} did not write ${file} within ${timeoutMs} ms (log ${c.log})`);
    await sleep(100);
  }
}
