import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors';

const errno = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...extra });

describe('isDatabaseUnavailable', () => {
  it('recognises the driver losing or not getting a connection', () => {
    // mysql2: a refused or reset connect, a connection lost mid-query, a connect timeout.
    expect(isDatabaseUnavailable(errno('ECONNREFUSED', { fatal: true }))).toBe(true);
    expect(isDatabaseUnavailable(errno('ETIMEDOUT', { fatal: true }))).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], errno('PROTOCOL_CONNECTION_LOST')))).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], errno('ECONNRESET')))).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], errno('ER_SERVER_SHUTDOWN')))).toBe(true);
  });

  it('leaves wrong queries and other clients’ network errors alone', () => {
    expect(isDatabaseUnavailable(new QueryFailedError('INSERT', [], errno('ER_DUP_ENTRY')))).toBe(false);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT x', [], errno('ER_BAD_FIELD_ERROR')))).toBe(false);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], errno('SQLITE_CONSTRAINT_UNIQUE')))).toBe(false);
    // An outbound HTTP request reset (axios) is not the database.
    expect(isDatabaseUnavailable(errno('ECONNRESET'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNRESET')).toBe(false);
  });
});
