import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article, EnrichedArticle } from '@newsflow/contracts';
import { eventually, testRedisUrl, useHarness } from '@newsflow/testing';
import { article, rng, syntheticStory, vocabulary, wireCopy } from './fixtures.js';

const MAIN = resolve(import.meta.dirname, '../dist/main.js');
const h = useHarness();

function startWorkerProcess(prefix: string): { child: ChildProcess; exited: Promise<number | null>; output(): string } {
  const env = { ...process.env, REDIS_URL: testRedisUrl(), NEWSFLOW_PREFIX: prefix, CONCURRENCY: '8', LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_MS: '5000' };
  delete env.REDIS_CLUSTER_NODES;
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return { child, exited, output: () => out };
}

describe('two dedupe worker processes', () => {
  it('put both members of each near-duplicate pair in one cluster with one canonical, when the pair arrives together', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx tsc -b packages/dedupe\` first (npm test builds before vitest)`);
    const t = h();
    const q = t.queues();
    const r = rng(42);
    const vocab = vocabulary(r);
    const jobs: EnrichedArticle[] = [];
    const pairs: Array<[string, string]> = [];
    // 500 articles: 100 pairs (original + wire copy on another site, queued back to back) among 300 singletons.
    for (let i = 0; i < 400; i++) {
      const story = syntheticStory(r, vocab);
      const orig = article({ url: `https://site${i % 7}.example/story/${i}`, paragraphs: story });
      if (i % 4 !== 0) {
        jobs.push(orig);
        continue;
      }
      const copy = article({ url: `https://copy${i % 5}.example/wire/${i}`, paragraphs: wireCopy(r, story) });
      // Back to back in the queue, the copy first in every other pair so neither side always leads.
      jobs.push(...(i % 8 === 0 ? [orig, copy] : [copy, orig]));
      pairs.push([orig.pageId, copy.pageId]);
    }
    expect(jobs).toHaveLength(500);
    expect(pairs).toHaveLength(100);
    const procs = [startWorkerProcess(t.prefix), startWorkerProcess(t.prefix)];
    try {
      // Both processes are consuming before the first article is queued, so pairs really race.
      await eventually(async () => (await q.dedupe.getWorkersCount()) >= 2, `both dedupe processes connected: ${procs.map((p) => p.output()).join('\n')}`, 60_000, 100);
      await q.dedupe.addBulk(jobs.map((a) => ({ name: 'article', data: a, opts: { jobId: a.pageId } })));
      await eventually(async () => (await q.sink.count()) === 500, 'all 500 articles forwarded to sink', 60_000, 100);
    } finally {
      for (const p of procs) p.child.kill('SIGTERM');
      const codes = await Promise.all(procs.map((p) => p.exited));
      expect(codes, procs.map((p) => p.output()).join('\n')).toEqual([0, 0]);
    }

    const out = new Map<string, Article>();
    for (const j of await q.sink.getJobs(['waiting', 'prioritized'], 0, 1000)) out.set(j.id!, j.data as Article);
    expect(out.size).toBe(500);
    const workers = new Set([...out.values()].map((a) => a.trace.at(-1)!.workerId.split(':')[1]));
    expect(workers.size, 'both processes took part').toBe(2);

    // The race this test is about: members of a pair in flight at once, in different processes.
    const overlapping = pairs.filter(([a, b]) => {
      const x = out.get(a)!.trace.at(-1)!;
      const y = out.get(b)!.trace.at(-1)!;
      return x.workerId.split(':')[1] !== y.workerId.split(':')[1] && x.startedAt <= y.finishedAt && y.startedAt <= x.finishedAt;
    }).length;
    process.stderr.write(`dedupe race: ${overlapping} of 100 pairs were in flight in both processes at once\n`);
    expect(overlapping, 'some pairs were processed at the same moment by both processes').toBeGreaterThan(0);
    const inPair = new Set(pairs.flat());
    for (const [a, b] of pairs) {
      const x = out.get(a)!;
      const y = out.get(b)!;
      expect(x.dedupe.clusterId, `pair ${a}/${b}`).toBe(y.dedupe.clusterId);
      const canon = [x, y].filter((m) => m.dedupe.duplicateOf === null);
      expect(canon, `pair ${a}/${b} has one canonical`).toHaveLength(1);
      const dup = canon[0] === x ? y : x;
      expect(dup.dedupe).toMatchObject({ duplicateOf: canon[0]!.id, duplicateKind: 'near', clusterId: canon[0]!.id });
    }
    for (const [id, a] of out) {
      if (!inPair.has(id)) expect(a.dedupe, `singleton ${id}`).toMatchObject({ duplicateOf: null, clusterId: a.id });
    }
  });
});
