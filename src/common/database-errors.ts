/**
 * Errors that mean "the database cannot be reached right now" (MySQL/MariaDB down, restarting,
 * the network between us cut or timing out), as opposed to a query that is wrong. Requests
 * meeting one answer 503 instead of 500; background jobs wait for the database and carry on.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
]);

/**
 * True for a connection-level failure of the database driver: mysql2 marks the errors that end a
 * connection (refused, reset, lost, timed out) `fatal`; TypeORM wraps a failed query's driver
 * error as `driverError`. Network errors of other clients (outbound HTTP) carry neither.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { fatal, driverError } = error as { fatal?: unknown; driverError?: unknown };
  if (fatal === true) return true;
  if (!driverError || typeof driverError !== 'object') return false;
  const driver = driverError as { fatal?: unknown; code?: unknown };
  return driver.fatal === true || (typeof driver.code === 'string' && UNAVAILABLE_CODES.has(driver.code));
}
