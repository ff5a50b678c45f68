import type { WireError } from './codes.js';
import type { WireItemResult, WriteItem } from './connection.js';

/** What the store asks a SQLite thread, and what each request answers. */
export type Call =
  | { op: 'all'; sql: string; params: unknown[] }
  | { op: 'write'; items: WriteItem[]; now: string }
  | { op: 'testWrite'; now: string }
  | { op: 'room' }
  | { op: 'close' };

export interface Answers {
  all: Array<Record<string, unknown>>;
  write: WireItemResult[];
  testWrite: void;
  room: number;
  close: void;
}

export type Request = Call & { id: number };
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };
/** The thread's first message: its connection is open (and migrated), or why not. */
export type Ready = { ready: true } | { ready: false; error: WireError };

/**
 * A thread's two shared flags. better-sqlite3 aborts the whole process (FATAL ERROR: ToLocalChecked)
 * when a thread is terminated while inside a SQLite call, as `process.exit()` or
 * `Worker.terminate()` do; so the thread raises BUSY around every call and makes none once STOP
 * is set, and whoever stops it sets STOP, then waits for BUSY to fall.
 */
export const BUSY = 0;
export const STOP = 1;
export const newFlags = (): Int32Array => new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));

/** Runs `fn` (SQLite calls) unless the thread is being stopped; false when it was not run. */
export function guarded(flags: Int32Array, fn: () => void): boolean {
  Atomics.store(flags, BUSY, 1);
  try {
    // After raising BUSY: a stopper that set STOP before this load is seen here, one that sets it
    // after sees BUSY and waits.
    if (Atomics.load(flags, STOP)) return false;
    fn();
    return true;
  } finally {
    Atomics.store(flags, BUSY, 0);
    Atomics.notify(flags, BUSY);
  }
}
