import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { HostGate, HostPass, LocalHostGate, Semaphore, sleep } from './engine/limiter';

export interface RedisHostGateOptions {
  /** redis://host:port/db */
  url: string;
  /** Key prefix of this deployment (the queue prefix), so deployments sharing a Redis do not share hosts. */
  prefix: string;
  perHost: number;
  minGapMs: number;
  /**
   * A slot's lease: renewed while its request runs, so a process that dies (kill -9) frees its
   * slots after at most this long instead of holding the host forever.
   */
  leaseMs: number;
  /** Called when Redis cannot be used (the gate falls back to this process's own limits meanwhile). */
  onWarning?: (message: string) => void;
}

/** A waiter that stopped asking (its process died) leaves the host's queue after this long. */
const WAITER_TTL_MS = 5_000;
/**
 * A waiter asks again after about this long without a wake-up: a release message lost on a
 * reconnect, or a turn that came without a release (a dead holder's lease expired, a waiter
 * ahead gave up). Normally a release wakes exactly the waiters whose turn it is.
 */
const RETRY_MS = 500;
const WARN_EVERY_MS = 30_000;

/**
 * Takes a slot for a token, or queues it: the host's slots (a sorted set of token → lease
 * expiry) minus expired leases, its waiters (token → arrival ticket; a waiter that has not asked
 * for WAITER_TTL_MS is dropped), and the earliest next start. A token is granted when the slots
 * held plus the waiters ahead of it are fewer than perHost (first come, first served across
 * processes) and the minimum gap since the last start has passed; the start is claimed now, in
 * Redis's clock (TIME, the same for every process), and the caller sends at once — never a start
 * reserved ahead, which a busy process could send late, together with the next one.
 * Returns 0 when granted, -1 to wait for a release, or the milliseconds left of the gap.
 * KEYS: slots, queue, alive, next, seq. ARGV: token, perHost, gapMs, leaseMs, waiterTtlMs.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local per = tonumber(ARGV[2])
local gap = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
local ttl = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local gone = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 100)
if #gone > 0 then
  redis.call('ZREM', KEYS[3], unpack(gone))
  redis.call('ZREM', KEYS[2], unpack(gone))
end
local held = redis.call('ZCARD', KEYS[1])
local nxt = tonumber(redis.call('GET', KEYS[4]) or '0')
local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
if not rank then
  if held < per and nxt <= now and redis.call('ZCARD', KEYS[2]) == 0 then
    rank = 0
  else
    redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[5]), ARGV[1])
    rank = redis.call('ZRANK', KEYS[2], ARGV[1])
  end
end
if held + rank >= per or (rank > 0 and nxt > now) then
  redis.call('ZADD', KEYS[3], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ttl * 2)
  redis.call('PEXPIRE', KEYS[3], ttl * 2)
  redis.call('PEXPIRE', KEYS[5], ttl * 2)
  if held + rank >= per then return -1 end
  return nxt - now + 1
end
if nxt > now then
  redis.call('ZADD', KEYS[3], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ttl * 2)
  redis.call('PEXPIRE', KEYS[3], ttl * 2)
  redis.call('PEXPIRE', KEYS[5], ttl * 2)
  return nxt - now
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
-- Every key of a host expires once the host is idle (the ticket counter too).
if redis.call('EXISTS', KEYS[5]) == 1 then redis.call('PEXPIRE', KEYS[5], ttl * 2) end
if gap > 0 then redis.call('SET', KEYS[4], now + gap, 'PX', gap + 1000) end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], tonumber(last[2]) + 1000)
return 0
`;

/**
 * Gives a slot back and, when someone waits, wakes exactly the waiters whose turn it now is
 * (the first free-slots tokens of the queue, in one message; the process holding a token wakes
 * it), instead of every waiter of the host in every process. KEYS: slots, queue. ARGV: token,
 * channel, perHost.
 */
const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('ZCARD', KEYS[2]) == 0 then return 0 end
local t = redis.call('TIME')
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
local free = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
if free < 1 then return 0 end
local turn = redis.call('ZRANGE', KEYS[2], 0, free - 1)
redis.call('PUBLISH', ARGV[2], table.concat(turn, ' '))
return #turn
`;

/** Extends the lease of a slot still held (a lease that already expired is not revived). KEYS: slots. ARGV: token, leaseMs. */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expiry then return 0 end
local renewed = now + tonumber(ARGV[2])
if renewed > tonumber(expiry) then
  redis.call('ZADD', KEYS[1], renewed, ARGV[1])
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[1], tonumber(last[2]) + 1000)
end
return 1
`;

