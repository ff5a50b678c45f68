/**
 * A small error taxonomy: every error that crosses a boundary has a stable `code` and says whether
 * trying again can help. Stage runtime turns non-retryable errors into BullMQ UnrecoverableErrors.
 */
export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details?: unknown;

  constructor(code: string, message: string, opts: { retryable?: boolean; cause?: unknown; details?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.details = opts.details;
  }
}

/** Input that can never be processed: a retry would fail the same way. */
export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super('VALIDATION_FAILED', message, { retryable: false, details });
    this.name = 'ValidationError';
  }
}

/** A dependency (Redis, database, network) failed in a way that may pass. */
export class TransientError extends AppError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { retryable: true, cause });
    this.name = 'TransientError';
  }
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  '40001', // postgres serialization_failure
  '40P01', // postgres deadlock_detected
  '57P01', // postgres admin_shutdown
  '08006',
  '08001',
  '08003',
]);

/** Normalise anything thrown into an AppError; unknown errors are treated as retryable. */
export function coerceError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) {
      return new TransientError(code, err.message, err);
    }
    return new AppError(typeof code === 'string' ? code : 'INTERNAL', err.message, { retryable: true, cause: err });
  }
  return new AppError('INTERNAL', typeof err === 'string' ? err : JSON.stringify(err), { retryable: true });
}
