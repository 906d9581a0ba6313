import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { LinkChecker } from './engine/link-checker';

export const LINK_CHECKER = Symbol('LINK_CHECKER');

/** The engine configured from the environment (one instance: shared keep-alive and host limits). */
export function linkCheckerFromConfig(config: AppConfig, clock?: Clock): LinkChecker {
  return new LinkChecker({
    allowPrivate: config.linkCheckAllowPrivate,
    concurrency: config.linkCheckConcurrency,
    perHost: config.linkCheckPerHost,
    minGapMs: config.linkCheckMinGapMs,
    timeoutMs: config.linkCheckTimeoutMs,
    connectTimeoutMs: config.linkCheckConnectTimeoutMs,
    retries: config.linkCheckRetries,
    backoffBaseMs: config.linkCheckBackoffMs,
    backoffMaxMs: Math.max(config.linkCheckBackoffMs * 16, 1),
    earlyRetryMs: config.linkCheckEarlyRetryMs,
    retryAfterCapMs: config.linkCheckRetryAfterCapMs,
    rateLimitTries: config.linkCheckRateLimitTries,
    maxBodyBytes: config.linkCheckMaxBodyBytes,
    clock: clock ? () => clock.now() : undefined,
  });
}
