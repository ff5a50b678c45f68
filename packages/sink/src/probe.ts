import { statfs } from 'node:fs/promises';
import { describeDbError } from './db-errors.js';
import type { WriteBatcher } from './batcher.js';
import type { StoreProbe } from './types.js';

/** Tuning shared by every store's `probe()`. */
export interface ProbeOptions {
  /** Longest a probe waits for the database before it reports it unreachable. @defaultValue 2000 */
  probeTimeoutMs?: number;
  /** A write waiting longer than this (a lock held elsewhere) is reported as not writable. @defaultValue 15000 */
  stalledAfterMs?: number;
  /**
   * Free space (disk, or SQLite's max_page_count) below which a store whose last write failed is
   * not taken as recovered, even if a tiny test write passes. @defaultValue 1048576
   */
  minFreeBytes?: number;
}

export interface ProbeSteps extends ProbeOptions {
  batcher: WriteBatcher<unknown, unknown>;
  closed(): boolean;
  /** Throws when the database cannot be reached (`SELECT 1`). */
  connect(): Promise<void>;
  /** A reason when there is too little room to write; checked only after a failed write. */
  capacity?(minFreeBytes: number): Promise<string | null>;
  /** A tiny write that replaces itself (the DB does not grow); throws when writing fails. */
  testWrite?(): Promise<void>;
}

class ProbeTimeout extends Error {
  override readonly name = 'ProbeTimeout';
  readonly code = 'PROBE_TIMEOUT';
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ProbeTimeout(`${what}: no answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the store can write now: reachable (`connect`), no write waiting for too long, and the
 * last write did not fail, unless room is back and a test write succeeds since (then the failure
 * is forgotten). Cheap when healthy: one round trip, no write.
 */
export async function probeStore(s: ProbeSteps): Promise<StoreProbe> {
  const checkedAt = new Date().toISOString();
  const no = (reason: string): StoreProbe => ({ writable: false, reason, checkedAt });
  if (s.closed()) return no('STORE_CLOSED: the store is closed');
  const ms = s.probeTimeoutMs ?? 2_000;
  try {
    await within(s.connect(), ms, 'connectivity check');
  } catch (err) {
    return no(describeDbError(err));
  }
  const { failure, runningSince } = s.batcher.health();
  const waited = runningSince ? Date.now() - runningSince.getTime() : 0;
  if (waited > (s.stalledAfterMs ?? 15_000)) return no(`WRITE_STALLED: a write has been waiting ${Math.round(waited / 1000)} s (a lock held elsewhere?)`);
  if (!failure) return { writable: true, checkedAt };
  const last = `${describeDbError(failure.error)} (last write, ${failure.at.toISOString()})`;
  const room = await s.capacity?.(s.minFreeBytes ?? 1 << 20).catch((err: unknown) => describeDbError(err));
  if (room) return no(`${room}; ${last}`);
  if (!s.testWrite) return no(last);
  try {
    await within(s.testWrite(), ms, 'test write');
  } catch (err) {
    return no(`${describeDbError(err)} (test write); ${last}`);
  }
  s.batcher.recovered();
  return { writable: true, checkedAt };
}

/** A reason when the filesystem holding `dir` has less than `min` bytes for us. */
export async function diskRoom(dir: string, min: number): Promise<string | null> {
  const st = await statfs(dir);
  const free = st.bavail * st.bsize;
  return free < min ? `ENOSPC: ${free} bytes free on the filesystem of ${dir}` : null;
}
