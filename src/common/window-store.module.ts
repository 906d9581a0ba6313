import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MemoryWindowStore, RedisWindowStore, WindowStore } from './window-store';

export const WINDOW_STORE = Symbol('WINDOW_STORE');

/** The counters' store: in Redis (shared by every API replica) when REDIS_URL is set, in memory otherwise. */
export function createWindowStore(config: AppConfig): WindowStore {
  if (!config.redisUrl) return new MemoryWindowStore();
  const logger = new Logger('WindowStore');
  return new RedisWindowStore(config.redisUrl, `${config.queuePrefix}:window:`, (message) => logger.warn(message));
}

/**
 * @nestjs/throttler's storage on a WindowStore: a sliding window of `ttl` ms allowing `limit`
 * requests per key (a refused request is not counted), so replicas share one budget.
 */
export class WindowThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly store: WindowStore,
    /** Keeps one throttler's keys apart from another's. */
    private readonly scope: string,
  ) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): ReturnType<ThrottlerStorage['increment']> {
    const state = await this.store.hit(`${this.scope}:${throttlerName}:${key}`, ttl, limit);
    const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
    return {
      totalHits: state.full ? state.count + 1 : state.count,
      timeToExpire: seconds(ttl),
      isBlocked: state.full,
      timeToBlockExpire: state.full ? seconds(state.retryAfterMs) : 0,
    };
  }
}

@Global()
@Module({
  providers: [{ provide: WINDOW_STORE, inject: [APP_CONFIG], useFactory: createWindowStore }],
  exports: [WINDOW_STORE],
})
export class WindowStoreModule implements OnApplicationShutdown {
  constructor(@Inject(WINDOW_STORE) private readonly store: WindowStore) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.store instanceof RedisWindowStore) await this.store.close();
  }
}
