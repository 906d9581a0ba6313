import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { startGaugedHosts, GaugedHosts } from '../fixtures/link-server/gauged-hosts';
import { LINK_CHECK_BATCH_JOB, LINK_CHECK_JOB, LinkCheckBatchJob } from '../../src/modules/link-health/link-health.service';
import { Alert } from '../../src/modules/alerts/alert.entity';
import { LinkCheckItem, LinkCheckRun } from '../../src/modules/link-health/link-check.entity';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, Fixture, seedFixture } from './support/fixtures';

/**
 * Link checks as queue jobs ([scale]), the same job-level tests for both drivers: in-process,
 * and BullMQ on Redis (db 13, a prefix of its own; the API runs the jobs itself). A sweep is one
 * job per host batch; a batch run again (a retry after its worker died) checks only what was not
 * credited, never counts a column twice and never opens a second alert. Several real worker
 * processes sharing a sweep are in cluster-links.e2e-spec.ts.
 */
const REDIS_URL = 'redis://127.0.0.1:6379/13';
const HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
const PER_HOST = 2;
const BATCH = 4;

type Driver = 'in-process' | 'bullmq';

async function redisUp(): Promise<boolean> {
  // Only answers; this suite's keys have their own prefix (db 13 is shared with unit specs).
  const client = new IORedis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function deleteKeys(prefix: string): Promise<void> {
  const client = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  await client.connect();
  const keys = await client.keys(`${prefix}:*`);
  for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
  client.disconnect();
}

const cases: [string, Driver][] = databasesUnderTest().flatMap(
  (kind) =>
    [
      [kind, 'in-process'],
      [kind, 'bullmq'],
    ] as [string, Driver][],
);

describe.each(cases)('link checks as batch jobs (%s, %s driver)', (kind, driver) => {
  let t: TestApp | undefined;
  let f: Fixture;
  let site: GaugedHosts;
  let accountId: number;
  const prefix = `batches-${process.pid}-${kind}`;

  beforeAll(async () => {
    if (driver === 'bullmq' && !(await redisUp())) {
      if (process.env.CI === 'true') throw new Error(`CI=true but Redis at ${REDIS_URL} does not answer: the BullMQ variant cannot run`);
      console.warn(`link batch jobs, BullMQ variant, does nothing here: Redis at ${REDIS_URL} does not answer`);
      return;
    }
    site = await startGaugedHosts(HOSTS, { latencyMs: [5, 15] });
    t = await startApp(kind as 'sqlite' | 'mysql', {
      LINK_CHECK_ALLOW_PRIVATE: 'true',
      LINK_CHECK_MIN_GAP_MS: '0',
      LINK_CHECK_PER_HOST: String(PER_HOST),
      LINK_CHECK_BATCH_SIZE: String(BATCH),
      LINK_CHECK_CONFIRM_DELAY_MS: '0',
      LINK_CHECK_TIMEOUT_MS: '2000',
      ...(driver === 'bullmq' ? { REDIS_URL, RUN_JOBS: 'true', QUEUE_PREFIX: prefix, QUEUE_LOCK_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '1000' } : {}),
    });
    f = await seedFixture(t);
    accountId = (await createAccount(t, f.adminToken, { unitId: f.unitA.id, platform: 'wechat', name: `批量检测${driver}` })).id;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await site?.close();
    if (t && driver === 'bullmq') await deleteKeys(prefix);
  });

  const app = () => t as TestApp;
  const db = () => app().app.get(DataSource);
  const queue = () => app().app.get<JobQueue>(JOB_QUEUE);
  const addColumns = async (urls: string[]) => {
    const ids: number[] = [];
    for (const [i, url] of urls.entries()) {
      const res = await app()
        .http.post(`/api/accounts/${accountId}/columns`)
        .set(bearer(f.adminToken))
        .send({ name: `栏目${i}`, url });
      if (res.status !== 201) throw new Error(`column: ${res.status} ${JSON.stringify(res.body)}`);
      ids.push(res.body.id);
    }
    return ids;
  };
  const runAndWait = async (columnIds: number[]) => {
    const started = await app().http.post('/api/link-checks').set(bearer(f.adminToken)).send({ columnIds });
    expect(started.status).toBe(202);
    await queue().drain();
    const run = await app().http.get(`/api/link-checks/${started.body.id}`).set(bearer(f.adminToken));
    return run.body;
  };
  const items = (runId: number) =>
    db()
      .getRepository(LinkCheckItem)
      .find({ where: { runId }, order: { batch: 'ASC', columnId: 'ASC' } });
  const checksOf = async (runId: number) => {
    const rows: { column_id: number | string; n: number | string }[] = await db().query(
      kind === 'mysql'
        ? 'SELECT column_id, COUNT(*) AS n FROM link_checks WHERE run_id = ? GROUP BY column_id'
        : 'SELECT column_id, COUNT(*) AS n FROM "link_checks" WHERE run_id = ? GROUP BY column_id',
      [runId],
    );
    return new Map(rows.map((r) => [Number(r.column_id), Number(r.n)]));
  };
  const openAlerts = async (columnIds: number[]) => {
    const res = await app().http.get('/api/alerts?kind=link_broken&status=open&pageSize=200').set(bearer(f.adminToken));
    return res.body.items.filter((a: { subjectId: string }) => columnIds.includes(Number(a.subjectId)));
  };

  it('splits a sweep into per-host batch jobs and checks every column once, within the host limit', async () => {
    if (!t) return;
    // 10 columns on host 1 (three batches), 3 on host 2 and 2 on host 3 (one batch each: 3 + 2 > 4).
    const urls = [
      ...Array.from({ length: 10 }, (_, i) => `${site.origin(HOSTS[0])}/ok?a=${i}`),
      ...Array.from({ length: 3 }, (_, i) => `${site.origin(HOSTS[1])}/news/article?b=${i}`),
      ...Array.from({ length: 2 }, (_, i) => `${site.origin(HOSTS[2])}/not-found?c=${i}`),
    ];
    const ids = await addColumns(urls);
    site.reset();
    const run = await runAndWait(ids);
    expect(run).toMatchObject({ status: 'done', total: 15, done: 15, ok: 13, broken: 2, unverifiable: 0 });
    const rows = await items(run.id);
    const batches = new Map<number, Set<string>>();
    for (const row of rows) {
      const host = new URL(urls[ids.indexOf(row.columnId)]).hostname;
      batches.set(row.batch, (batches.get(row.batch) ?? new Set()).add(host));
    }
    expect(batches.size).toBe(5);
    expect([...batches.values()].every((hosts) => hosts.size === 1)).toBe(true);
    expect(rows.every((r) => ['ok', 'broken'].includes(r.status))).toBe(true);
    // Every column has one result of the run, two for the broken ones (the confirming re-check).
    const checks = await checksOf(run.id);
    expect(ids.map((id) => checks.get(id))).toEqual([...Array(13).fill(1), 2, 2]);
    for (const host of HOSTS) expect(site.gauge(host).peakInFlight).toBeLessThanOrEqual(PER_HOST);
    expect(site.gauge(HOSTS[0]).peakInFlight).toBe(PER_HOST);
    expect(await openAlerts(ids)).toHaveLength(2);
    // The planning job and the batch jobs went through the queue and left nothing behind.
    const stats = await queue().stats();
    expect(stats[LINK_CHECK_JOB]).toMatchObject({ waiting: 0, active: 0, failed: 0 });
    expect(stats[LINK_CHECK_BATCH_JOB]).toMatchObject({ waiting: 0, active: 0, failed: 0 });
  });

  it('a batch run again (its worker died after applying results it had not credited) checks only those, counts each once and opens no second alert', async () => {
    if (!t) return;
    const ids = await addColumns([...Array.from({ length: 3 }, (_, i) => `${site.origin(HOSTS[1])}/ok?r=${i}`), `${site.origin(HOSTS[1])}/gone?r=1`]);
    const run = await runAndWait(ids);
    expect(run).toMatchObject({ status: 'done', total: 4, done: 4, ok: 3, broken: 1 });
    expect(await openAlerts(ids)).toHaveLength(1);
    const before = await checksOf(run.id);
    const [first] = await items(run.id);
    const batch = first.batch;
    // The state a killed worker leaves: two columns applied (and the alert raised) but not credited.
    const lost = [ids[0], ids[3]];
    await db().getRepository(LinkCheckItem).update({ runId: run.id, columnId: lost[0] }, { status: 'waiting' });
    await db().getRepository(LinkCheckItem).update({ runId: run.id, columnId: lost[1] }, { status: 'waiting' });
    await db().query(
      kind === 'mysql'
        ? "UPDATE link_check_runs SET status = 'running', finished_at = NULL WHERE id = ?"
        : `UPDATE "link_check_runs" SET "status" = 'running', "finished_at" = NULL WHERE "id" = ?`,
      [run.id],
    );
    site.reset();
    await queue().enqueue<LinkCheckBatchJob>(LINK_CHECK_BATCH_JOB, { runId: run.id, batch }, { jobId: `${run.id}:${batch}` });
    await queue().drain();
    const again = (await app().http.get(`/api/link-checks/${run.id}`).set(bearer(f.adminToken))).body;
    expect(again).toMatchObject({ status: 'done', total: 4, done: 4, ok: 3, broken: 1 });
    const after = await checksOf(run.id);
    expect(ids.map((id) => (after.get(id) ?? 0) - (before.get(id) ?? 0))).toEqual([1, 0, 0, 1]);
    expect(site.gauge(HOSTS[1]).requests).toBeGreaterThanOrEqual(2);
    expect(await openAlerts(ids)).toHaveLength(1);

    // The same batch once more, now that everything is credited: nothing is checked or counted.
    site.reset();
    await queue().enqueue<LinkCheckBatchJob>(LINK_CHECK_BATCH_JOB, { runId: run.id, batch }, { jobId: `${run.id}:${batch}` });
    await queue().drain();
    expect(site.gauge(HOSTS[1]).requests).toBe(0);
    expect((await app().http.get(`/api/link-checks/${run.id}`).set(bearer(f.adminToken))).body).toMatchObject({ status: 'done', done: 4, ok: 3, broken: 1 });
    expect(await checksOf(run.id)).toEqual(after);
  });

  it('a retried batch whose alert was never raised (killed between applying and alerting) raises it, once', async () => {
    if (!t) return;
    const ids = await addColumns([`${site.origin(HOSTS[2])}/not-found?k=1`]);
    const run = await runAndWait(ids);
    expect(run).toMatchObject({ status: 'done', broken: 1 });
    const [open] = await openAlerts(ids);
    // As if the alert had never been raised: the column says broken (applied by this run), no open alert.
    await db().getRepository(Alert).update(open.id, { status: 'resolved', openKey: null, resolvedAt: new Date() });
    expect(await openAlerts(ids)).toHaveLength(0);
    const [item] = await items(run.id);
    await db().getRepository(LinkCheckItem).update({ runId: run.id, columnId: ids[0] }, { status: 'waiting' });
    await db().query(kind === 'mysql' ? "UPDATE link_check_runs SET status = 'running' WHERE id = ?" : `UPDATE "link_check_runs" SET "status" = 'running' WHERE "id" = ?`, [
      run.id,
    ]);
    for (let i = 0; i < 2; i++) {
      await queue().enqueue<LinkCheckBatchJob>(LINK_CHECK_BATCH_JOB, { runId: run.id, batch: item.batch }, { jobId: `${run.id}:${item.batch}` });
      await queue().drain();
      expect(await openAlerts(ids)).toHaveLength(1);
    }
    expect((await app().http.get(`/api/link-checks/${run.id}`).set(bearer(f.adminToken))).body).toMatchObject({ status: 'done', total: 1, done: 1, broken: 1 });
  });

  it('a run whose columns were all deleted before their batch ran ends done, with nothing counted', async () => {
    if (!t) return;
    const ids = await addColumns([`${site.origin(HOSTS[1])}/ok?gone=1`, `${site.origin(HOSTS[1])}/ok?gone=2`]);
    const run = await runAndWait(ids);
    const [{ batch }] = await items(run.id);
    // As if planned and not yet checked when the columns were deleted.
    await db().getRepository(LinkCheckRun).update({ id: run.id }, { status: 'running', done: 0, ok: 0, finishedAt: null });
    await db().getRepository(LinkCheckItem).update({ runId: run.id }, { status: 'waiting' });
    for (const id of ids) expect((await app().http.delete(`/api/columns/${id}`).set(bearer(f.adminToken))).status).toBe(204);
    await queue().enqueue<LinkCheckBatchJob>(LINK_CHECK_BATCH_JOB, { runId: run.id, batch }, { jobId: `${run.id}:${batch}:again` });
    await queue().drain();
    expect((await app().http.get(`/api/link-checks/${run.id}`).set(bearer(f.adminToken))).body).toMatchObject({
      status: 'done',
      total: 0,
      done: 0,
      finishedAt: expect.any(String),
    });
  });

  it('the planning job run twice plans once; a run over no columns is done at once', async () => {
    if (!t) return;
    const ids = await addColumns([`${site.origin(HOSTS[0])}/ok?p=1`, `${site.origin(HOSTS[0])}/ok?p=2`]);
    const run = await runAndWait(ids);
    expect(run).toMatchObject({ status: 'done', total: 2, done: 2 });
    const planned = await items(run.id);
    await queue().enqueue(LINK_CHECK_JOB, { runId: run.id }, { jobId: String(run.id) });
    await queue().drain();
    expect(await items(run.id)).toEqual(planned);
    const empty = await app().http.post('/api/link-checks').set(bearer(f.operatorBToken)).send({});
    expect(empty.status).toBe(202);
    await queue().drain();
    expect((await app().http.get(`/api/link-checks/${empty.body.id}`).set(bearer(f.operatorBToken))).body).toMatchObject({
      status: 'done',
      total: 0,
      done: 0,
      finishedAt: expect.any(String),
    });
  });
});
