import { FIXTURE_CASES, LinkFixture, startLinkFixture } from '../../../../test/fixtures/link-server/server';
import { LinkChecker, parseRetryAfter } from './link-checker';
import { CheckResult } from './types';

/** Requests the fixture must see for each route's own path (HEAD first, then GET). */
const EXPECTED_REQUESTS: Record<string, number> = {
  '/ok': 2,
  '/news/article': 2,
  '/redirect/chain/3': 2,
  '/redirect/chain/12': 1, // HEAD already runs out of redirects
  '/redirect/loop/a': 1,
  '/not-found': 2,
  '/gone': 2,
  '/error/500-forever': 4, // HEAD, GET and two retries
  '/flaky/503-then-ok': 3, // HEAD 503, GET 503, GET 200
  '/hang': 3, // HEAD timeout (counts as the first try), GET timeout and one retry
  '/login-wall': 2,
  '/head/405': 2,
  '/head/404': 2,
  '/rate/429-then-ok': 3, // HEAD 429, GET 429, GET 200
  '/rate/429-forever': 4, // HEAD, then GET tried three times
  '/files/report.pdf': 1, // HEAD says it is not a page: nothing else to fetch
  '/large': 2,
};

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const FAST = { allowPrivate: true, timeoutMs: 300, connectTimeoutMs: 300, retries: 2, backoffBaseMs: 10, backoffMaxMs: 40, retryAfterCapMs: 50, rateLimitTries: 3, minGapMs: 0 };

