/**
 * [inspection] benchmark (issue #19, Speed): a 2023Q3 round over 2,000 accounts (200 units) with
 * 500,000 posts, 20,000 findings, 5,000 columns (two link checks each) and 100 repost tasks.
 * The data is written first by its own process (child.ts fixture); then each evaluation runs in a
 * fresh process, so its CPU time and RSS are the evaluation's, not the generator's. Three runs of
 * the batched evaluation alternate with three of the naive per-account loop (the same service with
 * one account per chunk: one query per account and question, one transaction per account); medians.
 *   npm run bench:inspection
 *   BENCH_RUNS=3 BENCH_KEEP_DIR=/tmp/insp-fixture npm run bench:inspection   # keeps/reuses the SQLite fixture
 *   BENCH_MYSQL_URL=mysql://root:@127.0.0.1:3306/mysql npm run bench:inspection   # then MariaDB too (BENCH_ONLY_MYSQL=1: MariaDB only)
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMysqlDatabase, dropMysqlDatabase } from '../../test/e2e/support/mysql';
import type { EvaluationFigures } from './child';
import { ACCOUNTS, COLUMNS, FINDINGS, POSTS } from './data';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHILD = path.join(__dirname, 'child.js');

function child(mode: string, env: Record<string, string>): Promise<EvaluationFigures | null> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', CHILD, mode], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${mode} exited with ${code}: ${out}`));
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      resolve(line ? (JSON.parse(line.slice(7)) as EvaluationFigures) : null);
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function run(kind: 'sqlite' | 'mysql'): Promise<string[]> {
  const keep = kind === 'sqlite' ? process.env.BENCH_KEEP_DIR : undefined;
  const dataDir = keep ?? mkdtempSync(path.join(tmpdir(), 'bench-inspection-'));
  const databaseUrl = kind === 'mysql' ? await createMysqlDatabase(process.env.BENCH_MYSQL_URL as string) : undefined;
  const env = { BENCH_DATA_DIR: dataDir, ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}) };
  try {
    if (!keep || !existsSync(path.join(dataDir, 'registry.sqlite'))) {
      const started = performance.now();
      await child('fixture', env);
      console.log(`[${kind}] data written in ${Math.round(performance.now() - started)} ms`);
    }
    const figures: Record<'batched' | 'per-account', EvaluationFigures[]> = { batched: [], 'per-account': [] };
    for (let i = 0; i < RUNS; i++) {
      for (const mode of ['batched', 'per-account'] as const) {
        const before = load();
        const f = (await child(mode, env))!;
        figures[mode].push(f);
        console.log(
          `[${kind}] ${mode} #${i + 1}: wall ${f.wallMs} ms, cpu ${f.cpuMs} ms, RSS ${f.rssBeforeMb} → peak ${f.peakRssMb} MB; ` +
            `${f.accounts} accounts, ${f.passed} passed, ${f.failed} failed, ${f.itemResults} item results (load ${before})`,
        );
      }
    }
    const [a, b] = [figures.batched, figures['per-account']];
    if (a.some((f) => f.failed !== b[0].failed || f.itemResults !== b[0].itemResults)) throw new Error('the two ways disagree on the results');
    const row = (mode: string, list: EvaluationFigures[]) =>
      `| ${kind} | ${mode} | ${median(list.map((f) => f.wallMs))} ms | ${median(list.map((f) => f.cpuMs))} ms | ${median(list.map((f) => f.peakRssMb))} MB | ` +
      `${median(list.map((f) => f.peakRssMb - f.rssBeforeMb))} MB | ${list.map((f) => f.wallMs).join(' / ')} ms |`;
    return [row('batched', a), row('per-account loop', b), `| ${kind} | ratio | ${(median(b.map((f) => f.wallMs)) / median(a.map((f) => f.wallMs))).toFixed(1)}× | | | | |`];
  } finally {
    if (databaseUrl) await dropMysqlDatabase(databaseUrl);
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`accounts ${ACCOUNTS}, posts ${POSTS}, findings ${FINDINGS}, columns ${COLUMNS}; ${RUNS} runs each`);
  const kinds: ('sqlite' | 'mysql')[] = process.env.BENCH_MYSQL_URL ? (process.env.BENCH_ONLY_MYSQL ? ['mysql'] : ['sqlite', 'mysql']) : ['sqlite'];
  const rows: string[] = [];
  for (const kind of kinds) rows.push(...(await run(kind)));
  console.log(`\n${execFileSync('uptime').toString().trim()}`);
  console.log('| database | evaluation | wall (median) | CPU (median) | peak RSS (median) | RSS growth (median) | wall, each run |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
