import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES } from '@newsflow/contracts';
import { createQueue } from '@newsflow/core';
import { useHarness } from '@newsflow/testing';
import { REPO } from './cli.js';

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
