import { Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { LinkChecker } from './engine/link-checker';
import { RedisHostGate } from './redis-host-gate';

export const LINK_CHECKER = Symbol('LINK_CHECKER');

/**
 * The engine configured from the environment (one instance: shared keep-alive and host limits).
 * In queue mode (REDIS_URL) the per-host limits are kept in Redis, so they hold across every
 * worker; a slot's lease is QUEUE_LOCK_MS, like a job's lock (a dead worker frees both alike).
 */
export function linkCheckerFromConfig(config: AppConfig, clock?: Clock): LinkChecker {
  const logger = new Logger('LinkHostGate');
  const hostGate = config.redisUrl
    ? new RedisHostGate({
        url: config.redisUrl,
        prefix: config.queuePrefix,
        perHost: config.linkCheckPerHost,
        minGapMs: config.linkCheckMinGapMs,
        leaseMs: config.queueLockMs,
        onWarning: (message) => logger.warn(message),
      })
    : undefined;
  return new LinkChecker({
    allowPrivate: config.linkCheckAllowPrivate,
    concurrency: config.linkCheckConcurrency,
    perHost: config.linkCheckPerHost,
    minGapMs: config.linkCheckMinGapMs,
    hostGate,
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
