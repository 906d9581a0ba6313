/**
 * Link-checker benchmark (not a test): 10,000 column links over 20 loopback hosts in the
 * fixture's mix with realistic latency. Runs our engine, linkinator and a plain keep-alive
 * GET loop ("floor") over the same URLs at the same total concurrency, each in its own child
 * process (for a clean peak RSS and CPU time), and prints wall time, CPU time, peak RSS, requests
 * and connections the servers saw, the machine's load average, and accuracy (per category).
 * Runs rotate the checkers' order; ratios are taken within each run, then their median.
 *
 *   npm run bench:links [-- --links 10000 --concurrency 100 --only ours,linkinator,floor]
 *   npm run bench:links -- --mix corpus --runs 3   # the office-like mix (corpus-mix.ts): 50 hosts, 5–50 KB pages, slow links, every kind of gone page; medians of 3 runs
 *   BENCH_DEBUG=1 (ours' misclassified and slowest links), BENCH_TIMELINE=1 (requests in flight every 0.5 s)
 */
import { fork } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { LinkChecker as OurChecker } from '../../src/modules/link-health/engine/link-checker';
import { createFixtureHandler, FIXTURE_CASES } from '../../test/fixtures/link-server/server';
import { buildMixLinks, handleMix, isMixPath } from './corpus-mix';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const LINKS = arg('links', 10_000);
const MIX = args.includes('--mix') ? args[args.indexOf('--mix') + 1] : 'classic';
const RUNS = arg('runs', 1);
const HOSTS = arg('hosts', MIX === 'corpus' ? 50 : 20);
const CONCURRENCY = arg('concurrency', 100);
const PER_HOST = 10;
const TIMEOUT_MS = 2_000;
const LATENCY: [number, number] = [20, 80];
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : ['ours', 'linkinator', 'floor'];

export interface Link {
  url: string;
  health: string;
  /** The kind of page (corpus mix) or the fixture case. */
  category?: string;
}
interface Outcome {
  name: string;
  wallMs: number;
  maxRssMb: number;
  /** CPU time of the checker's process (user + system), and of it the system's (the kernel's, mostly sockets). */
  cpuMs: number;
  systemMs: number;
  verdicts: Record<string, string>;
  /** Ours only: when the last link of each fixture case finished (ms from the start). */
  caseEnds?: Record<string, number>;
}

/**
 * Holds linkinator to the same limits as ours and the floor: 100 requests in flight in all,
 * 10 per host. linkinator 7.6.1 starts every discovered link's check at once (its queue only
 * awaits promises that are already running), so its `concurrency` option does not bound
 * requests; without this it has up to 10,000 requests in flight. Each request still gets the
 * full timeout, counted from when it is sent (not from when it was queued).
 */
function limitGlobalFetch(total: number, perHost: number, timeoutMs: number): void {
  const realFetch = globalThis.fetch;
  let active = 0;
  const hostActive = new Map<string, number>();
  const waiting: { host: string; go: () => void }[] = [];
  const pump = () => {
    for (let i = 0; i < waiting.length && active < total; i++) {
      const w = waiting[i];
      if ((hostActive.get(w.host) ?? 0) >= perHost) continue;
      waiting.splice(i--, 1);
      active++;
      hostActive.set(w.host, (hostActive.get(w.host) ?? 0) + 1);
      w.go();
    }
  };
  globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const host = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).host;
    await new Promise<void>((go) => {
      waiting.push({ host, go });
      pump();
    });
    try {
      // linkinator cancels or reads the body right after the headers; the slot is freed at the headers.
      return await realFetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } finally {
      active--;
      hostActive.set(host, (hostActive.get(host) ?? 1) - 1);
      pump();
    }
  };
}

