import { LINK_CHECK_JOB } from '../../src/modules/link-health/link-health.service';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { flushRedis as flushRedisAt } from './support/processes';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError, Fixture, seedFixture } from './support/fixtures';

const REDIS_URL = 'redis://127.0.0.1:6379/11';

const flushRedis = () => flushRedisAt(REDIS_URL);

async function status(t: TestApp, token: string) {
  return t.http.get('/api/system/status').set(bearer(token));
}

/** Requests a link check (all columns) and waits until the status page lists it as finished. */
async function linkCheckAppears(t: TestApp, token: string): Promise<any> {
  const started = await t.http.post('/api/link-checks').set(bearer(token)).send({});
  expect(started.status).toBe(202);
  for (let i = 0; i < 400; i++) {
    const res = await status(t, token);
    expect(res.status).toBe(200);
    const run = res.body.recentRuns.find((r: any) => r.kind === 'link_check' && r.id === started.body.id);
    if (run && (run.status === 'done' || run.status === 'failed')) return { run, body: res.body };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('link check run did not show up as finished');
}

function expectShape(body: any, driver: 'local' | 'bullmq'): void {
  expect(body).toMatchObject({
    driver,
    queueUp: true,
    runJobs: true,
    queues: expect.any(Array),
    workers: expect.any(Array),
    schedules: expect.any(Array),
    recentRuns: expect.any(Array),
  });
  for (const q of body.queues) expect(q).toEqual({ name: expect.any(String), waiting: expect.any(Number), active: expect.any(Number), failed: expect.any(Number) });
  for (const w of body.workers) expect(w).toMatchObject({ name: expect.any(String), queues: expect.any(Array) });
  for (const r of body.recentRuns) {
    expect(['link_check', 'poll', 'findings_scan', 'inspection_evaluation']).toContain(r.kind);
    expect(r).toMatchObject({ id: expect.any(Number), status: expect.any(String) });
  }
}

describe.each(databasesUnderTest())('system status (%s)', (kind) => {
  describe('in-process queue', () => {
    let t: TestApp;
    let f: Fixture;

    beforeAll(async () => {
      t = await startApp(kind, { LINK_CHECK_ALLOW_PRIVATE: 'true', LINK_CHECK_MIN_GAP_MS: '0' });
      f = await seedFixture(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('is for admins and reviewers only', async () => {
      expect((await status(t, f.adminToken)).status).toBe(200);
      expect((await status(t, f.reviewerToken)).status).toBe(200);
      expectError(await status(t, f.viewerToken), 403);
      expectError(await status(t, f.operatorAToken), 403);
      expect((await t.http.get('/api/system/status')).status).toBe(401);
    });

    it('reports the local driver, this process as the worker, and a requested link check among the recent runs', async () => {
      const { run, body } = await linkCheckAppears(t, f.reviewerToken);
      expectShape(body, 'local');
      expect(run).toMatchObject({ trigger: 'manual', total: expect.any(Number), done: expect.any(Number), startedAt: expect.any(String) });
      expect(body.workers).toEqual([expect.objectContaining({ name: `pid-${process.pid}` })]);
      expect(body.workers[0].queues.length).toBeGreaterThan(0);
      expect(body.workers[0].queues).toContain(LINK_CHECK_JOB);
      expect(body.queues.map((q: { name: string }) => q.name)).toContain(LINK_CHECK_JOB);
      // The run record says done a moment before its job returns: once the queue has drained,
      // the link-check queue is idle and nothing failed.
      await t.app.get<JobQueue>(JOB_QUEUE).drain();
      const idle = (await status(t, f.reviewerToken)).body;
      expect(idle.queues).toContainEqual({ name: LINK_CHECK_JOB, waiting: 0, active: 0, failed: 0 });
    });
  });

  describe('BullMQ queue (Redis db 11)', () => {
    let t: TestApp | undefined;
    let f: Fixture;

    beforeAll(async () => {
      if (!(await flushRedis())) {
        if (process.env.CI === 'true') throw new Error(`CI=true but Redis at ${REDIS_URL} does not answer: the BullMQ system status suite cannot run`);
        console.warn(`system status BullMQ variant does nothing here: Redis at ${REDIS_URL} does not answer`);
        return;
      }
      t = await startApp(kind, { REDIS_URL, RUN_JOBS: 'true', LINK_CHECK_ALLOW_PRIVATE: 'true', LINK_CHECK_MIN_GAP_MS: '0' });
      f = await seedFixture(t);
    });
    afterAll(async () => {
      await t?.close();
      if (t) await flushRedis();
    });

    it('reports the bullmq driver, its workers and a requested link check', async () => {
      if (!t) return; // Redis missing outside CI (warned above)
      const { run, body } = await linkCheckAppears(t, f.adminToken);
      expectShape(body, 'bullmq');
      expect(run.kind).toBe('link_check');
      expect(body.queues).toContainEqual(expect.objectContaining({ name: LINK_CHECK_JOB, failed: 0 }));
      expect(body.workers.length).toBeGreaterThan(0);
      expect(body.workers.flatMap((w: any) => w.queues)).toContain(LINK_CHECK_JOB);
      expect(body.workers[0]).toMatchObject({ name: expect.any(String), addr: expect.any(String), startedAt: expect.any(String) });
      expectError(await status(t, f.viewerToken), 403);
    });
  });
});
