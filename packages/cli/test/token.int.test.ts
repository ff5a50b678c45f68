import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, scratch, spawnCli, stop, waitForStart, type Proc } from './helpers.js';

const procs: Proc[] = [];
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => stop(p)));
});

/** Start (API only), return the token it serves with and whether the API takes `probe`; stop it. */
async function startOnce(env: NodeJS.ProcessEnv, home: string, probe?: string): Promise<{ token: string; probeStatus?: number; output: string }> {
  const p = spawnCli(['start', '--port', '0', '--stages', 'none'], env);
  procs.push(p);
  const state = await waitForStart(p, home, 120_000);
  const get = (t: string) => fetch(`${state.apiUrl}/v1/articles?limit=1`, { headers: { authorization: `Bearer ${t}` } }).then((r) => r.status);
  expect(await get(state.apiToken!)).toBe(200);
  const probeStatus = probe ? await get(probe) : undefined;
  expect(await stop(p)).toBe(0);
  procs.splice(procs.indexOf(p), 1);
  return { token: state.apiToken!, ...(probeStatus !== undefined ? { probeStatus } : {}), output: p.output() };
}

describe('the API token across restarts (built CLI)', () => {
  it('keeps one token across restarts in NEWSFLOW_HOME/api-token, rotates it on demand, and lets NEWSFLOW_API_TOKEN win', async () => {
    const { home, env } = scratch();
    const noToken = await runCli(['token', 'show'], env);
    expect(noToken.code).not.toBe(0);
    expect(noToken.out).toMatch(/no API token in .*api-token yet/);

    const first = await startOnce(env, home);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.output).toMatch(/api-token, kept across restarts/);
    expect(statSync(join(home, 'api-token')).mode & 0o777).toBe(0o600);
    const shown = await runCli(['token', 'show'], env);
    expect(shown.code, shown.out).toBe(0);
    expect(shown.out.trim()).toBe(first.token);

    // A scraper holding the token keeps working after a restart.
    const second = await startOnce(env, home, first.token);
    expect(second.token).toBe(first.token);
    expect(second.probeStatus).toBe(200);

    const rotated = await runCli(['token', 'rotate'], env);
    expect(rotated.code, rotated.out).toBe(0);
    const next = (await runCli(['token', 'show'], env)).out.trim();
    expect(next).not.toBe(first.token);
    const third = await startOnce(env, home, first.token);
    expect(third.token).toBe(next);
    expect(third.probeStatus).toBe(401);

    // NEWSFLOW_API_TOKEN wins, and the saved token stays as it was.
    const fromEnv = await startOnce({ ...env, NEWSFLOW_API_TOKEN: 'operator-chosen-token-0123456789' }, home, next);
    expect(fromEnv.token).toBe('operator-chosen-token-0123456789');
    expect(fromEnv.probeStatus).toBe(401);
    expect((await runCli(['token', 'show'], env)).out.trim()).toBe(next);
  }, 600_000);
});