/** The benchmark's links in the fixture's mix, spread over the hosts (also used by bench/scale). */
export function buildLinks(port: number, count = LINKS): Link[] {
  const totalWeight = FIXTURE_CASES.reduce((s, c) => s + c.weight, 0);
  const links: Link[] = [];
  for (const c of FIXTURE_CASES) {
    const n = Math.max(1, Math.round((c.weight / totalWeight) * count));
    for (let i = 0; i < n; i++) links.push({ url: '', health: c.health + '|' + c.path });
  }
  links.length = Math.min(links.length, count);
  return links.map((l, i) => {
    const path = l.health.split('|')[1];
    return { url: `http://127.0.0.${(i % HOSTS) + 1}:${port}${path}?n=${i}`, health: l.health.split('|')[0] };
  });
}

async function child(mode: string, urls: string[]): Promise<void> {
  const started = Date.now();
  const verdicts: Record<string, string> = {};
  const caseEnds: Record<string, number> = {};
  if (mode === 'ours') {
    const checker = new OurChecker({
      allowPrivate: true,
      concurrency: CONCURRENCY,
      perHost: PER_HOST,
      minGapMs: 0,
      timeoutMs: TIMEOUT_MS,
      connectTimeoutMs: TIMEOUT_MS,
      retries: 2,
      backoffBaseMs: 200,
      backoffMaxMs: 1000,
      retryAfterCapMs: 1000,
      // 5× the slowest answer, as in production (5 s against 15 s timeouts): 400 ms for the classic
      // mix (80 ms answers); for the corpus mix (800 ms slow links) that exceeds the timeout, so off.
      earlyRetryMs: MIX === 'corpus' ? 0 : 400,
    });
    await checker.checkAll(
      urls.map((url) => ({ url })),
      (item, result) => {
        verdicts[item.url] = result.health;
        if (process.env.BENCH_DEBUG) verdicts[`${item.url}#reason`] = `${result.reason} ${result.detail ?? ''} ${result.durationMs}ms ${result.requests}req`;
        const path = new URL(item.url).pathname;
        caseEnds[path] = Math.max(caseEnds[path] ?? 0, Date.now() - started);
      },
    );
    checker.close();
  } else if (mode === 'linkinator') {
    // linkinator 7.6.1 leaves the body stream of a request aborted by its timeout without an error
    // listener; under load that abort crashes the process. The link is already counted as failed.
    process.on('uncaughtException', (error) => {
      if (error?.name === 'TimeoutError' || error?.name === 'AbortError') return;
      throw error;
    });
    limitGlobalFetch(CONCURRENCY, PER_HOST, TIMEOUT_MS);
    const dynamicImport = new Function('m', 'return import(m)') as (m: string) => Promise<typeof import('linkinator')>;
    const { LinkChecker } = await dynamicImport('linkinator');
    const index = process.env.BENCH_INDEX as string;
    const checker = new LinkChecker();
    const result = await checker.check({ path: index, recurse: false, concurrency: CONCURRENCY, timeout: TIMEOUT_MS });
    for (const link of result.links) if (link.url !== index) verdicts[link.url] = link.state === 'OK' ? 'ok' : link.state === 'BROKEN' ? 'broken' : 'skipped';
  } else {
    const agent = new http.Agent({ keepAlive: true, maxSockets: PER_HOST });
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < urls.length) {
          const url = urls[next++];
          verdicts[url] = await new Promise<string>((resolve) => {
            const req = http.get(url, { agent, timeout: TIMEOUT_MS }, (res) => {
              res.resume();
              res.on('end', () => resolve((res.statusCode ?? 0) < 400 ? 'ok' : 'broken'));
              res.on('error', () => resolve('broken'));
            });
            req.on('timeout', () => req.destroy(new Error('timeout')));
            req.on('error', () => resolve('broken'));
          });
        }
      }),
    );
    agent.destroy();
  }
  const outcome: Outcome = {
    name: mode,
    wallMs: Date.now() - started,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    systemMs: process.cpuUsage().system / 1000,
    verdicts,
    caseEnds,
  };
  // Exits on its own once the outcome is sent (so `node --cpu-prof` can write the child's profile).
  process.send!(outcome, () => process.exit(0));
}

