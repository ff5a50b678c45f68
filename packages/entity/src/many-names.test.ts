import { describe, expect, it } from 'vitest';
import { Entity } from '@newsflow/contracts';
import { extractEntities, extractEntitiesAsync, type ExtractStats } from './extract.js';
import { manyNamesPage } from './many-names.js';
import { SUMMIT_BODY, SUMMIT_TITLE } from '../test/fixtures/summit-article.js';

/**
 * CPU seconds of each run, the fewest of a few tries, the runs taking turns: CPU time of this
 * process, not wall time, so other work on a shared machine barely moves the ratio of the two.
 */
function fewestCpuSeconds(runs: Array<() => void>, tries = 3): number[] {
  const best = runs.map(() => Infinity);
  for (let i = 0; i < tries; i++) {
    runs.forEach((run, k) => {
      const c = process.cpuUsage();
      run();
      const used = process.cpuUsage(c);
      best[k] = Math.min(best[k]!, (used.user + used.system) / 1e6);
    });
  }
  return best;
}

describe('a page with thousands of distinct names', () => {
  const page = manyNamesPage(9000);

  it('is generated the same on every run, with as many distinct names as asked', () => {
    expect(manyNamesPage(9000)).toEqual(page);
    expect(page.names).toBe(9000);
    expect(page.body.length).toBeGreaterThan(250_000);
    expect(() => manyNamesPage(0)).toThrow(/names: /);
  });

  it('is processed, in time that grows linearly with the names (ratio measured in this run)', () => {
    const small = manyNamesPage(3000);
    extractEntities(small); // warm-up: model load and JIT
    const stats = {} as ExtractStats;
    const smallStats = {} as ExtractStats;
    let entities: Entity[] = [];
    const [tSmall, tLarge] = fewestCpuSeconds([() => extractEntities(small, { stats: smallStats }), () => (entities = extractEntities(page, { stats }))]) as [number, number];
    console.log(`extractEntities, CPU time: 3,000 names ${tSmall.toFixed(2)} s, 9,000 names (${page.body.length} chars) ${tLarge.toFixed(2)} s, ratio ${(tLarge / tSmall).toFixed(1)}`);
    expect(entities.length).toBeGreaterThan(6000);
    for (const e of entities.slice(0, 200)) expect(Entity.safeParse(e).success).toBe(true);
    expect(stats.truncated).toBe(false);
    // Three times the names: linear work takes about 3 times as long, all-pairs merging 9 times.
    expect(tLarge / tSmall).toBeLessThan(6);
    // The merge passes look longer names up by key: they examine only pairs that share words
    // (at most one per word of each name), not every name against every other (~groups²).
    expect(stats.groups).toBeGreaterThan(2.9 * smallStats.groups);
    expect(stats.candidates).toBeLessThan(stats.groups);
  }, 300_000);

  it('hands the event loop back between slices and finds the same entities', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const stats = {} as ExtractStats;
    try {
      const sync = extractEntities(page);
      const ticksDuringSync = ticks;
      const viaAsync = await extractEntitiesAsync(page, { stats, yieldEveryMs: 0 });
      expect(viaAsync).toEqual(sync);
      expect(ticksDuringSync).toBe(0);
      // Every slice of 64 sentences ends in a turn of the event loop, where the timer can run.
      expect(stats.yields).toBeGreaterThan(stats.sentences / 64);
      expect(ticks).toBeGreaterThan(10);
    } finally {
      clearInterval(timer);
    }
  }, 300_000);
});

describe('the bound on text read per article', () => {
  it('reports a cut body in the stats and leaves a normal article whole', () => {
    const cut = {} as ExtractStats;
    extractEntities(manyNamesPage(300), { maxChars: 2000, stats: cut });
    expect(cut).toMatchObject({ truncated: true, charsRead: 2000 });
    expect(cut.bodyChars).toBeGreaterThan(2000);
    const whole = {} as ExtractStats;
    extractEntities({ title: SUMMIT_TITLE, body: SUMMIT_BODY }, { stats: whole });
    expect(whole).toMatchObject({ truncated: false, bodyChars: SUMMIT_BODY.length, charsRead: SUMMIT_BODY.length });
  });

  it('rejects a bad bound or slice length, naming the option', async () => {
    expect(() => extractEntities({ title: '', body: 'x' }, { maxChars: -1 })).toThrow(/maxChars: /);
    await expect(extractEntitiesAsync({ title: '', body: 'x' }, { yieldEveryMs: Number.NaN })).rejects.toThrow(/yieldEveryMs: /);
  });
});
