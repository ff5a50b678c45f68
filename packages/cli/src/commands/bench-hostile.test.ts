import { describe, expect, it } from 'vitest';
import { HOSTILE_CASES } from '@newsflow/parse';
import { runCommands } from '../../test/run-commands.js';
import { register } from './bench-hostile.js';

// A hang guard only; the times themselves are the command's output, not asserted here.
const HANG_GUARD_MS = 60_000;

describe('newsflow bench hostile', () => {
  it(
    '--json reports every hostile page with its outcome, time and the limit',
    async () => {
      const r = await runCommands([register], ['bench', 'hostile', '--json']);
      const j = JSON.parse(r.out.join('')) as { limitMs: number; results: Array<{ name: string; outcome: string; ms: number; expected: boolean }> };
      expect(j.limitMs).toBe(2000);
      expect(j.results.map((x) => x.name)).toEqual(HOSTILE_CASES.map((c) => c.name));
      for (const x of j.results) {
        expect(x.expected, `${x.name}: ${x.outcome}`).toBe(true);
        expect(x.ms).toBeGreaterThanOrEqual(0);
      }
      expect(j.results.find((x) => x.name === 'empty page')?.outcome).toBe('EMPTY_PAGE');
    },
    HANG_GUARD_MS,
  );
});
