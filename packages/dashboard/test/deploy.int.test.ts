import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES } from '@newsflow/contracts';
import { createQueue } from '@newsflow/core';
import { createProducer } from '@newsflow/ingest';
import { eventually, syntheticPage, useHarness } from '@newsflow/testing';
import { REPO, cliEnvFor } from './cli.js';

const h = useHarness();
const read = (p: string) => readFileSync(join(REPO, p), 'utf8');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('Dockerfile', () => {
  it('is multi-stage, runs the CLI as a non-root user, and ships only runtime files', () => {
    const df = read('Dockerfile');
    const stages = df.split(/^FROM /m).slice(1);
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/^USER root$/m);
    expect(runtime).toMatch(/^ENTRYPOINT \["node", "packages\/cli\/dist\/main\.js"\]$/m);
    expect(runtime).not.toMatch(/npm (ci|install)|tsc/);

    // The build stage's collect step, run here on the built tree: each package's entry point and
    // declared files, and no sources, tests or build info.
    const out = mkdtempSync(join(tmpdir(), 'nf-image-'));
    const r = spawnSync(process.execPath, ['deploy/docker/collect-runtime.mjs', '.', out], { cwd: REPO, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const pkg of ['cli', 'contracts', 'core', 'dashboard', 'dedupe', 'entity', 'ingest', 'parse', 'sink']) {
      const manifest = JSON.parse(readFileSync(join(out, 'packages', pkg, 'package.json'), 'utf8')) as { main?: string };
      expect(existsSync(join(out, 'packages', pkg, manifest.main ?? 'dist/index.js')), pkg).toBe(true);
    }
    expect(existsSync(join(out, 'packages/cli/dist/main.js'))).toBe(true);
    expect(existsSync(join(out, 'packages/dashboard/static/dashboard.js'))).toBe(true);
    expect(existsSync(join(out, 'packages/testing'))).toBe(false);
    const files = walk(join(out, 'packages'));
    expect(files.filter((f) => /\.test\.js$|\.tsbuildinfo$|\.map$|\/src\/.*\.ts$/.test(f))).toEqual([]);
  });
});

/**
 * The image's file layout without a Docker engine: each package's runtime files (as the build stage
 * collects them), with @newsflow/* resolving to those copies and other dependencies to this checkout's.
 */
function runtimeLayout(): string {
  const out = mkdtempSync(join(tmpdir(), 'nf-layout-'));
  const r = spawnSync(process.execPath, ['deploy/docker/collect-runtime.mjs', '.', out], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  mkdirSync(join(out, 'node_modules', '@newsflow'), { recursive: true });
  for (const e of readdirSync(join(REPO, 'node_modules'))) {
    if (e === '@newsflow' || e.startsWith('.')) continue;
    symlinkSync(join(REPO, 'node_modules', e), join(out, 'node_modules', e));
  }
  for (const pkg of readdirSync(join(out, 'packages'))) symlinkSync(join(out, 'packages', pkg), join(out, 'node_modules', '@newsflow', pkg));
  return out;
}

describe('runtime layout', () => {
  it('runs a page through all five stages and serves the dashboard from the shipped files alone', async () => {
    const t = h();
    const out = runtimeLayout();
    const home = mkdtempSync(join(tmpdir(), 'nf-layout-home-'));
    const env = cliEnvFor(t.redisUrl, t.prefix, { NEWSFLOW_API_TOKEN: 'layout-token-0123456789', SINK: 'sqlite', SQLITE_PATH: join(home, 'db.sqlite'), NEWSFLOW_HOME: home });
    const start = spawn(process.execPath, [join(out, 'packages/cli/dist/main.js'), 'start', '--port', '0'], { env, cwd: out, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    start.stdout.on('data', (d) => (log += d));
    start.stderr.on('data', (d) => (log += d));
    const exited = new Promise<number | null>((r) => start.once('exit', r));
    try {
      const url = await eventually(() => /dashboard:\s+(http:\/\/\S+)\/dashboard/.exec(log)?.[1], `start from the layout: ${log}`, 60_000, 100);
      const page = syntheticPage(1, { seed: 3 });
      const producer = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
      await producer.submit({ url: page.url, html: page.html, site: page.site });
      const done = await eventually(async () => ((await t.queues().sink.getCompletedCount()) === 1 ? true : null), `page stored: ${log}`, 60_000, 200);
      expect(done).toBe(true);
      const auth = { headers: { authorization: 'Bearer layout-token-0123456789' } };
      const overview = (await (await fetch(`${url}/dashboard/api/overview`, auth)).json()) as { articles: Array<{ title: string; topEntities: unknown[] }> };
      expect(overview.articles[0]!.title).toBe(page.title);
      expect((await fetch(`${url}/dashboard/static/dashboard.js`, auth)).status).toBe(200);
      expect((await fetch(`${url}/admin/queues`, auth)).status).toBe(200);
    } finally {
      start.kill('SIGTERM');
      expect(await exited, log).toBe(0);
    }
  });
});

describe('Kubernetes manifests', () => {
  it('run one Deployment per stage with a grace period longer than the shutdown timeout', () => {
    const workers = read('deploy/kubernetes/workers.yaml');
    const config = read('deploy/kubernetes/config.yaml');
    expect([...workers.matchAll(/args: \["worker", "([a-z]+)"/g)].map((m) => m[1])).toEqual([...STAGES]);
    const shutdownMs = Number(/SHUTDOWN_TIMEOUT_MS: "(\d+)"/.exec(config)![1]);
    for (const m of workers.matchAll(/terminationGracePeriodSeconds: (\d+)/g)) expect(Number(m[1]) * 1000).toBeGreaterThan(shutdownMs);
  });

  it('scale with KEDA on the very Redis list BullMQ keeps waiting jobs in', async () => {
    const t = h();
    const keda = read('deploy/kubernetes/keda.yaml');
    const prefix = /NEWSFLOW_PREFIX: "([^"]+)"/.exec(read('deploy/kubernetes/config.yaml'))![1]!;
    const triggers = [...keda.matchAll(/name: newsflow-([a-z]+)\n[\s\S]*?listName: "([^"]+)"/g)].map((m) => [m[1]!, m[2]!] as const);
    expect(triggers.map(([s]) => s)).toEqual(['parse', 'entity', 'dedupe', 'sink']);
    for (const [stage, listName] of triggers) {
      const q = createQueue(stage as (typeof STAGES)[number], { connection: t.connection(), prefix });
      expect(listName).toBe(q.keys.wait);
      await q.close();
    }
    // KEDA's redis scaler reads LLEN of that list: it must count waiting jobs.
    const q = t.queues().parse;
    await q.add('page', { any: 'payload' });
    await q.add('page', { any: 'payload' });
    const redis = t.connection();
    expect(await redis.llen(q.keys.wait!)).toBe(2);
  });
});
