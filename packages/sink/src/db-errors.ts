import { AppError, TransientError, coerceError } from '@newsflow/core';
import { SQLITE_UNAVAILABLE } from './sqlite/codes.js';

/** Socket-level failures: the database host is down, restarting, or the connection was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * pg reports a lost connection as a plain Error without a code; these are its messages (pg 8:
 * client.js and pg-pool), matched so they classify like a reset connection.
 */
const LOST_CONNECTION = /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection is closed/i;

const codeOf = (err: unknown): string => String((err as { code?: unknown })?.code ?? '');

/**
 * True when the error says the store cannot write at all right now, whatever the row: the server
 * is down, shutting down (57P01 admin_shutdown, 57P02, 57P03 cannot_connect_now), the connection
 * failed (08xxx or a socket error), it is out of resources (53xxx: disk full, too many
 * connections; 58xxx: I/O), or the file is busy, locked or full (SQLite), or the SQLite thread stopped. Such an error fails
 * the whole batch, which is retried in place and reported by `probe()`; it never fails one row.
 */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof AppError) return err.retryable && isUnavailableCode(err.code);
  if (isUnavailableCode(codeOf(err))) return true;
  return err instanceof Error && !codeOf(err) && LOST_CONNECTION.test(err.message);
}

function isUnavailableCode(code: string): boolean {
  if (NETWORK_CODES.has(code) || code === 'DB_CONNECTION_LOST' || code === 'DATABASE_UNAVAILABLE' || code === 'ENOSPC' || code === 'EIO') return true;
  if (/^(08|53|58)/.test(code) || code === '57P01' || code === '57P02' || code === '57P03') return true;
  return SQLITE_UNAVAILABLE.test(code);
}

/**
 * A database error as an AppError that says whether a retry can help: a constraint violation or
 * bad data is the row's fault and never passes (the job fails once, with the database's reason);
 * busy, locked, deadlock, full-disk and connection errors are worth retrying.
 */
export function classifyDbError(err: unknown, articleId?: string): AppError {
  if (err instanceof AppError) return err;
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const about = articleId ? `article ${articleId}: ` : '';
  const detail = (err as { constraint?: string; detail?: string }) ?? {};
  const where = detail.constraint ? ` (constraint ${detail.constraint})` : '';
  if (code.startsWith('SQLITE_CONSTRAINT') || code.startsWith('23')) {
    return new AppError('CONSTRAINT_VIOLATION', `${about}${message}${where}`, { retryable: false, cause: err });
  }
  if (code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH' || code.startsWith('22') || code === '54000') {
    return new AppError('INVALID_DATA', `${about}${message}`, { retryable: false, cause: err });
  }
  if (isUnavailable(err)) return new TransientError(code || 'DB_CONNECTION_LOST', `${about}${message}`, err);
  if (code === '40001' || code === '40P01' || code === '55P03' || code === '57014') return new TransientError(code, `${about}${message}`, err);
  return coerceError(err);
}

/** `CODE: message`, as a probe or log line shows it. */
export function describeDbError(err: unknown): string {
  const e = classifyDbError(err);
  return `${e.code}: ${e.message}`;
}
