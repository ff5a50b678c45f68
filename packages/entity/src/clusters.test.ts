import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError, rng } from '@newsflow/core';
import { WordClusters, readClusters, saveClusters, trainClusters } from './clusters.js';

/** Sentences where days, cities and people each fill their own slots. */
function corpus(n: number): string[][] {
  const rand = rng(5);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
  const cities = ['Paris', 'Lagos', 'Lima', 'Oslo', 'Hanoi'];
  const people = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli'];
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    out.push(['on', pick(days), 'morning', ',', pick(people), 'said', 'in', pick(cities), 'that', 'prices', 'rose', '.']);
    out.push(['talks', 'in', pick(cities), 'ended', 'on', pick(days), 'when', pick(people), 'left', '.']);
  }
  return out;
}

describe('trainClusters (predictive exchange clustering)', () => {
  it('puts words that share contexts in one class, at every size, the same way every run', () => {
    const data = trainClusters(corpus(400), { sizes: [4, 8], minCount: 2, iterations: 10, seed: 3 });
    expect(data.sizes).toEqual([4, 8]);
    expect(data.ids).toHaveLength(2);
    const cl = new WordClusters(data);
    const cls = (w: string): string => cl.of(w, w.toLowerCase())[1]!;
    for (const group of [['Monday', 'Tuesday', 'Friday'], ['Paris', 'Lagos', 'Oslo'], ['Ana', 'Chen', 'Eli']]) {
      expect(new Set(group.map(cls)).size).toBe(1);
    }
    expect(cls('Monday')).not.toBe(cls('Paris'));
    expect(cls('Paris')).not.toBe(cls('Ana'));
    expect(trainClusters(corpus(400), { sizes: [4, 8], minCount: 2, iterations: 10, seed: 3 }).ids).toEqual(data.ids);
    // An unseen word has no class; a casing not seen borrows the seen one.
    expect(cl.of('Zanzibar', 'zanzibar')).toEqual([]);
    expect(cl.of('PARIS', 'paris')).toEqual(cl.of('Paris', 'paris'));
  });

  it('round-trips through a file, and names what is wrong with a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-clusters-'));
    const data = trainClusters(corpus(50), { sizes: [4], minCount: 1, iterations: 3, sources: [{ name: 'test corpus', sha256: '0'.repeat(64), sentences: 100, tokens: 1100 }] });
    const path = join(dir, 'c.json.gz');
    expect(saveClusters(data, path)).toBeGreaterThan(0);
    expect(readClusters(path)).toEqual(data);
    writeFileSync(join(dir, 'bad.gz'), 'not gzip');
    expect(() => readClusters(join(dir, 'bad.gz'))).toThrow(ValidationError);
    expect(() => readClusters(join(dir, 'bad.gz'))).toThrow(/cannot read word clusters from .*bad\.gz/);
    expect(() => readClusters(join(dir, 'missing.gz'))).toThrow(/cannot read word clusters/);
  });
});
