/**
 * SQLite result codes that say the file cannot be written now, whatever the row: busy, locked,
 * I/O, full, cannot open, or the thread that owns the connection stopped (`SQLITE_THREAD_EXITED`,
 * ours). Kept free of imports: the SQLite threads load this module too.
 */
export const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL|THREAD_EXITED)/;

/** An error as it crosses between threads: structured clone keeps neither its class nor its `code`. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
}

export function toWire(err: unknown): WireError {
  const e = err as { name?: unknown; message?: unknown; code?: unknown };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  return { name: typeof e?.name === 'string' ? e.name : 'Error', message: typeof e?.message === 'string' ? e.message : String(err), ...(code ? { code } : {}) };
}

/** The error again on this side, with its name and code, for `classifyDbError`. */
export function fromWire(w: WireError): Error {
  return Object.assign(new Error(w.message), { name: w.name }, w.code ? { code: w.code } : {});
}
