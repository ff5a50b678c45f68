import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openJsonlStore, openSqliteStore, openStore, type ArticleStore } from '@newsflow/sink';
import { freshStoreConfig, tempDir, type StoreKind } from './databases.js';
import { makeArticle } from './fixtures.js';

const tmp = tempDir('sink-probe');
afterAll(() => tmp.remove());
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe.each<StoreKind>(['sqlite', 'postgres', 'jsonl'])('%s store probe()', (kind) => {
  let store: ArticleStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('is writable when healthy, answers fast without writing, and not writable once closed', async () => {
    store = await openStore(await freshStoreConfig(kind, tmp.dir, 'probe'));
    await store.write(makeArticle({ n: 1 }));
    const p = await store.probe();
    expect(p).toEqual({ writable: true, checkedAt: expect.stringMatching(ISO) });
    const started = performance.now();
    for (let i = 0; i < 20; i++) await store.probe();
    console.log(`${kind} probe(): ${((performance.now() - started) / 20).toFixed(2)} ms each (healthy)`);
    await store.close();
    expect(await store.probe()).toMatchObject({ writable: false, reason: expect.stringMatching(/^STORE_CLOSED: /) });
    store = undefined;
  });
});

/**
 * A real full disk: a small tmpfs, filled up. Needs root with mount rights (the dev machines and
 * CI run as root); without them the test fails saying so rather than passing untested.
 */
describe.each<'sqlite' | 'jsonl'>(['sqlite', 'jsonl'])('%s store on a full disk', (kind) => {
  let mnt = '';
  beforeAll(() => {
    mnt = mkdtempSync(join(tmpdir(), 'newsflow-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(`this test needs to mount a 3 MB tmpfs (run as root): ${String((err as { stderr?: unknown }).stderr ?? err)}`);
    }
  });
  afterAll(() => {
    execFileSync('umount', ['-l', mnt]);
    rmdirSync(mnt);
  });

  it('reports not writable with the error after a write failed for lack of space, and writable once space is back', async () => {
    const path = join(mnt, kind === 'sqlite' ? 'full.db' : 'full.jsonl');
    // No retrying in place: the write must fail now, as it would after the retry window.
    const s = kind === 'sqlite' ? await openSqliteStore({ path, retryWindowMs: 0 }) : await openJsonlStore({ path, retryWindowMs: 0 });
    try {
      await s.write(makeArticle({ n: 1 }));
      expect((await s.probe()).writable).toBe(true);
      const filler = join(mnt, 'filler');
      const fd = openSync(filler, 'w');
      try {
        for (;;) writeSync(fd, Buffer.alloc(64 * 1024));
      } catch {
        // ENOSPC: the disk is full
      } finally {
        closeSync(fd);
      }
      let failure: { code?: string } | undefined;
      for (let n = 2; n < 200 && !failure; n++) {
        await s.write(makeArticle({ n, body: `Story ${n}. ${'A long paragraph about the summit. '.repeat(2_000)}` })).catch((e: { code?: string }) => (failure = e));
      }
      expect(failure?.code).toMatch(/^(SQLITE_FULL|ENOSPC)$/);
      const full = await s.probe();
      expect(full).toMatchObject({ writable: false, reason: expect.stringMatching(/SQLITE_FULL|ENOSPC/) });
      console.log(`${kind} probe() on a full disk: ${full.reason}`);

      rmSync(filler);
      if (kind === 'sqlite') {
        // The probe's test write (one row rewritten in place) proves the store writes again.
        expect(await s.probe()).toEqual({ writable: true, checkedAt: expect.stringMatching(ISO) });
      } else {
        // An append-only file takes no test write: the next real write decides.
        expect((await s.probe()).writable).toBe(false);
        await s.write(makeArticle({ n: 500 }));
        expect((await s.probe()).writable).toBe(true);
      }
      expect((await s.write(makeArticle({ n: 501 }))).outcome).toBe('inserted');
    } finally {
      await s.close();
    }
  });
});
