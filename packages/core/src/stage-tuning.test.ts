import { describe, expect, it } from 'vitest';
import { STAGE_TUNING, allStageTuningFromEnv, stageTuningFromEnv } from './stage-tuning.js';

describe('stage tuning', () => {
  it('defaults take a dead worker’s jobs over within about 40 s', () => {
    for (const t of Object.values(STAGE_TUNING)) expect(t.lockDurationMs + 2 * t.stalledIntervalMs).toBeLessThanOrEqual(40_000);
    expect(stageTuningFromEnv('parse', {})).toEqual(STAGE_TUNING.parse);
  });

  it('reads each stage’s own variables', () => {
    const env = { SINK_LOCK_DURATION_MS: '5000', SINK_STALLED_INTERVAL_MS: '1000', SINK_MAX_STALLED_COUNT: '9', PARSE_LOCK_DURATION_MS: '60000' };
    expect(stageTuningFromEnv('sink', env)).toEqual({ lockDurationMs: 5000, stalledIntervalMs: 1000, maxStalledCount: 9 });
    const all = allStageTuningFromEnv(env);
    expect(all.parse.lockDurationMs).toBe(60_000);
    expect(all.entity).toEqual(STAGE_TUNING.entity);
  });

  it('names the variable when a value is bad', () => {
    expect(() => stageTuningFromEnv('entity', { ENTITY_STALLED_INTERVAL_MS: 'soon' })).toThrow(/ENTITY_STALLED_INTERVAL_MS must be a number/);
    expect(() => allStageTuningFromEnv({ DEDUPE_LOCK_DURATION_MS: '100' })).toThrow(/DEDUPE_LOCK_DURATION_MS must be at least 1000/);
  });
});
