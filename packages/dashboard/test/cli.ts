import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildProgram } from '@newsflow/cli';

export const REPO = resolve(import.meta.dirname, '../../..');
export const CLI = join(REPO, 'packages/cli/dist/main.js');

/** Env for a CLI child on the test Redis and prefix, with a scratch home and no inherited API settings. */
export function cliEnvFor(redisUrl: string, prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -b\` first`);
  const home = mkdtempSync(join(tmpdir(), 'nf-dash-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: redisUrl,
    NEWSFLOW_PREFIX: prefix,
    NEWSFLOW_HOME: home,
    SQLITE_PATH: join(home, 'newsflow.db'),
    LOG_LEVEL: 'warn',
    ...extra,
  };
  for (const k of ['REDIS_CLUSTER_NODES', 'NEWSFLOW_API_URL', 'NEWSFLOW_API_TOKEN', 'SINK', 'DATABASE_URL']) if (!(k in extra)) delete env[k];
  return env;
}

export interface Child {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, [CLI, ...args], { env, cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return { child, output: () => out, exited };
}

/** Run a CLI command to completion: exit code, stdout+stderr. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const c = spawnCli(args, env);
  const code = await c.exited;
  return { code, out: c.output() };
}

/** SIGTERM, wait for the exit code (SIGKILL after `graceMs`). */
export async function stopChild(c: Child, graceMs = 20_000): Promise<number | null> {
  if (c.child.exitCode !== null) return c.child.exitCode;
  c.child.kill('SIGTERM');
  const t = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
  const code = await c.exited;
  clearTimeout(t);
  return code;
}

/**
 * Run a command in this process, with `env` applied to process.env for its duration: the same
 * commander program and command code as the binary, without a Node start-up per call.
 * Resolves with the output; rejects with the error the binary would print (and its exit code).
 */
export async function runInProcess(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  Object.assign(process.env, env);
  const out: string[] = [];
  try {
    const program = await buildProgram({ out: (l) => out.push(l), err: (l) => out.push(l) });
    program.exitOverride();
    await program.parseAsync(['node', 'newsflow', ...args]);
    return out.join('\n');
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
