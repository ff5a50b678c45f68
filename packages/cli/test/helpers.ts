import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../..');
export const CLI = join(REPO, 'packages/cli/dist/main.js');

/** A scratch NEWSFLOW_HOME plus SQLite path, and env that points the CLI at them. */
export function scratch(extra: Record<string, string> = {}): { home: string; db: string; env: NodeJS.ProcessEnv } {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm test builds before running vitest)`);
  const home = mkdtempSync(join(tmpdir(), 'nf-e2e-'));
  const db = join(home, 'newsflow.db');
  const env: NodeJS.ProcessEnv = { ...process.env, NEWSFLOW_HOME: home, SINK: 'sqlite', SQLITE_PATH: db, LOG_LEVEL: 'warn', PORT: '0', SHUTDOWN_TIMEOUT_MS: '10000', ...extra };
  delete env.REDIS_URL;
  delete env.REDIS_CLUSTER_NODES;
  delete env.NEWSFLOW_API_URL;
  delete env.NEWSFLOW_API_TOKEN;
  return { home, db, env };
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv, cwd = REPO): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return { child, output: () => out, exited };
}

/** Run a CLI command to completion. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<{ code: number | null; out: string }> {
  const p = spawnCli(args, env);
  if (input !== undefined) p.child.stdin!.end(input);
  else p.child.stdin!.end();
  const code = await p.exited;
  return { code, out: p.output() };
}

/** Resolve with the run state once `newsflow start` has written it; reject if the process exits first. */
export async function waitForStart(p: Proc, home: string, timeoutMs = 60_000): Promise<{ apiUrl: string; redisUrl: string; apiToken: string | null; pid: number }> {
  const file = join(home, 'state.json');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p.child.exitCode !== null) throw new Error(`newsflow start exited with ${p.child.exitCode}:\n${p.output()}`);
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        // being written
      }
    }
    if (Date.now() > deadline) throw new Error(`newsflow start did not come up in ${timeoutMs} ms:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM and wait for the exit code; SIGKILL after `graceMs`. */
export async function stop(p: Proc, graceMs = 30_000): Promise<number | null> {
  if (p.child.exitCode !== null) return p.child.exitCode;
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  const code = await p.exited;
  clearTimeout(t);
  return code;
}
