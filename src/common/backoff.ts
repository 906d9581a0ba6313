/**
 * The one retry/backoff rule for outbound and background work (issue #18): the wait before
 * retry number `attempt` (0 for the first retry) is `baseMs · 2^attempt`, capped at `maxMs`;
 * with `jitter: 'half'` it is drawn uniformly from the upper half of that (so retries of many
 * links or deliveries that failed together spread out). Pure.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs?: number;
  jitter?: 'none' | 'half';
  random?: () => number;
}

/** Exponents beyond this are capped anyway (2^30 · 1 ms is twelve days); it keeps the arithmetic finite. */
const MAX_EXPONENT = 30;

export function backoffDelayMs(attempt: number, options: BackoffOptions): number {
  const exponent = Math.max(0, Math.min(Math.floor(attempt), MAX_EXPONENT));
  const exponential = Math.min(options.maxMs ?? Number.POSITIVE_INFINITY, options.baseMs * 2 ** exponent);
  if (options.jitter !== 'half') return exponential;
  const random = options.random ?? Math.random;
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