function runChild(mode: string, urls: string[], index: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    // The child gets the command's options too (the mix decides its settings, e.g. early retry off for the corpus mix).
    const proc = fork(__filename, ['--child', mode, ...args], { env: { ...process.env, BENCH_INDEX: index }, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    proc.once('message', (m) => {
      resolve(m as Outcome);
      setTimeout(() => proc.kill(), 10_000).unref();
    });
    proc.once('error', reject);
    proc.once('exit', (code) => code && reject(new Error(`${mode} exited with ${code}`)));
    proc.send({ urls });
  });
}

export interface BenchHosts {
  port: number;
  fixture: ReturnType<typeof createFixtureHandler>;
  /**
   * Requests in flight at the servers now and at their peak, Σ in flight × ms and its mean, and the
   * requests (every route) and TCP connections the servers accepted, since `resetGauge()`.
   */
  inFlight(): { now: number; peak: number; area: number; mean: number; requests: number; connections: number };
  resetGauge(): void;
  close(): void;
}

/**
 * The fixture site on HOSTS loopback hosts (127.0.0.1–127.0.0.20) on one port with the bench's
 * latency, counting requests in flight at the servers (checks the concurrency limits). Also
 * used by bench/scale. `index` answers `/__index` (the page listing the links, for linkinator).
 */
export async function startBenchHosts(index: () => string = () => ''): Promise<BenchHosts> {
  const fixture = createFixtureHandler({ latencyMs: LATENCY, largeBytes: 5 * 1024 * 1024 });
  const servers: http.Server[] = [];
  let port = 0;
  // Requests in flight at the servers (arrived, answer not yet finished): checks the concurrency limits.
  let inFlight = 0;
  let peakInFlight = 0;
  let area = 0; // Σ requests in flight × time, for the mean
  let since = Date.now();
  let lastChange = Date.now();
  let requests = 0;
  let connections = 0;
  const change = (delta: number) => {
    const now = Date.now();
    area += inFlight * (now - lastChange);
    lastChange = now;
    inFlight += delta;
  };
  for (let h = 1; h <= HOSTS; h++) {
    const server = http.createServer((req, res) => {
      if (req.url === '/__index') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(index());
      }
      change(1);
      requests++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      const mixPath = MIX === 'corpus' && isMixPath(new URL(req.url ?? '/', 'http://bench').pathname);
      // Done when the answer is handed to the OS ('finish'), or the connection went away first ('close').
      let open = true;
      const done = () => {
        if (open) change(-1);
        open = false;
      };
      res.once('finish', done);
      res.once('close', done);
      if (mixPath) setTimeout(() => handleMix(req, res), LATENCY[0] + Math.random() * (LATENCY[1] - LATENCY[0]));
      else fixture.handler(req, res);
    });
    server.keepAliveTimeout = 10_000;
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(port, `127.0.0.${h}`, resolve));
    port = (server.address() as AddressInfo).port;
    servers.push(server);
  }
  return {
    port,
    fixture,
    inFlight: () => {
      change(0);
      return { now: inFlight, peak: peakInFlight, area, mean: area / Math.max(1, Date.now() - since), requests, connections };
    },
    resetGauge: () => {
      change(0);
      peakInFlight = inFlight;
      area = 0;
      requests = 0;
      connections = 0;
      since = Date.now();
    },
    close: () => {
      for (const s of servers) {
        s.closeAllConnections();
        s.close();
      }
    },
  };
}

