import { AppError, TransientError, coerceError } from '@newsflow/core';

/**
 * Replies with which Redis refuses a write for a while. None of them says anything about the page
 * sent, so the client is told to come back (503 + Retry-After), not that the server broke (500).
 * Matched on the reply's first word, which is Redis's error code.
 */
const REFUSALS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/^OOM\b/, 'REDIS_OUT_OF_MEMORY', 'Redis is out of memory (maxmemory reached) and refuses writes until the pipeline drains'],
  [/^READONLY\b/, 'REDIS_REFUSED_WRITES', 'Redis is a read-only replica (failover in progress?) and refuses writes'],
  [/^MISCONF\b/, 'REDIS_REFUSED_WRITES', 'Redis cannot save to disk and refuses writes'],
  [/^LOADING\b/, 'REDIS_REFUSED_WRITES', 'Redis is loading its data set'],
  [/^(?:BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|NOREPLICAS)\b/, 'REDIS_REFUSED_WRITES', 'Redis is busy or its cluster is not serving'],
];

/** Unreachable, closed or timing out: also worth a retry. */
const CONNECTION = /stream isn't writeable|connection is closed|connect|timed? ?out|ECONNRESET|EPIPE/i;

/**
 * A Redis error as a `TransientError` whose code and message say why Redis is not taking pages,
 * or null when the error is not a refusal or a connection failure (a bug, or bad data).
 */
export function redisRefusal(err: unknown, what = 'could not enqueue'): TransientError | null {
  if (err instanceof TransientError) return err;
  const msg = (err as Error)?.message ?? '';
  for (const [re, code, why] of REFUSALS) if (re.test(msg)) return new TransientError(code, `${what}: ${why}; retry later (Redis said: ${msg})`, err);
  const name = (err as Error)?.name ?? '';
  const retryable = err instanceof AppError ? err.retryable : false;
  if (retryable || name === 'MaxRetriesPerRequestError' || CONNECTION.test(msg)) {
    return new TransientError('REDIS_UNAVAILABLE', `${what}: Redis cannot be reached (${coerceError(err).message}); retry later`, err);
  }
  return null;
}
