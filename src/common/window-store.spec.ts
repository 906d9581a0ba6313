import IORedis from 'ioredis';
import { WindowThrottlerStorage } from './window-store.module';
import { MemoryWindowStore, RedisWindowStore, UNLIMITED } from './window-store';

/**
 * The counters behind login throttling and rate limits. The Redis store runs against the
 * machine's Redis (db 10, keys under a prefix of this run, deleted after); under CI=true a Redis
 * that does not answer fails the suite, elsewhere those tests return early with a message.
 */
// db 10: not one another suite flushes (11–15 are flushed by the queue and cluster suites).
const REDIS_URL = process.env.TEST_WINDOW_REDIS_URL || 'redis://127.0.0.1:6379/10';
const PREFIX = `spec-window-${process.pid}:`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withClient<T>(use: (client: IORedis) => Promise<T>): Promise<T | undefined> {
  const client = new IORedis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

describe('MemoryWindowStore', () => {
  it('counts hits up to the limit, refuses (without counting) until the hit that filled it ages out, peeks and clears', async () => {
    let now = 1_000_000;
    const store = new MemoryWindowStore(() => now);
    expect(await store.hit('k', 10_000, 2)).toEqual({ count: 1, full: false, retryAfterMs: 0 });
    now += 4_000;
    expect(await store.hit('k', 10_000, 2)).toEqual({ count: 2, full: false, retryAfterMs: 0 });
    now += 1_000;
    expect(await store.hit('k', 10_000, 2)).toEqual({ count: 2, full: true, retryAfterMs: 5_000 });
    expect(await store.peek('k', 10_000, 2)).toEqual({ count: 2, full: true, retryAfterMs: 5_000 });
    expect(await store.peek('other', 10_000, 2)).toEqual({ count: 0, full: false, retryAfterMs: 0 });
    now += 5_000; // the first hit is out of the window
    expect(await store.hit('k', 10_000, 2)).toEqual({ count: 2, full: false, retryAfterMs: 0 });
    await store.clear('k');
    expect(await store.peek('k', 10_000, 2)).toEqual({ count: 0, full: false, retryAfterMs: 0 });
  });

  it('with more hits than the limit (an unlimited counter), stays full until enough of them age out', async () => {
    let now = 0;
    const store = new MemoryWindowStore(() => now);
    for (let i = 0; i < 4; i++) {
      await store.hit('k', 10_000, UNLIMITED);
      now += 1_000;
    }
    // Hits at 0, 1, 2, 3 s; now 4 s; limit 2: free once the hit at 2 s is out, at 12 s.
    expect(await store.peek('k', 10_000, 2)).toEqual({ count: 4, full: true, retryAfterMs: 8_000 });
  });
});

describe('RedisWindowStore', () => {
  let redisUp = false;
  const opened: RedisWindowStore[] = [];
  const open = (url = REDIS_URL, onWarning?: (message: string) => void) => {
    const store = new RedisWindowStore(url, PREFIX, onWarning);
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    redisUp = (await withClient(async (client) => (await client.ping()) === 'PONG')) === true;
    if (!redisUp) {
      if (process.env.CI === 'true') throw new Error(`CI=true but Redis does not answer at ${REDIS_URL}`);
      console.warn(`Redis does not answer at ${REDIS_URL}: the RedisWindowStore tests do nothing on this machine`);
    }
  });
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await withClient(async (client) => {
      const keys = await client.keys(`${PREFIX}*`);
      if (keys.length) await client.del(...keys);
    });
  });

  it('is one count for every process: two replicas share the window, the refusal and the reset', async () => {
    if (!redisUp) return;
    const a = open();
    const b = open();
    expect(await a.hit('shared', 2_000, 3)).toMatchObject({ count: 1, full: false });
    expect(await b.hit('shared', 2_000, 3)).toMatchObject({ count: 2, full: false });
    expect(await a.hit('shared', 2_000, 3)).toMatchObject({ count: 3, full: false });
    const refused = await b.hit('shared', 2_000, 3);
    expect(refused).toMatchObject({ count: 3, full: true });
    expect(refused.retryAfterMs).toBeGreaterThan(1_500);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(2_000);
    expect(await a.peek('shared', 2_000, 3)).toMatchObject({ count: 3, full: true });
    await b.clear('shared');
    expect(await a.peek('shared', 2_000, 3)).toEqual({ count: 0, full: false, retryAfterMs: 0 });
  });

  it('frees the window as hits age out, and the key expires with its window', async () => {
    if (!redisUp) return;
    const store = open();
    await store.hit('aging', 300, 1);
    expect(await store.hit('aging', 300, 1)).toMatchObject({ full: true });
    await sleep(350);
    expect(await store.hit('aging', 300, 1)).toMatchObject({ count: 1, full: false });
    await sleep(350);
    expect(await withClient((client) => client.exists(`${PREFIX}aging`))).toBe(0);
  });

  it("falls back to this process's memory while Redis does not answer, and says so once", async () => {
    const warnings: string[] = [];
    const store = open('redis://127.0.0.1:1/0', (message) => warnings.push(message));
    expect(await store.hit('down', 60_000, 2)).toMatchObject({ count: 1, full: false });
    expect(await store.hit('down', 60_000, 2)).toMatchObject({ count: 2, full: false });
    expect(await store.hit('down', 60_000, 2)).toMatchObject({ count: 2, full: true });
    expect(await store.peek('down', 60_000, 2)).toMatchObject({ full: true });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/per process/);
  });
});

describe('WindowThrottlerStorage', () => {
  it('answers @nestjs/throttler with hits, block and seconds to wait, each throttler counted apart', async () => {
    let now = 0;
    const storage = new WindowThrottlerStorage(new MemoryWindowStore(() => now), 'public');
    expect(await storage.increment('client', 60_000, 2, 60_000, 'public')).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    now += 30_000;
    expect(await storage.increment('client', 60_000, 2, 60_000, 'public')).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await storage.increment('client', 60_000, 2, 60_000, 'public')).toEqual({ totalHits: 3, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 30 });
    expect(await storage.increment('client', 60_000, 2, 60_000, 'login')).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
