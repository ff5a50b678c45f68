import { AppError, TransientError, coerceError } from '@newsflow/core';

/**
 * A database error as an AppError that says whether a retry can help: a constraint violation or
 * bad data is the row's fault and never passes (the job fails once, with the database's reason);
 * busy, locked, deadlock and connection errors are worth retrying.
 */
export function classifyDbError(err: unknown, articleId?: string): AppError {
  if (err instanceof AppError) return err;
  const code = String((err as { code?: unknown })?.code ?? '');
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
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') {
    return new TransientError(code, `${about}${message}`, err);
  }
  if (code.startsWith('08') || code.startsWith('53') || code.startsWith('57') || code === '40001' || code === '40P01') {
    return new TransientError(code, `${about}${message}`, err);
  }
  return coerceError(err);
}