describe('LinkChecker against the fixture site', () => {
  let site: LinkFixture;
  let checker: LinkChecker;
  beforeAll(async () => {
    site = await startLinkFixture({ largeBytes: 20 * 1024 * 1024 });
  });
  afterAll(() => site.close());
  beforeEach(() => {
    site.reset();
    checker = new LinkChecker(FAST);
  });
  afterEach(() => checker.close());

  it.each(FIXTURE_CASES.map((c) => [c.path, c.health, c.reason] as const))('%s is %s (%s)', async (path, health, reason) => {
    const result = await checker.check(`${site.origin}${path}`);
    expect({ health: result.health, reason: result.reason }).toEqual({ health, reason });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.finalUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const expected = EXPECTED_REQUESTS[path] ?? 2;
    expect(site.count(path)).toBe(expected);
    expect(site.methods(path)[0]).toBe('HEAD');
  });

  it('records status, final URL and redirects', async () => {
    const chain = await checker.check(`${site.origin}/redirect/chain/3`);
    expect(chain).toMatchObject({ httpStatus: 200, redirects: 3, finalUrl: `${site.origin}/redirect/chain/0` });
    const gone = await checker.check(`${site.origin}/gone`);
    expect(gone).toMatchObject({ httpStatus: 410, health: 'broken' });
    const login = await checker.check(`${site.origin}/login-wall`);
    expect(login.finalUrl).toContain('/sso/login');
  });

  it('reads only a prefix of a very large page', async () => {
    const started = Date.now();
    const result = await checker.check(`${site.origin}/large`);
    expect(result.health).toBe('ok');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('calls a refused connection broken after retries', async () => {
    const closed = await startLinkFixture();
    const origin = closed.origin;
    await closed.close();
    const result = await checker.check(`${origin}/ok`);
    expect(result).toMatchObject({ health: 'broken', reason: 'connection_refused' });
  });

  it('refuses private addresses by default: zero requests reach the target', async () => {
    const guarded = new LinkChecker({ ...FAST, allowPrivate: false });
    try {
      for (const url of [`${site.origin}/ok`, site.origin.replace('127.0.0.1', 'localhost') + '/ok', `http://[::1]:1/ok`, 'http://169.254.169.254/latest/meta-data/']) {
        const result = await guarded.check(url);
        expect(result).toMatchObject({ health: 'unverifiable', reason: 'blocked_address', requests: 0 });
      }
      expect((await guarded.check('ftp://example.com/x')).reason).toBe('unsupported_protocol');
      expect((await guarded.check('not a url')).reason).toBe('invalid_url');
      expect(site.count()).toBe(0);
    } finally {
      guarded.close();
    }
  });

  it('limits requests per host and overall', async () => {
    const limited = new LinkChecker({ ...FAST, perHost: 2, concurrency: 2, minGapMs: 20, fingerprint: false });
    let active = 0;
    let peak = 0;
    const watch = (_req: unknown, res: import('node:http').ServerResponse) => {
      active++;
      peak = Math.max(peak, active);
      res.on('close', () => active--);
    };
    site.server.on('request', watch);
    try {
      const results: CheckResult[] = [];
      const started = Date.now();
      await limited.checkAll(
        Array.from({ length: 6 }, (_, i) => ({ url: `${site.origin}/files/report.pdf?i=${i}` })),
        (_item, result) => {
          results.push(result);
        },
      );
      expect(results.every((r) => r.health === 'ok')).toBe(true);
      expect(peak).toBeLessThanOrEqual(2);
      // Six requests with a 20 ms gap between starts take at least 100 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    } finally {
      site.server.off('request', watch);
      limited.close();
    }
  });

  it('stops taking links when a result cannot be recorded, and throws only once the checks under way have ended', async () => {
    const checker = new LinkChecker({ ...FAST, perHost: 2, concurrency: 2, fingerprint: false, headFirst: false });
    let requests = 0;
    let open = 0;
    const watch = (_req: unknown, res: import('node:http').ServerResponse) => {
      requests++;
      open++;
      res.on('close', () => open--);
    };
    site.server.on('request', watch);
    try {
      let reported = 0;
      let openWhenThrown = -1;
      const failing = checker
        .checkAll(
          Array.from({ length: 40 }, (_, i) => ({ url: `${site.origin}/news/article?i=${i}` })),
          () => {
            reported++;
            if (reported === 3) throw new Error('database went away');
          },
        )
        .catch((error: Error) => {
          openWhenThrown = open;
          return error.message;
        });
      expect(await failing).toBe('database went away');
      // Only the links already under way were finished (well short of the 40), none still open.
      expect(openWhenThrown).toBe(0);
      expect(requests).toBeLessThan(40);
      const settled = requests;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(requests).toBe(settled);
      // A caller's own stop condition works the same way, without an error.
      let stop = false;
      let seen = 0;
      await checker.checkAll(
        Array.from({ length: 40 }, (_, i) => ({ url: `${site.origin}/news/article?j=${i}` })),
        () => {
          if (++seen === 2) stop = true;
        },
        () => stop,
      );
      expect(seen).toBeLessThan(40);
    } finally {
      site.server.off('request', watch);
      checker.close();
    }
  });

  it('gives up a stuck request early while the host answers later requests, still three tries, the last with the full timeout', async () => {
    const early = new LinkChecker({ ...FAST, headFirst: false, earlyRetryMs: 60 });
    // How long the server held each /hang request open before the checker dropped it.
    const held: number[] = [];
    const watch = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      if (!req.url?.startsWith('/hang')) return;
      const at = Date.now();
      res.once('close', () => held.push(Date.now() - at));
    };
    site.server.on('request', watch);
    try {
      const started = Date.now();
      const hang = early.check(`${site.origin}/hang`);
      const later = async (ms: number) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return early.check(`${site.origin}/ok`);
      };
      await Promise.all([later(20), later(100)]);
      const result = await hang;
      expect(result).toMatchObject({ health: 'broken', reason: 'timeout', requests: 3 });
      expect(site.count('/hang')).toBe(3);
      // Three tries of 300 ms one after another take at least 900 ms; overlapped, well under.
      expect(Date.now() - started).toBeLessThan(750);
      // The two given-up tries were closed well before the timeout, not left open on the host; the last ran to it.
      await waitFor(() => held.length === 3);
      held.sort((a, b) => a - b);
      expect(held[0]).toBeLessThan(250);
      expect(held[1]).toBeLessThan(250);
      expect(held[2]).toBeGreaterThanOrEqual(280);
    } finally {
      site.server.off('request', watch);
      early.close();
    }
  });

  it('retries one after another when nothing shows the host is answering', async () => {
    const early = new LinkChecker({ ...FAST, headFirst: false, earlyRetryMs: 60 });
    try {
      const result = await early.check(`${site.origin}/hang`);
      expect(result).toMatchObject({ health: 'broken', reason: 'timeout', requests: 3 });
      expect(result.durationMs).toBeGreaterThanOrEqual(900);
    } finally {
      early.close();
    }
  });

  it('parses Retry-After', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
