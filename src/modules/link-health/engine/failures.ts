/** How a request failed, as the checker reasons about it: which failures are retried, what each means, when to come back. Pure. */
import { FailureKind, RequestFailure } from './transport';
import type { ReasonCode } from './types';

export function asFailure(error: unknown): RequestFailure {
  return error instanceof RequestFailure ? error : new RequestFailure('other', String(error));
}

export const RETRYABLE: FailureKind[] = ['timeout', 'refused', 'reset', 'other'];
export const FAILURE_REASONS: Record<FailureKind, ReasonCode> = {
  timeout: 'timeout',
  dns: 'dns_failure',
  refused: 'connection_refused',
  reset: 'connection_reset',
  tls: 'tls_error',
  blocked: 'blocked_address',
  protocol: 'unsupported_protocol',
  other: 'network_error',
  stopped: 'network_error',
};

/** `Retry-After` as milliseconds (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
