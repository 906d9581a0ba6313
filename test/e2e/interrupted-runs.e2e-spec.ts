import { DataSource } from 'typeorm';
import { LinkCheckRun } from '../../src/modules/link-health/link-check.entity';
import { LinkHealthService } from '../../src/modules/link-health/link-health.service';
import { PollRun } from '../../src/modules/polling/poll-run.entity';
import { PollingService } from '../../src/modules/polling/polling.service';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { seedFixture } from './support/fixtures';

describe.each(databasesUnderTest())('runs interrupted by a stopped process (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(kind);
  });
  afterAll(() => t.close());

  it('are marked failed at the next start instead of running forever', async () => {
    const db = t.app.get(DataSource);
    const now = new Date();
    const linkRun = await db.getRepository(LinkCheckRun).save(
      db.getRepository(LinkCheckRun).create({
        status: 'running',
        trigger: 'schedule',
        unitId: null,
        columnIds: null,
        requestedBy: null,
        total: 10,
        done: 4,
        ok: 4,
        broken: 0,
        unverifiable: 0,
        error: null,
        createdAt: now,
        startedAt: now,
        finishedAt: null,
      }),
    );
    const pollRun = await db
      .getRepository(PollRun)
      .save(
        db
          .getRepository(PollRun)
          .create({ status: 'running', trigger: 'schedule', total: 5, succeeded: 2, failed: 0, newPosts: 3, requestedById: null, startedAt: now, finishedAt: null }),
      );

    await t.app.get(LinkHealthService).onApplicationBootstrap();
    await t.app.get(PollingService).onApplicationBootstrap();

    const link = await t.http.get(`/api/link-checks/${linkRun.id}`).set(bearer(t.adminToken));
    expect(link.body).toMatchObject({ status: 'failed', done: 4, total: 10 });
    expect(link.body.finishedAt).toEqual(expect.any(String));
    const poll = await t.http.get(`/api/polls/${pollRun.id}`).set(bearer(t.adminToken));
    expect(poll.body).toMatchObject({ status: 'failed', succeeded: 2, total: 5 });

    // A scheduled run spans every unit: an operator may not read it; a viewer may.
    const f = await seedFixture(t);
    expect((await t.http.get(`/api/polls/${pollRun.id}`).set(bearer(f.operatorAToken))).status).toBe(403);
    expect((await t.http.get(`/api/polls/${pollRun.id}`).set(bearer(f.viewerToken))).status).toBe(200);
  });
});
