/**
 * One scheduling path (issue #18): every periodic job is declared in src/schedules.ts and
 * registered through the job queue. In queue mode with two processes taking jobs (two
 * application instances on one MariaDB database and one Redis), each schedule exists once for
 * the deployment and fires once per tick, not once per process.
 */
import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { SCHEDULES } from '../../src/schedules';
import { clusterEnv } from './support/cluster-env';
import { databasesUnderTest } from './support/app';
import { createMysqlDatabase, dropMysqlDatabase } from './support/mysql';
import { flushRedis, sleep } from './support/processes';

const REDIS_URL = 'redis://127.0.0.1:6379/13';
const PREFIX = `sched${Date.now().toString(36)}`;
const EVERY_TWO_SECONDS = '*/2 * * * * *';
const FAST_CRON_JOBS = ['link-sweep', 'findings-schedule', 'recertify-check'];

const withMysql = databasesUnderTest().includes('mysql');

(withMysql ? describe : describe.skip)('schedules: once per tick for the whole deployment (queue mode, two processes)', () => {
  const apps: INestApplication[] = [];
  let databaseUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    if (!(await flushRedis(REDIS_URL))) throw new Error(`Redis does not answer at ${REDIS_URL}`);
    databaseUrl = await createMysqlDatabase(process.env.TEST_MYSQL_URL as string);
    dataDir = mkdtempSync(path.join(tmpdir(), 'schedules-e2e-'));
    const env = clusterEnv(
      { dataDir, databaseUrl, redisUrl: REDIS_URL, prefix: PREFIX },
      {
        LOG_LEVEL: 'silent',
        RUN_JOBS: 'true',
        LINK_SWEEP_CRON: EVERY_TWO_SECONDS,
        FINDINGS_SCHEDULER: 'on',
        FINDINGS_SCAN_CRON: EVERY_TWO_SECONDS,
        RECERTIFY_SCHEDULER: 'on',
        RECERTIFY_CHECK_CRON: EVERY_TWO_SECONDS,
        POLL_SCHEDULER: 'on',
        POLL_TICK_SECONDS: '2',
        REPOST_REMINDER_SCHEDULER: 'on',
        ALERT_REMINDER_MINUTES: '30',
      },
    );
    for (let i = 0; i < 2; i++) {
      const app = await createApp(loadConfig(env));
      await app.init();
      apps.push(app);
    }
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    if (databaseUrl) await dropMysqlDatabase(databaseUrl);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await flushRedis(REDIS_URL);
  });

  const queueOf = (name: string) => new Queue(name, { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix: PREFIX });

  it('registers every declared schedule exactly once, and each fast one fires once per two-second tick', async () => {
    await sleep(9_000);
    for (const schedule of SCHEDULES) {
      const queue = queueOf(schedule.job);
      try {
        const schedulers = await queue.getJobSchedulers();
        expect({ job: schedule.job, schedulers: schedulers.length }).toEqual({ job: schedule.job, schedulers: 1 });
        if (!FAST_CRON_JOBS.includes(schedule.job) && schedule.job !== 'poll-tick') continue;
        const jobs = await queue.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed']);
        // A scheduler's job carries its tick in its id (`repeat:<scheduler>:<fire time in ms>`); delayed ones have not fired yet.
        const done = await Promise.all(jobs.map(async (job) => ((await job.getState()) === 'delayed' ? null : job)));
        const fired = done.filter((job) => job?.repeatJobKey).map((job) => Number(String(job!.id).split(':').pop()));
        // About four ticks in nine seconds (start-up takes some); never two for one tick.
        expect({ job: schedule.job, enough: fired.length >= 2 }).toEqual({ job: schedule.job, enough: true });
        const ticks = new Set(fired.map((at) => Math.floor(at / 2000)));
        expect({ job: schedule.job, perTick: fired.length / ticks.size }).toEqual({ job: schedule.job, perTick: 1 });
      } finally {
        await queue.close();
      }
    }
  }, 60_000);
});
