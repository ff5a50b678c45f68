import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES } from '@newsflow/contracts';
import { createProducer } from '@newsflow/ingest';
import { openStore } from '@newsflow/sink';
import { eventually, syntheticPage, useHarness } from '@newsflow/testing';
import { cliEnvFor, spawnCli, stopChild, type Child } from './cli.js';

const h = useHarness();
const PAGES = 500;

describe('horizontal scaling', () => {
  it(`2 parse processes + 1 of each other stage share one Redis: ${PAGES} pages, both parse processes work, every article stored once`, async () => {
    const t = h();
    const db = join(mkdtempSync(join(tmpdir(), 'nf-scale-')), 'newsflow.db');
    const env = cliEnvFor(t.redisUrl, t.prefix, { SINK: 'sqlite', SQLITE_PATH: db });
    const children: Child[] = [];
    const spawnWorker = (stage: string) => {
      const c = spawnCli(['worker', stage], env);
      children.push(c);
      return c;
    };
    try {
      const parseProcs = [spawnWorker('parse'), spawnWorker('parse')];
      for (const s of STAGES.filter((s) => s !== 'parse')) spawnWorker(s);
      // Every process has registered its BullMQ worker before a page is queued, so work is shared.
      await eventually(async () => {
        const counts = await Promise.all(STAGES.map((s) => t.queues()[s].getWorkersCount()));
        return counts.every((n, i) => n >= (STAGES[i] === 'parse' ? 2 : 1));
      }, `all workers connected: ${children.map((c) => c.output()).join('\n')}`, 60_000, 200);

      const producer = t.defer(createProducer({ connection: t.connection('producer'), prefix: t.prefix }));
      const pages = Array.from({ length: PAGES }, (_, i) => syntheticPage(i, { seed: 42 }));
      for (const p of pages) await producer.submit({ url: p.url, html: p.html, site: p.site });

      const store = t.defer(await eventually(() => openStore({ kind: 'sqlite', path: db }).catch(() => null), 'store file created'));
      await eventually(async () => (await store.count()) === PAGES, `${PAGES} articles stored`, 150_000, 500);

      const byPid = new Map<number, number>();
      let stored = 0;
      const ids = new Set<string>();
      for await (const a of store.iterate({ limit: PAGES + 100 })) {
        stored += 1;
        ids.add(a.id);
        expect(a.trace.map((e) => e.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
        expect(a.dedupe.version).toBe(1);
        const pid = Number(a.trace[1]!.workerId.split(':')[1]);
        byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
      }
      expect(stored).toBe(PAGES);
      expect(ids.size).toBe(PAGES);
      const parsePids = parseProcs.map((c) => c.child.pid!);
      expect([...byPid.keys()].sort()).toEqual([...parsePids].sort());
      for (const pid of parsePids) expect(byPid.get(pid)!).toBeGreaterThan(PAGES / 10);
      // Reported, not asserted: how the two parse processes split the work.
      process.stderr.write(`scaling: parse pages per process ${JSON.stringify(Object.fromEntries(byPid))}\n`);
      expect(await t.queues().parse.getFailedCount()).toBe(0);
    } finally {
      const codes = await Promise.all(children.map((c) => stopChild(c)));
      expect(codes, children.map((c) => c.output()).join('\n')).toEqual(children.map(() => 0));
    }
  });
});
