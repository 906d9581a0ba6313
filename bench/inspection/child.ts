/**
 * One process of the [inspection] bench (run.ts starts it): `fixture` writes the data into the
 * database named by the environment; `batched` / `per-account` create a fresh 2023Q3 round over
 * every account (not measured) and evaluate it, printing one JSON line with the evaluation's wall
 * time, CPU time, the process's RSS before it and its peak RSS (maxRSS) after it.
 *   batched     — the evaluation as shipped: facts read 500 accounts per query, results written
 *                 a chunk per transaction in multi-row statements.
 *   per-account — a naive loop over the accounts with the service's own steps: per account, the
 *                 same read questions asked for its id alone (4–5 queries), then its results and
 *                 score written in its own transaction (same reads, same writes, same results).
 */
import 'reflect-metadata';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import type { Actor } from '../../src/common/roles';
import { loadConfig } from '../../src/config/app-config';
import { InspectionEvaluationService } from '../../src/modules/inspections/inspection-evaluation.service';
import { InspectionsRepository } from '../../src/modules/inspections/inspections.repository';
import { InspectionsService } from '../../src/modules/inspections/inspections.service';
import { TransactionRunner } from '../../src/database/transactions';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { generate } from './data';

const ADMIN: Actor = { id: 1, username: 'admin', role: 'admin', unitId: null };
type Mode = 'fixture' | 'batched' | 'per-account';

export interface EvaluationFigures {
  mode: Mode;
  wallMs: number;
  cpuMs: number;
  rssBeforeMb: number;
  peakRssMb: number;
  accounts: number;
  passed: number;
  failed: number;
  itemResults: number;
}

/** The naive loop: per account, the same read questions for its id alone, then its results and score in their own transaction. */
async function perAccount(repo: InspectionsRepository, transactions: TransactionRunner, evaluation: InspectionEvaluationService, roundId: number): Promise<void> {
  const round = (await repo.round(roundId))!;
  const accounts = await repo.accounts(roundId);
  const context = await evaluation.context(round, accounts);
  for (const account of accounts) {
    const outcomes = await evaluation.autoOutcomes(round, [account], context);
    await transactions.run((tx) => evaluation.store(tx, roundId, outcomes));
  }
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

async function main(mode: Mode): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR as string;
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD: 'Bench#12345',
    POLL_SCHEDULER: 'off',
    LINK_SWEEP_CRON: 'off',
    FINDINGS_SCHEDULER: 'off',
    REPOST_REMINDER_SCHEDULER: 'off',
    WEB_DIR: path.join(dataDir, 'no-web'),
  });
  const app = await createApp(config);
  await app.init();
  try {
    if (mode === 'fixture') {
      await generate(app.get(DataSource));
      return;
    }
    const inspections = app.get(InspectionsService);
    const evaluation = app.get(InspectionEvaluationService);
    const round = await inspections.create({ quarter: '2023Q3', sampleRate: 1, seed: 1 }, ADMIN);
    (global as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage().rss;
    const cpu = process.cpuUsage();
    const started = performance.now();
    if (mode === 'batched') {
      await evaluation.request(round.id, ADMIN.id);
      await app.get<JobQueue>(JOB_QUEUE).drain();
    } else {
      await perAccount(app.get(InspectionsRepository), app.get(TransactionRunner), evaluation, round.id);
    }
    const wallMs = Math.round(performance.now() - started);
    const used = process.cpuUsage(cpu);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const view = await inspections.get(round.id, ADMIN);
    if (mode === 'batched' && view.evaluation?.status !== 'done') throw new Error(`evaluation: ${JSON.stringify(view.evaluation)}`);
    const count = async (sql: string) => Number(((await app.get(DataSource).query(sql)) as { n: number }[])[0].n);
    const unscored = await count(`SELECT COUNT(*) AS n FROM inspection_accounts WHERE round_id = ${round.id} AND verdict IS NULL`);
    if (unscored) throw new Error(`${mode}: ${unscored} accounts not scored`);
    const n = await count(`SELECT COUNT(*) AS n FROM inspection_item_results WHERE round_id = ${round.id}`);
    const figures: EvaluationFigures = {
      mode,
      wallMs,
      cpuMs: Math.round((used.user + used.system) / 1000),
      rssBeforeMb: mb(rssBefore),
      peakRssMb: mb(peakRss),
      accounts: view.summary!.accounts,
      passed: view.summary!.passed,
      failed: view.summary!.failed,
      itemResults: Number(n),
    };
    console.log(`RESULT ${JSON.stringify(figures)}`);
  } finally {
    await app.close();
  }
}

main(process.argv[2] as Mode).catch((err) => {
  console.error(err);
  process.exit(1);
});
