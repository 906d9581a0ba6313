import { DataSource } from 'typeorm';
import { PollingService } from '../../src/modules/polling/polling.service';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { PollRunItem } from '../../src/modules/polling/poll-run-item.entity';
import { makePosts, PlatformSimulator } from '../simulator/platform-simulator';
import { ledgerAccounts, POLLING_ENV, putSource, waitForRun } from '../simulator/e2e-helpers';
import { flushRedis as flushRedisAt } from './support/processes';
import { DatabaseKind, databasesUnderTest, startApp, TestApp } from './support/app';
import { Fixture, seedFixture } from './support/fixtures';

/**
 * Two runs overlapping on the same accounts (one job per account, jobId = account id): a job
 * answers every run waiting for its account when it starts, through poll_run_items, whichever
 * process runs it; a run asked for while the account's job is already running gets a poll of its
 * own, run after that job and never beside it, so "poll now" never reports data fetched before it
 * was asked for. Both runs reach done with their own counts.
 */
const REDIS_URL = 'redis://127.0.0.1:6379/12';

const flushRedis = () => flushRedisAt(REDIS_URL);

const variants: [DatabaseKind, 'local' | 'bullmq'][] = databasesUnderTest().flatMap((kind) => [
  [kind, 'local'],
  [kind, 'bullmq'],
]);

