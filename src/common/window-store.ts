import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';

/**
 * Sliding-window counters (login failures, request rate limits). In memory for one process;
 * in Redis when REDIS_URL is set, so that N API replicas behind a load balancer count together
 * (otherwise every replica would grant its own budget of guesses). The Redis store falls back to
 * this process's memory while Redis does not answer: logins and public pages keep working, with
 * per-process limits meanwhile.
 */
export interface WindowState {
  /** Hits within the window (after this one, when it was counted). */
  count: number;
  /** `limit` hits are within the window: this one was not counted. */
  full: boolean;
  /** When full: milliseconds until the hit that makes it full ages out. */
  retryAfterMs: number;
}

export interface WindowStore {
  /** Counts a hit now unless `limit` hits are already within the last `windowMs`. */
  hit(key: string, windowMs: number, limit: number): Promise<WindowState>;
  /** The same, without counting. */
  peek(key: string, windowMs: number, limit: number): Promise<WindowState>;
  clear(key: string): Promise<void>;
}

/** No limit: every hit is counted (e.g. failures, which are refused elsewhere). */
export const UNLIMITED = Number.MAX_SAFE_INTEGER;

/** Above this many keys, expired ones are dropped (at most once a second): unknown usernames and clients add keys. */
const MAX_KEYS = 10_000;

export class MemoryWindowStore implements WindowStore {
  private readonly hits = new Map<string, number[]>();
  private lastPrune = 0;
  /** The longest window asked for: a key with no hit within it is expired for every caller. */
  private longestWindowMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number, limit: number): Promise<WindowState> {
    this.pruneIfLarge(windowMs);
    const recent = this.recent(key, windowMs);
    const state = stateOf(recent, windowMs, limit, this.now());
    if (state.full) return state;
    recent.push(this.now());
    this.hits.set(key, recent);
    return { count: recent.length, full: false, retryAfterMs: 0 };
  }

  async peek(key: string, windowMs: number, limit: number): Promise<WindowState> {
    return stateOf(this.recent(key, windowMs), windowMs, limit, this.now());
  }

  async clear(key: string): Promise<void> {
    this.hits.delete(key);
  }

  private recent(key: string, windowMs: number): number[] {
    const cutoff = this.now() - windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > cutoff);
    if (recent.length) this.hits.set(key, recent);
    else this.hits.delete(key);
    return recent;
  }

  private pruneIfLarge(windowMs: number): void {
    this.longestWindowMs = Math.max(this.longestWindowMs, windowMs);
    if (this.hits.size < MAX_KEYS || this.now() - this.lastPrune < 1000) return;
    this.lastPrune = this.now();
    for (const key of [...this.hits.keys()]) this.recent(key, this.longestWindowMs);
  }
}

/** `recent`: hit times within the window, oldest first. */
function stateOf(recent: number[], windowMs: number, limit: number, now: number): WindowState {
  if (recent.length < limit) return { count: recent.length, full: false, retryAfterMs: 0 };
  // Free again once enough hits age out that fewer than `limit` remain.
  const freeing = recent[recent.length - limit];
  return { count: recent.length, full: true, retryAfterMs: Math.max(1, freeing + windowMs - now) };
}

/**
 * One sorted set per key (member: a unique hit id, score: its time in Redis's clock, the same for
 * every process). KEYS: the set. ARGV: windowMs, limit, count (1 to count the hit, 0 to peek),
 * hit id. Returns {hits, full (0/1), ms until free}.
 */
const HIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n >= limit then
  local freeing = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
  return {n, 1, math.max(1, tonumber(freeing[2]) + window - now)}
end
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  n = n + 1
end
return {n, 0, 0}
`;

const WARN_EVERY_MS = 30_000;
/** How long requests wait for the first connection before counting in memory. */
const FIRST_CONNECT_WAIT_MS = 1_000;

type HitCommand = (key: string, windowMs: number, limit: number, count: 0 | 1, id: string) => Promise<[number, number, number]>;

export class RedisWindowStore implements WindowStore {
  private readonly redis: IORedis;
  private readonly fallback = new MemoryWindowStore();
  private lastWarning = 0;
  /** The first connection (a request right after start waits for it, briefly). */
  private readonly connected: Promise<boolean>;

  constructor(
    url: string,
    /** Key prefix of this deployment (the queue prefix). */
    private readonly prefix: string,
    private readonly onWarning: (message: string) => void = () => undefined,
  ) {
    // No offline queue and a short timeout: a request must not wait for Redis (the fallback answers).
    this.redis = new IORedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 });
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('windowHit', { numberOfKeys: 1, lua: HIT });
    this.connected = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), FIRST_CONNECT_WAIT_MS);
      timer.unref();
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  hit(key: string, windowMs: number, limit: number): Promise<WindowState> {
    return this.run(key, windowMs, limit, 1, () => this.fallback.hit(key, windowMs, limit));
  }

  peek(key: string, windowMs: number, limit: number): Promise<WindowState> {
    return this.run(key, windowMs, limit, 0, () => this.fallback.peek(key, windowMs, limit));
  }

  async clear(key: string): Promise<void> {
    await this.fallback.clear(key);
    try {
      await this.connected;
      await this.redis.del(this.prefix + key);
    } catch (error) {
      this.warn(error);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async run(key: string, windowMs: number, limit: number, count: 0 | 1, fallback: () => Promise<WindowState>): Promise<WindowState> {
    try {
      await this.connected;
      const command = (this.redis as unknown as { windowHit: HitCommand }).windowHit.bind(this.redis);
      const [n, full, retryAfterMs] = await command(this.prefix + key, windowMs, Math.min(limit, UNLIMITED), count, randomBytes(8).toString('hex'));
      return { count: Number(n), full: Number(full) === 1, retryAfterMs: Number(retryAfterMs) };
    } catch (error) {
      this.warn(error);
      return fallback();
    }
  }

  private warn(error: unknown): void {
    if (Date.now() - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = Date.now();
    this.onWarning(`Redis does not answer (${error instanceof Error ? error.message : String(error)}): rate limits and login throttling are counted per process meanwhile`);
  }
}