async function main(): Promise<void> {
  if (args[0] === '--child') {
    process.once('message', (m: { urls: string[] }) => void child(args[1], m.urls));
    return;
  }
  let indexHtml = '';
  const hosts = await startBenchHosts(() => indexHtml);
  const { port, fixture } = hosts;
  const links: Link[] = MIX === 'corpus' ? buildMixLinks(port, HOSTS, LINKS) : buildLinks(port);
  indexHtml = `<!doctype html><html><body>${links.map((l) => `<a href="${l.url}">x</a>`).join('\n')}</body></html>`;
  const urls = links.map((l) => l.url);
  const truth = new Map(links.map((l) => [l.url, l.health]));
  const categoryOf = new Map(links.map((l) => [l.url, l.category ?? new URL(l.url).pathname]));
  console.log(
    `mix: ${MIX}; links: ${links.length} over ${HOSTS} hosts, total concurrency ${CONCURRENCY}, per host ${PER_HOST}, latency ${LATENCY.join('–')} ms, timeout ${TIMEOUT_MS} ms, runs ${RUNS}`,
  );

  const runs = new Map<string, RunEntry[]>();
  for (let run = 1; run <= RUNS; run++) {
    // The order rotates by run, so a change of the machine's load does not always hit the same checker.
    const order = ONLY.map((_, i) => ONLY[(i + run - 1) % ONLY.length]);
    for (const mode of order) {
      fixture.reset();
      hosts.resetGauge();
      const loadBefore = loadavg()[0];
      const timeline = process.env.BENCH_TIMELINE ? setInterval(() => process.stdout.write(`${hosts.inFlight().now} `), 500) : null;
      const outcome = await runChild(mode, urls, `http://127.0.0.1:${port}/__index`);
      if (timeline) clearInterval(timeline);
      const { peak, area, requests, connections } = hosts.inFlight();
      const byCategory = new Map<string, [number, number]>();
      const wrong = new Set<string>();
      let right = 0;
      for (const url of urls) {
        const ok = outcome.verdicts[url] === truth.get(url);
        const category = categoryOf.get(url)!;
        const tally = byCategory.get(category) ?? [0, 0];
        byCategory.set(category, [tally[0] + (ok ? 1 : 0), tally[1] + 1]);
        if (ok) right++;
        else wrong.add(MIX === 'corpus' ? `${category}:${new URL(url).pathname}` : new URL(url).pathname);
        if (!ok && process.env.BENCH_DEBUG && mode === 'ours') console.log(`  ${mode} wrong: ${url} → ${outcome.verdicts[url]} ${outcome.verdicts[`${url}#reason`] ?? ''}`);
      }
      if (process.env.BENCH_DEBUG && mode === 'ours') {
        const slowest = urls.map((u) => [u, outcome.verdicts[`${u}#reason`] ?? '']).sort((x, y) => Number(/ (\d+)ms/.exec(y[1])?.[1]) - Number(/ (\d+)ms/.exec(x[1])?.[1]));
        for (const [u, why] of slowest.slice(0, 12)) console.log(`  slow: ${u} ${why}`);
      }
      const load = (loadBefore + loadavg()[0]) / 2;
      const entry = { run, outcome, requests, connections, peak, mean: area / outcome.wallMs, right, wrong, byCategory, load };
      runs.set(mode, [...(runs.get(mode) ?? []), entry]);
      console.log(
        `run ${run} ${mode}: ${(outcome.wallMs / 1000).toFixed(1)} s, CPU ${(outcome.cpuMs / 1000).toFixed(1)} s (system ${(outcome.systemMs / 1000).toFixed(1)} s), ${outcome.maxRssMb.toFixed(0)} MB, ` +
          `${requests} requests, ${connections} connections, accuracy ${((right / urls.length) * 100).toFixed(2)}%, load average ${load.toFixed(1)}`,
      );
    }
  }
  report(runs, links, categoryOf, urls.length);
  hosts.close();
}

interface RunEntry {
  run: number;
  outcome: Outcome;
  /** Requests (every route) and TCP connections the servers accepted. */
  requests: number;
  connections: number;
  peak: number;
  mean: number;
  right: number;
  wrong: Set<string>;
  byCategory: Map<string, [number, number]>;
  /** 1-minute load average of the machine during the run (mean of before and after). */
  load: number;
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/** The summary: medians over the runs, accuracy per category next to the times, and the ratios within each run. */
function report(runs: Map<string, RunEntry[]>, links: Link[], categoryOf: Map<string, string>, total: number): void {
  const of = (mode: string) => runs.get(mode) ?? [];
  const med = (mode: string, pick: (r: RunEntry) => number) => median(of(mode).map(pick));
  const medianRun = (mode: string) => of(mode).find((r) => r.outcome.wallMs === med(mode, (x) => x.outcome.wallMs))!;
  const list = (mode: string, pick: (r: RunEntry) => string) => of(mode).map(pick).join(' / ');
  console.log(
    `\n| checker | wall time, median (runs) | CPU, median (runs) | peak RSS, median (max) | requests | connections | in flight (peak / mean) | accuracy, median (runs) | misclassified (median run) |\n|---|---|---|---|---|---|---|---|---|`,
  );
  for (const mode of ONLY) {
    const r = medianRun(mode);
    const wrong = r.wrong.size ? (r.wrong.size > 8 ? `${r.wrong.size} kinds of link` : [...r.wrong].sort().join(', ')) : '—';
    const sec = (ms: number) => (ms / 1000).toFixed(1);
    const pct = (x: RunEntry) => ((x.right / total) * 100).toFixed(2);
    console.log(
      `| ${mode} | ${sec(r.outcome.wallMs)} s (${list(mode, (x) => sec(x.outcome.wallMs))}) | ${sec(med(mode, (x) => x.outcome.cpuMs))} s (${list(mode, (x) => sec(x.outcome.cpuMs))}) | ` +
        `${med(mode, (x) => x.outcome.maxRssMb).toFixed(0)} MB (${Math.max(...of(mode).map((x) => x.outcome.maxRssMb)).toFixed(0)}) | ${r.requests} | ${r.connections} | ${r.peak} / ${r.mean.toFixed(0)} | ` +
        `${((med(mode, (x) => x.right) / total) * 100).toFixed(2)}% (${list(mode, pct)}) | ${wrong} |`,
    );
  }
  const categories = [...new Set(links.map((l) => categoryOf.get(l.url)!))].sort();
  console.log(`\n| category | links | ${ONLY.join(' | ')} |\n|---|---|${ONLY.map(() => '---').join('|')}|`);
  for (const category of categories) {
    // The worst of the runs: 100 % means right in every run.
    const cells = ONLY.map(
      (mode) =>
        `${Math.min(
          ...of(mode).map((r) => {
            const [right, n] = r.byCategory.get(category) ?? [0, 0];
            return (right / Math.max(1, n)) * 100;
          }),
        ).toFixed(0)}%`,
    );
    console.log(`| ${category} | ${medianRun(ONLY[0]).byCategory.get(category)?.[1] ?? 0} | ${cells.join(' | ')} |`);
  }
  // Ratios within each run (the checkers ran back to back under about the same load), then their median.
  const ratio = (a: string, b: string, pick: (r: RunEntry) => number) => {
    if (!runs.has(a) || !runs.has(b)) return null;
    const per = of(a).map((x, i) => pick(of(b)[i]) / pick(x));
    return { median: median(per), runs: per.map((v) => v.toFixed(2)).join(' / ') };
  };
  const vsLinkinator = ratio('ours', 'linkinator', (r) => r.outcome.wallMs);
  const vsFloor = ratio('floor', 'ours', (r) => r.outcome.wallMs);
  const cpuVsFloor = ratio('floor', 'ours', (r) => r.outcome.cpuMs);
  if (vsLinkinator) console.log(`\nspeed vs linkinator: ${vsLinkinator.median.toFixed(2)}× (runs ${vsLinkinator.runs}; goal ≥ 2×)`);
  if (vsFloor)
    console.log(`ours / floor: ${vsFloor.median.toFixed(2)}× (runs ${vsFloor.runs}; goal ≤ 1.4×); CPU ours / floor ${cpuVsFloor!.median.toFixed(2)}× (runs ${cpuVsFloor!.runs})`);
  console.log(
    `load average during the runs: ${[...runs.values()]
      .flat()
      .map((r) => r.load.toFixed(1))
      .join(', ')} (${cpus().length} cores)`,
  );
}

// Run as a command (or as its own child process); imported by bench/scale for the setup above.
if (require.main === module) void main();