/**
 * The request granted a start went out only now (its process was busy): the next start to the
 * host is no earlier than a gap from now. KEYS: next. ARGV: gapMs.
 */
const STARTED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local gap = tonumber(ARGV[1])
if now + gap > tonumber(redis.call('GET', KEYS[1]) or '0') then redis.call('SET', KEYS[1], now + gap, 'PX', gap + 1000) end
return 1
`;

/** A grant acted on later than this after it was asked for moves the host's next start (STARTED). */
const LATE_START_MS = 2;

/** Drops a waiter that gave up (this process is closing). KEYS: queue, alive. ARGV: token. */
const LEAVE = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;

type GateRedis = IORedis & {
  hostGateAcquire(
    slots: string,
    queue: string,
    alive: string,
    next: string,
    seq: string,
    token: string,
    perHost: number,
    gapMs: number,
    leaseMs: number,
    ttlMs: number,
  ): Promise<number>;
  hostGateRelease(slots: string, queue: string, token: string, channel: string, perHost: number): Promise<number>;
  hostGateRenew(slots: string, token: string, leaseMs: number): Promise<number>;
  hostGateLeave(queue: string, alive: string, token: string): Promise<number>;
  hostGateStarted(next: string, gapMs: number): Promise<number>;
};

/**
 * The link checker's host limits kept in Redis, so `LINK_CHECK_PER_HOST` and
 * `LINK_CHECK_MIN_GAP_MS` hold for a host across every worker process, not per process.
 * Slots are leases (renewed every third of `leaseMs` while the request runs), so a killed
 * worker's slots expire instead of blocking the host forever. Waiters queue first come, first
 * served across processes; a release wakes the waiters whose turn it is (a message naming them),
 * and a waiter asks again after about half a second without one.
 * Within this process, requests first pass a local per-host semaphore (the checker's priority
 * order; at most `perHost` of them ask Redis at once). When Redis does not answer, a request
 * passes this process's own limits instead (a warning is logged): checks go on, politeness is
 * then per process until Redis is back.
 */
export class RedisHostGate implements HostGate {
  private readonly redis: GateRedis;
  private subscriber?: IORedis;
  private connecting?: Promise<void>;
  private readonly channel: string;
  private readonly local = new Map<string, Semaphore>();
  private readonly fallback: LocalHostGate;
  /** Waiters of this process by token, woken by a release message naming them. */
  private readonly wakers = new Map<string, () => void>();
  /** Slots held by this process: token → host (renewed by one timer). */
  private readonly held = new Map<string, string>();
  private renewTimer?: NodeJS.Timeout;
  private readonly tokenBase = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private serial = 0;
  private lastWarning = 0;
  private closed = false;

  constructor(private readonly options: RedisHostGateOptions) {
    this.redis = new IORedis(options.url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 }) as GateRedis;
    this.redis.on('error', (error: Error) => this.warn(`Redis: ${error.message}`));
    this.redis.defineCommand('hostGateAcquire', { numberOfKeys: 5, lua: ACQUIRE });
    this.redis.defineCommand('hostGateRelease', { numberOfKeys: 2, lua: RELEASE });
    this.redis.defineCommand('hostGateRenew', { numberOfKeys: 1, lua: RENEW });
    this.redis.defineCommand('hostGateLeave', { numberOfKeys: 2, lua: LEAVE });
    this.redis.defineCommand('hostGateStarted', { numberOfKeys: 1, lua: STARTED });
    this.channel = `${options.prefix}:hostgate:released`;
    this.fallback = new LocalHostGate(options.perHost, options.minGapMs);
  }

  async acquire(host: string, priority = 0): Promise<HostPass> {
    let local = this.local.get(host);
    if (!local) {
      local = new Semaphore(this.options.perHost);
      this.local.set(host, local);
    }
    const slots = local;
    await slots.acquire(priority);
    const leaveLocal = () => {
      slots.release();
      if (!slots.busy && this.local.get(host) === slots) this.local.delete(host);
    };
    let shared: HostPass;
    try {
      shared = await this.acquireShared(host);
    } catch (error) {
      this.warn(`host gate unavailable, using this process's limits for ${host}: ${error instanceof Error ? error.message : String(error)}`);
      try {
        shared = await this.fallback.acquire(host, priority);
      } catch (fallbackError) {
        leaveLocal();
        throw fallbackError;
      }
    }
    let released = false;
    return {
      started: () => shared.started(),
      release: () => {
        if (released) return;
        released = true;
        shared.release();
        leaveLocal();
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    for (const wake of [...this.wakers.values()]) wake();
    if (this.redis.status === 'ready' && this.held.size) {
      const pipeline = this.redis.pipeline();
      for (const [token, host] of this.held) pipeline.zrem(this.key(host, 'slots'), token);
      await pipeline.exec().catch(() => undefined);
    }
    this.held.clear();
    this.redis.disconnect();
    this.subscriber?.disconnect();
  }

  private key(host: string, part: string): string {
    return `${this.options.prefix}:hostgate:{${host}}:${part}`;
  }

  /** Connects on first use; afterwards ioredis reconnects by itself and commands fail fast while it is away. */
  private async connect(): Promise<void> {
    if (this.redis.status === 'wait') this.connecting ??= this.redis.connect().finally(() => (this.connecting = undefined));
    if (this.connecting) await this.connecting;
  }

  /** A release message names the waiters whose turn it is; this process wakes those it holds (they ask Redis again). */
  private async subscribe(): Promise<void> {
    if (this.subscriber) return;
    const subscriber = new IORedis(this.options.url, { lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: 2_000 });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined); // the command connection reports Redis trouble
    subscriber.on('message', (_channel: string, tokens: string) => {
      for (const token of tokens.split(' ')) this.wakers.get(token)?.();
    });
    try {
      await subscriber.connect();
      await subscriber.subscribe(this.channel);
    } catch {
      // Waiters still ask again every RETRY_MS; the subscriber reconnects by itself.
    }
  }

  private async acquireShared(host: string): Promise<HostPass> {
    if (this.closed) throw new Error('host gate closed');
    await this.connect();
    const token = `${this.tokenBase}-${++this.serial}`;
    const keys = [this.key(host, 'slots'), this.key(host, 'queue'), this.key(host, 'alive'), this.key(host, 'next'), this.key(host, 'seq')] as const;
    const o = this.options;
    let askedAt = 0;
    const ask = () => {
      askedAt = performance.now();
      return this.redis.hostGateAcquire(...keys, token, o.perHost, o.minGapMs, o.leaseMs, WAITER_TTL_MS);
    };
    let answer = await ask();
    if (answer !== 0) {
      void this.subscribe();
      try {
        while (answer !== 0) {
          // -1: no slot for us yet (a release message or the retry timer wakes us); > 0: our turn once the gap has passed.
          if (answer < 0) await this.waitForTurn(token);
          else await sleep(Number(answer));
          if (this.closed) throw new Error('host gate closed');
          answer = await ask();
        }
      } catch (error) {
        await this.redis.hostGateLeave(keys[1], keys[2], token).catch(() => undefined);
        throw error;
      }
    }
    this.held.set(token, host);
    this.scheduleRenewal();
    const warnFailed = (what: string) => (error: unknown) => this.warn(`${what} for ${host} failed: ${error instanceof Error ? error.message : String(error)}`);
    return {
      started: () => {
        // Sent later than granted (a busy process): later starts by others keep their distance from this one.
        if (o.minGapMs > 0 && performance.now() - askedAt > LATE_START_MS) this.redis.hostGateStarted(keys[3], o.minGapMs).catch(warnFailed('moving the next start'));
      },
      release: () => {
        this.held.delete(token);
        if (!this.held.size && this.renewTimer) {
          clearInterval(this.renewTimer);
          this.renewTimer = undefined;
        }
        // Fire and forget: a release that does not reach Redis expires with its lease.
        this.redis.hostGateRelease(keys[0], keys[1], token, this.channel, o.perHost).catch(warnFailed('release of a slot (it expires with its lease)'));
      },
    };
  }

  private waitForTurn(token: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(token);
        resolve();
      };
      // Jittered so the waiters of several processes do not all ask at the same instant.
      const timer = setTimeout(wake, RETRY_MS / 2 + Math.random() * RETRY_MS);
      this.wakers.set(token, wake);
    });
  }

  private scheduleRenewal(): void {
    if (this.renewTimer) return;
    this.renewTimer = setInterval(
      () => {
        if (!this.held.size) return;
        const pipeline = this.redis.pipeline() as ReturnType<IORedis['pipeline']> & { hostGateRenew(slots: string, token: string, leaseMs: number): unknown };
        for (const [token, host] of this.held) pipeline.hostGateRenew(this.key(host, 'slots'), token, this.options.leaseMs);
        pipeline.exec().catch((error: unknown) => this.warn(`lease renewal failed: ${error instanceof Error ? error.message : String(error)}`));
      },
      Math.max(50, Math.floor(this.options.leaseMs / 3)),
    );
    this.renewTimer.unref();
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.options.onWarning?.(message);
  }
}