describe.each(variants)('polling: overlapping runs (%s, %s queue)', (kind, driver) => {
  let t: TestApp | undefined;
  let f: Fixture;
  let sim: PlatformSimulator;
  let skip = false;

  beforeAll(async () => {
    if (driver === 'bullmq') {
      skip = !(await flushRedis());
      if (skip) {
        if (process.env.CI === 'true') throw new Error(`CI=true but Redis does not answer at ${REDIS_URL}`);
        console.warn(`Redis does not answer at ${REDIS_URL}: the BullMQ overlap test does nothing on this machine`);
        return;
      }
    }
    sim = new PlatformSimulator();
    await sim.start();
    t = await startApp(kind, { ...POLLING_ENV, ...(driver === 'bullmq' ? { REDIS_URL, RUN_JOBS: 'true', QUEUE_PREFIX: `overlap-${process.pid}` } : {}) });
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
    await sim?.stop();
    if (driver === 'bullmq' && !skip) await flushRedis();
  });

  it('credits every waiting run for a shared account and finishes both with the right counts', async () => {
    if (skip || !t) return;
    const ids = await ledgerAccounts(t, f.unitA.name, '微博', 6);
    const tag = `${kind}-${driver}`;
    for (const [i, id] of ids.entries()) {
      const url = sim.addFeed(`ov-${tag}-${i}`, { format: 'rss', posts: makePosts(`ov${tag}${i}`, 3) });
      // The last account fails (404): it counts as failed in every run waiting for it.
      await putSource(t, id, { kind: 'feed', url: i === ids.length - 1 ? `${sim.url}/missing/${tag}.rss` : `${url}.rss` });
    }
    const polling = t.app.get(PollingService);
    // Slow answers: the second run asks for accounts whose jobs are still queued (one job answers
    // both runs) or already running (a second poll follows it, finding nothing new).
    sim.setFaults({ latencyMs: 300 });
    sim.resetLog();
    const first = await polling.startRun(ids.slice(0, 4), 'manual', null);
    const second = await polling.startRun(ids.slice(2), 'manual', null);
    const a = await waitForRun(t, first.id);
    const b = await waitForRun(t, second.id);
    sim.clearFaults();
    expect(a).toMatchObject({ status: 'done', total: 4, succeeded: 4, failed: 0 });
    expect(b).toMatchObject({ status: 'done', total: 4, succeeded: 3, failed: 1 });
    // Posts are stored once; each run reports what the polls it waited for inserted: 3 per shared
    // account whose one poll answered both runs, 0 for one polled again for the second run.
    const polls = (i: number) => sim.requests.filter((r) => r.path === `/feeds/ov-${tag}-${i}.rss`).length;
    for (const i of [0, 1, 4]) expect(polls(i)).toBe(1);
    for (const i of [2, 3]) expect([1, 2]).toContain(polls(i));
    expect(a.newPosts).toBe(12);
    expect(b.newPosts).toBe(3 + [2, 3].filter((i) => polls(i) === 1).length * 3);
    const items = await t.app
      .get(DataSource)
      .getRepository(PollRunItem)
      .find({ where: [{ runId: first.id }, { runId: second.id }] });
    expect(items).toHaveLength(8);
    expect(items.filter((i) => i.status === 'waiting')).toHaveLength(0);

    // A run asking again for accounts that were polled finishes too (nothing new).
    const again = await polling.startRun(ids.slice(0, 2), 'manual', null);
    expect(await waitForRun(t, again.id)).toMatchObject({ status: 'done', total: 2, succeeded: 2, failed: 0, newPosts: 0 });
  });

  it('does not answer a run with a poll that was already fetching when the run was asked for', async () => {
    if (skip || !t) return;
    await t.app.get<JobQueue>(JOB_QUEUE).drain(); // nothing of the tests before still running
    const [id] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
    const tag = `fresh-${kind}-${driver}`;
    const url = sim.addFeed(tag, { format: 'rss', posts: makePosts(tag, 2) });
    await putSource(t, id, { kind: 'feed', url: `${url}.rss` });
    const polling = t.app.get(PollingService);
    sim.setFaults({ latencyMs: 600 });
    sim.resetLog();
    try {
      const first = await polling.startRun([id], 'manual', null);
      const deadline = Date.now() + 15_000;
      while (!sim.arrivals.includes(`/feeds/${tag}.rss`)) {
        if (Date.now() > deadline) throw new Error('the first poll never reached the feed');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Asked for while the first poll is on its way: answered by a poll that reaches the feed
      // after it was asked for (finding nothing new), not by the one already under way.
      const second = await polling.startRun([id], 'manual', null);
      const feedArrivals = () => sim.arrivals.filter((p) => p === `/feeds/${tag}.rss`).length;
      expect(feedArrivals()).toBe(1);
      expect(await waitForRun(t, first.id)).toMatchObject({ status: 'done', succeeded: 1, newPosts: 2 });
      expect(await waitForRun(t, second.id)).toMatchObject({ status: 'done', succeeded: 1, newPosts: 0 });
      expect(feedArrivals()).toBe(2);
    } finally {
      sim.clearFaults();
    }
  });

  it('polls again for a run asked for after the running job credited its own run, and finishes it', async () => {
    if (skip || !t) return;
    await t.app.get<JobQueue>(JOB_QUEUE).drain(); // nothing of the tests before still running
    const [id] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
    const tag = `gap-${kind}-${driver}`;
    const posts = makePosts(tag, 2);
    const url = sim.addFeed(tag, { format: 'rss', posts });
    await putSource(t, id, { kind: 'feed', url: `${url}.rss` });
    const polling = t.app.get(PollingService);
    const items = t.app.get(DataSource).getRepository(PollRunItem);
    const feedRequests = () => sim.requests.filter((r) => r.path.startsWith(`/feeds/${tag}`)).length;

    // Hold the first job after its credit: the run-counter flush it awaits before it ends.
    const original = polling.flushRuns.bind(polling);
    let held = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const spy = jest.spyOn(polling, 'flushRuns').mockImplementation(async () => {
      if (!held) {
        held = true;
        await gate;
      }
      return original();
    });
    try {
      const first = await polling.startRun([id], 'manual', null);
      const deadline = Date.now() + 15_000;
      while (!(held && (await items.findOneBy({ runId: first.id, accountId: id }))?.status === 'succeeded')) {
        if (Date.now() > deadline) throw new Error('the first job never reached its credit');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // New posts, then a run for the same account while its job is still running but has credited.
      posts.push(...makePosts(tag, 5).slice(2));
      const second = await polling.startRun([id], 'manual', null);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(feedRequests()).toBe(1); // never polled beside the running job
      release();
      expect(await waitForRun(t, first.id)).toMatchObject({ status: 'done', total: 1, succeeded: 1, newPosts: 2 });
      expect(await waitForRun(t, second.id)).toMatchObject({ status: 'done', total: 1, succeeded: 1, failed: 0, newPosts: 3 });
      expect(feedRequests()).toBe(2);
    } finally {
      release();
      spy.mockRestore();
    }
  });
});
