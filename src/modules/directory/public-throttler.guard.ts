import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

export const PUBLIC_THROTTLER_STORAGE = Symbol('PUBLIC_THROTTLER_STORAGE');

/**
 * Rate limit of the public directory: PUBLIC_RATE_LIMIT_PER_MINUTE requests per client IP
 * per minute across all public routes, counted apart from the login throttler (its own
 * options and storage, so the login budget is not touched).
 */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard {
  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(PUBLIC_THROTTLER_STORAGE) storage: ThrottlerStorage, reflector: Reflector) {
    super(
      {
        throttlers: [{ name: 'public', ttl: 60_000, limit: config.publicRateLimitPerMinute }],
        // One budget per client for every public route (the default would be per route).
        generateKey: (_context: ExecutionContext, tracker: string, name: string) => `${name}:${tracker}`,
      },
      storage,
      reflector,
    );
  }

  protected override async getErrorMessage(): Promise<string> {
    return '查询过于频繁，请一分钟后再试';
  }
}
