import { describe, expect, it } from 'vitest';
import { classifyDbError, isUnavailable } from './db-errors.js';

const err = (code: string | undefined, message = 'boom') => Object.assign(new Error(message), code ? { code } : {});

describe('classifyDbError', () => {
  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'crash shutdown'],
    ['57P03', 'the database system is shutting down'],
    ['08006', 'connection failure'],
    ['08001', 'unable to connect'],
    ['53100', 'could not extend file: No space left on device'],
    ['53300', 'too many connections'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['ECONNRESET', 'read ECONNRESET'],
    ['SQLITE_FULL', 'database or disk is full'],
    ['SQLITE_BUSY', 'database is locked'],
    ['SQLITE_IOERR_WRITE', 'disk I/O error'],
    ['ENOSPC', 'no space left on device'],
  ])('%s: the store is unavailable, retryable, never the row', (code, message) => {
    expect(isUnavailable(err(code, message))).toBe(true);
    const e = classifyDbError(err(code, message));
    expect(e).toMatchObject({ code, retryable: true });
    expect(isUnavailable(e)).toBe(true);
  });

  it('reads pg messages without a code as a lost connection', () => {
    for (const m of ['Connection terminated unexpectedly', 'Client has encountered a connection error and is not queryable', 'timeout exceeded when trying to connect']) {
      expect(classifyDbError(err(undefined, m))).toMatchObject({ code: 'DB_CONNECTION_LOST', retryable: true });
    }
  });

  it("keeps the row's faults final and deadlocks retryable per row", () => {
    expect(classifyDbError(err('23505', 'duplicate key'), 'abc')).toMatchObject({ code: 'CONSTRAINT_VIOLATION', retryable: false, message: 'article abc: duplicate key' });
    expect(classifyDbError(err('22P02', 'invalid input syntax for type json'))).toMatchObject({ code: 'INVALID_DATA', retryable: false });
    expect(classifyDbError(err('40P01', 'deadlock detected'))).toMatchObject({ code: '40P01', retryable: true });
    expect(isUnavailable(err('40P01'))).toBe(false);
    expect(isUnavailable(err('23505'))).toBe(false);
    expect(isUnavailable(err(undefined, 'something else'))).toBe(false);
  });
});
