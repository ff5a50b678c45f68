import { describe, expect, it } from 'vitest';
import { ConfigError, ValidationError } from '@newsflow/core';
import { DEFAULT_OPTIONS, bucketsFor, dedupeOptionsFromEnv, resolveOptions } from './options.js';
import { encodeRecord, recordSize } from './record.js';

describe('dedupe options', () => {
  it('reads DEDUPE_MAX_ENTRIES and derives a bucket count that keeps a full index compact', () => {
    expect(dedupeOptionsFromEnv({ DEDUPE_MAX_ENTRIES: '1000000' })).toMatchObject({ maxEntries: 1_000_000 });
    expect(resolveOptions({ maxEntries: 1_000_000 }).buckets).toBe(1_048_576);
    expect(bucketsFor(DEFAULT_OPTIONS.maxEntries)).toBe(DEFAULT_OPTIONS.buckets);
    expect(resolveOptions({ maxEntries: 1_000_000, buckets: 4096 }).buckets).toBe(4096);
  });

  it('rejects a bad DEDUPE_MAX_ENTRIES with a message naming the variable', () => {
    for (const bad of ['lots', '12.5', '10', '-3', '99999999999']) {
      expect(() => dedupeOptionsFromEnv({ DEDUPE_MAX_ENTRIES: bad }), bad).toThrow(ConfigError);
      expect(() => dedupeOptionsFromEnv({ DEDUPE_MAX_ENTRIES: bad }), bad).toThrow(/DEDUPE_MAX_ENTRIES/);
    }
    expect(() => dedupeOptionsFromEnv({ DEDUPE_WINDOW_HOURS: 'soon' })).toThrow(/DEDUPE_WINDOW_HOURS/);
  });

  it('reads the story window, threshold and bound, and rejects bad values naming the variable', () => {
    expect(dedupeOptionsFromEnv({ DEDUPE_STORY_WINDOW_DAYS: '2', DEDUPE_STORY_THRESHOLD: '0.5', DEDUPE_STORY_MAX_ARTICLES: '5000' })).toMatchObject({
      storyWindowMs: 2 * 86_400_000,
      storyThreshold: 0.5,
      storyMaxArticles: 5000,
    });
    expect(resolveOptions({}).storyWindowMs).toBe(3 * 86_400_000);
    for (const [name, bad] of [['DEDUPE_STORY_WINDOW_DAYS', 'soon'], ['DEDUPE_STORY_WINDOW_DAYS', '0'], ['DEDUPE_STORY_THRESHOLD', '1.5'], ['DEDUPE_STORY_MAX_ARTICLES', '12.5']] as const) {
      expect(() => dedupeOptionsFromEnv({ [name]: bad }), `${name}=${bad}`).toThrow(new RegExp(name));
    }
    expect(() => resolveOptions({ storyThreshold: 2 })).toThrow(/storyThreshold/);
  });

  it('rejects options the index cannot use, naming the option', () => {
    expect(() => resolveOptions({ buckets: 1000 })).toThrow(/buckets: must be a power of two/);
    expect(() => resolveOptions({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => resolveOptions({ identityMinShare: 1.5 })).toThrow(/identityMinShare/);
    expect(() => resolveOptions({ leadOverlapMax: -1 })).toThrow(/leadOverlapMax/);
  });
});

describe('index records', () => {
  it('are fixed-size bytes and refuse an id that does not fit, naming the field', () => {
    const input = { nowMs: 1_700_000_000_000, shingles: 70_000, entities: true, identityCount: 3, identity: [1, 2, 3], lead: [9, 8], exactKey: Buffer.alloc(8, 7), signature: new Uint32Array(128).fill(0x12345678) };
    const buf = encodeRecord({ ...input, id: 'abc' });
    expect(buf.length).toBe(recordSize(128));
    expect(buf.readUInt8(0)).toBe(3);
    expect(buf.subarray(1, 4).toString()).toBe('abc');
    expect(buf.readUInt32BE(32)).toBe(1_700_000_000);
    expect(buf.readUInt16BE(36)).toBe(0xffff);
    expect(buf.readUInt16BE(51)).toBe(0x5678);
    expect(() => encodeRecord({ ...input, id: 'x'.repeat(32) })).toThrow(ValidationError);
    expect(() => encodeRecord({ ...input, id: 'x'.repeat(32) })).toThrow(/dedupe document id/);
  });
});
