/**
 * [content] benchmark (not a test): the content checks over a district's posts, end to end —
 * posts read from the SQLite database, findings and scan records written — by the application's
 * own PostScanner (findings/post-scanner.ts).
 *
 *   npm run bench:scan                                  # 200,000 posts, 5,000 words, 50 leaders, 3 runs
 *   BENCH_POSTS=50000 BENCH_RUNS=1 BENCH_NAIVE_POSTS=2000 npm run bench:scan
 *
 * The database is built once (application migrations, ~1 KB bodies, written a chunk at a time);
 * each run copies it and measures in a fresh process (so its peak RSS is the scan's):
 * - full scan (`full`: every post): keyset pages of 1,000 ids from the (id, content_hash) index,
 *   their bodies read, the three post detectors (error_word by Aho–Corasick, privacy_leak,
 *   leader_title_error), findings reconciled (inserted), post_scans recorded;
 * - incremental scan after 1,000 new posts (inserted first, not timed): the "what changed" pass
 *   over every post, the 1,000 read and checked, their findings and records written;
 * - incremental scan with nothing changed (the cost of the pass alone);
 * - naive: the texts of the first BENCH_NAIVE_POSTS posts, read from the database, searched word
 *   by word with indexOf (what the matcher did before) against the one-pass matcher over the same
 *   texts; the naive time is also extrapolated to every post and set against the full scan.
 * Medians of the runs, with `uptime` beside them and CPU time (process.cpuUsage) next to wall time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setUpDatabase } from './db-setup';
import type { Figures } from './measure';

const POSTS = Number(process.env.BENCH_POSTS ?? 200_000);
const WORDS = Number(process.env.BENCH_WORDS ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NAIVE_POSTS = Number(process.env.BENCH_NAIVE_POSTS ?? 5_000);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-scan-'));
  const pristine = path.join(dir, 'pristine.sqlite');
  console.log(`machine: ${uptime()}`);
  const start = performance.now();
  await setUpDatabase(pristine, POSTS, WORDS);
  console.log(`database: ${POSTS} posts (~1 KB bodies), ${WORDS} words, 50 leaders, 500 accounts; built in ${ms(performance.now() - start)}`);

  const runs: Figures[] = [];
  for (let r = 1; r <= RUNS; r++) {
    const file = path.join(dir, `run-${r}.sqlite`);
    copyFileSync(pristine, file);
    const load = uptime();
    const child = spawnSync(process.execPath, [path.join(__dirname, 'measure.js'), file, String(POSTS), String(NAIVE_POSTS)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`run ${r} failed: ${child.stderr}`);
    const figures = JSON.parse(child.stdout.trim().split('\n').pop()!) as Figures;
    runs.push(figures);
    rmSync(file, { force: true });
    console.log(
      `run ${r} (${load.replace(/^.*load average/, 'load average')}): full ${ms(figures.fullMs)} (${ms(figures.fullCpuMs)} CPU, ${figures.fullFindings} findings), ` +
        `incremental +1,000 ${ms(figures.incMs)} (${ms(figures.incCpuMs)} CPU), unchanged ${ms(figures.idleMs)}, ` +
        `naive/one-pass over ${NAIVE_POSTS} texts ${ms(figures.naiveMs)}/${ms(figures.onePassMs)}, peak RSS ${figures.peakRssMb.toFixed(0)} MB`,
    );
  }
  const m = (key: keyof Figures) => median(runs.map((f) => f[key] as number));
  const naivePerPost = m('naiveMs') / NAIVE_POSTS;
  console.log(`\nmedians of ${RUNS} run(s), ${POSTS} posts:`);
  console.log(
    `  full scan (DB read + 3 detectors + findings and post_scans written): ${ms(m('fullMs'))} wall, ${ms(m('fullCpuMs'))} CPU, ${((POSTS / m('fullMs')) * 1000).toFixed(0)} posts/s`,
  );
  console.log(`  incremental after 1,000 new posts: ${ms(m('incMs'))} wall, ${ms(m('incCpuMs'))} CPU; nothing changed: ${ms(m('idleMs'))}`);
  console.log(
    `  error words over the same ${NAIVE_POSTS} texts: naive indexOf ${ms(m('naiveMs'))}, one pass ${ms(m('onePassMs'))}: ${(m('naiveMs') / m('onePassMs')).toFixed(1)}× faster`,
  );
  console.log(
    `  naive indexOf extrapolated to ${POSTS} posts: ${((naivePerPost * POSTS) / 1000).toFixed(1)} s (error words only, no DB) vs the full scan ${(m('fullMs') / 1000).toFixed(2)} s (all checks, DB included): ${((naivePerPost * POSTS) / m('fullMs')).toFixed(1)}×`,
  );
  console.log(`  peak RSS of a run: ${m('peakRssMb').toFixed(0)} MB`);
  console.log(`machine after: ${uptime()}`);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
