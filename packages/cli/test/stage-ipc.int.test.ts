import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

/**
 * A stage child's side of the IPC channel, in a real child process: finished jobs reach the parent
 * gathered into few messages, every one of them, in order, and `flush` sends what is pending.
 */
describe('stage child job reports over IPC', () => {
  it('gathers finished jobs into few messages and loses none, flushing what is pending on demand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-ipc-'));
    const script = join(dir, 'child.mjs');
    const mod = pathToFileURL(join(REPO, 'packages/cli/dist/stage-children.js')).href;
    // 500 jobs in one burst (one flush window), then 3 more and an explicit flush long before the window ends.
    writeFileSync(
      script,
      `import { supervisedChild } from ${JSON.stringify(mod)};
const c = supervisedChild(60_000 /* a window longer than the test: only flush() sends the second batch */);
const first = supervisedChild(50);
for (let i = 0; i < 500; i++) first.jobDone({ stage: 'parse', ok: i % 7 !== 0, durationMs: i, ...(i % 7 === 0 ? { reason: 'X: ' + i } : {}) });
process.on('message', (m) => {
  if (m === 'more') {
    for (let i = 500; i < 503; i++) c.jobDone({ stage: 'entity', ok: true, durationMs: i });
    c.flush();
  }
  if (m === 'exit') process.disconnect();
});
`,
    );
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    const messages: Array<{ t: string; jobs: Array<{ stage: string; ok: boolean; durationMs: number; reason?: string }> }> = [];
    const got = (n: number) =>
      new Promise<void>((res, rej) => {
        const t = setTimeout(() => rej(new Error(`waited for ${n} jobs, got ${messages.flatMap((m) => m.jobs).length}`)), 60_000);
        const check = () => {
          if (messages.flatMap((m) => m.jobs).length >= n) {
            clearTimeout(t);
            child.off('message', on);
            res();
          }
        };
        const on = (m: (typeof messages)[number]) => {
          messages.push(m);
          check();
        };
        child.on('message', on);
        check();
      });
    await got(500);
    const firstBatch = messages.length;
    // One burst within one window: a message or two, not 500.
    expect(firstBatch).toBeLessThanOrEqual(2);
    child.send('more');
    await got(503);
    child.send('exit');
    await new Promise((r) => child.once('exit', r));
    const jobs = messages.flatMap((m) => m.jobs);
    expect(messages.every((m) => m.t === 'jobs')).toBe(true);
    expect(jobs).toHaveLength(503);
    expect(jobs.map((j) => j.durationMs)).toEqual(Array.from({ length: 503 }, (_, i) => i));
    expect(jobs[7]).toEqual({ stage: 'parse', ok: false, durationMs: 7, reason: 'X: 7' });
    expect(jobs.slice(500).every((j) => j.stage === 'entity' && j.ok)).toBe(true);
  });
});
