import { describe, expect, it } from 'vitest';
import type { StageStats } from './stats.js';
import { StageWatchdog } from './watchdog.js';
import { percentile } from './stats.js';
import { reasonCode } from './jobs.js';

const stats = (over: Partial<StageStats>): StageStats => ({
  stage: 'parse', waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0, throughputPerMin: 0,
  p50Ms: null, p99Ms: null, paused: false, workers: ['w1'], completedTotal: 0, failedTotal: 0, ...over,
});

describe('StageWatchdog', () => {
  it('flags a stage only after waiting jobs saw no progress for staleAfterMs', () => {
    let now = 0;
    const wd = new StageWatchdog(1000, () => now);
    expect(wd.check([stats({ waiting: 5 })])[0]!.ok).toBe(true);
    now = 999;
    expect(wd.check([stats({ waiting: 5 })])[0]!.ok).toBe(true);
    now = 1000;
    const h = wd.check([stats({ waiting: 5 })])[0]!;
    expect(h.ok).toBe(false);
    expect(h.problem).toBe('5 job(s) waiting and none finished for 1000 ms: 1 worker(s) connected but not consuming');
    // One finished job is progress: the clock restarts.
    now = 1500;
    expect(wd.check([stats({ waiting: 5, completedTotal: 1 })])[0]!.ok).toBe(true);
    now = 2400;
    expect(wd.check([stats({ waiting: 5, completedTotal: 1 })])[0]!.ok).toBe(true);
    now = 2600;
    expect(wd.check([stats({ waiting: 5, completedTotal: 1, workers: [] })])[0]!.problem).toMatch(/no worker is connected$/);
  });

  it('does not flag a queue an operator paused', () => {
    let now = 0;
    const wd = new StageWatchdog(10, () => now);
    wd.check([stats({ waiting: 9, paused: true })]);
    now = 60_000;
    expect(wd.check([stats({ waiting: 9, paused: true })])[0]).toMatchObject({ ok: true, paused: true });
    // Resumed and still stuck: the clock starts at the resume.
    now = 60_005;
    expect(wd.check([stats({ waiting: 9 })])[0]!.ok).toBe(true);
    now = 60_011;
    expect(wd.check([stats({ waiting: 9 })])[0]!.ok).toBe(false);
  });

  it('never flags an idle stage with nothing waiting', () => {
    let now = 0;
    const wd = new StageWatchdog(10, () => now);
    wd.check([stats({})]);
    now = 1_000_000;
    expect(wd.check([stats({})])[0]!.ok).toBe(true);
  });
});

describe('percentile and reasonCode', () => {
  it('uses nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
  it('takes the code the stage runtime puts before the message', () => {
    expect(reasonCode('VALIDATION_FAILED: parse payload: url: must be an absolute http(s) URL')).toBe('VALIDATION_FAILED');
    expect(reasonCode('connect ECONNREFUSED 127.0.0.1:5432')).toBe('ERROR');
  });
});
