import { describe, expect, it } from 'vitest';
import { countOutcome, passed, table, type ScenarioResult, type StoredRow } from '../src/report.js';

const row = (pageId: string | null, versions = 1, articleId = `art-${pageId}`): StoredRow => ({ pageId, articleId, versions });

describe('countOutcome: every accepted page stored once or failed with a reason', () => {
  it('counts a clean run as stored, with nothing lost or duplicated', () => {
    const c = countOutcome({ pages: 3, accepted: ['a', 'b', 'c'], rows: [row('a'), row('b'), row('c')], failed: [] });
    expect(c).toMatchObject({ pages: 3, accepted: 3, stored: 3, failed: 0, lost: 0, duplicates: 0 });
  });

  it('an accepted page with no row and no failed job is lost, and named', () => {
    const c = countOutcome({ pages: 4, accepted: ['a', 'b', 'c'], rows: [row('a')], failed: [{ stage: 'parse', id: 'b', reason: 'EMPTY_PAGE: x' }] });
    expect(c).toMatchObject({ accepted: 3, stored: 1, failed: 1, lost: 1, lostIds: ['c'] });
    expect(c.failedReasons.get('b')).toBe('parse: EMPTY_PAGE: x');
  });

  it('a second row or a second version of one page is a duplicate', () => {
    const c = countOutcome({ pages: 2, accepted: ['a', 'b'], rows: [row('a'), row('a', 1, 'other'), row('b', 3)], failed: [] });
    expect(c.stored).toBe(2);
    expect(c.duplicates).toBe(1 + 2);
    expect(c.duplicateIds.sort()).toEqual(['a', 'b']);
  });

  it('a page acknowledged twice (a retried request) is one page', () => {
    const c = countOutcome({ pages: 1, accepted: ['a', 'a'], rows: [row('a')], failed: [] });
    expect(c).toMatchObject({ accepted: 1, stored: 1, lost: 0, duplicates: 0 });
  });

  it('rows no accepted page made, and failed jobs of stored pages, change nothing', () => {
    const c = countOutcome({
      pages: 2,
      accepted: ['a'],
      rows: [row('a'), row(null), row('not-acknowledged')],
      failed: [{ stage: 'sink', id: 'a', reason: 'stalled' }, { stage: 'parse', id: 'zzz', reason: 'x' }],
    });
    expect(c).toMatchObject({ accepted: 1, stored: 1, failed: 0, lost: 0, duplicates: 0 });
  });

  it('a page failed in two stages counts once, with the first reason', () => {
    const c = countOutcome({ pages: 1, accepted: ['a'], rows: [], failed: [{ stage: 'parse', id: 'a', reason: 'one' }, { stage: 'sink', id: 'a', reason: 'two' }] });
    expect(c).toMatchObject({ failed: 1, lost: 0 });
    expect(c.failedReasons.get('a')).toBe('parse: one');
  });
});

describe('the verdict and the table', () => {
  const base = (over: Partial<ScenarioResult>): ScenarioResult => ({
    name: 'kill-parse',
    counts: countOutcome({ pages: 2, accepted: ['a', 'b'], rows: [row('a'), row('b')], failed: [] }),
    problems: [],
    notes: [],
    dir: '/tmp/x',
    logs: [],
    seconds: 1,
    ...over,
  });

  it('passes only with nothing lost, nothing duplicated, no problem and no error', () => {
    expect(passed(base({}))).toBe(true);
    expect(passed(base({ counts: countOutcome({ pages: 2, accepted: ['a', 'b'], rows: [row('a')], failed: [] }) }))).toBe(false);
    expect(passed(base({ counts: countOutcome({ pages: 1, accepted: ['a'], rows: [row('a', 2)], failed: [] }) }))).toBe(false);
    expect(passed(base({ problems: ['the API answered 500'] }))).toBe(false);
    expect(passed(base({ error: 'boom', counts: undefined }))).toBe(false);
  });

  it('prints one aligned line per scenario with the recovery times', () => {
    const t = table([base({ firstS: 12.34, drainedS: 20 }), base({ name: 'redis-rollback-1s', informational: true, error: 'x', counts: undefined })]).split('\n');
    expect(t[0]).toMatch(/^fault\s+\| pages \| accepted \| stored \| failed \| lost \| duplicates \|\s+recovery s \|\s+result$/);
    expect(t[2]).toMatch(/^kill-parse\s+\|\s+2 \|\s+2 \|\s+2 \|\s+0 \|\s+0 \|\s+0 \|\s+12\.3 \/ 20\.0 \|\s+ok$/);
    expect(t[3]).toMatch(/ERROR \(info\)$/);
    expect(new Set(t.map((l) => l.length)).size).toBe(1);
  });
});
