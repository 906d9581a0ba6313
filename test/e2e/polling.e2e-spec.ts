import { Logger } from '@nestjs/common';
import { PollScheduler } from '../../src/modules/polling/poll-scheduler';
import { makePosts, PlatformSimulator } from '../simulator/platform-simulator';
import { ledgerAccounts, pollNow, POLLING_ENV, putSource, sourceOf, waitForRun } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { Fixture, seedFixture } from './support/fixtures';

describe.each(databasesUnderTest())('polling (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let sim: PlatformSimulator;
  const logLines: string[] = [];
  const spies: jest.SpyInstance[] = [];

  beforeAll(async () => {
    for (const method of ['log', 'warn', 'error', 'debug', 'verbose'] as const) {
      spies.push(
        jest.spyOn(Logger.prototype, method).mockImplementation(function (this: Logger, ...args: unknown[]) {
          logLines.push(args.map(String).join(' '));
        }),
      );
    }
    sim = new PlatformSimulator();
    await sim.start();
    t = await startApp(kind, POLLING_ENV);
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
    await sim.stop();
    for (const spy of spies) spy.mockRestore();
  });
  beforeEach(() => sim.clearFaults());

  const posts = async (accountId: number) => (await t.http.get(`/api/posts?accountId=${accountId}&pageSize=200`).set(bearer(t.adminToken))).body;

  it('polls RSS, Atom, JSON Feed and RSSHub Weibo feeds; re-polling adds nothing (304)', async () => {
    const [rssId, atomId, jsonId, weiboId, gbkId] = await ledgerAccounts(t, f.unitA.name, '微博', 5);
    const rss = sim.addFeed(`rss-${kind}`, { format: 'rss', posts: makePosts('rss', 12, { repostEvery: 4 }) });
    const atom = sim.addFeed(`atom-${kind}`, { format: 'atom', posts: makePosts('atom', 8, { repostEvery: 4 }) });
    const json = sim.addFeed(`json-${kind}`, { format: 'json', posts: makePosts('json', 6, { repostEvery: 3 }), omitIds: true });
    sim.addFeed(`weibo-u${kind}`, { format: 'rsshub-weibo', posts: makePosts('wb', 10, { repostEvery: 5 }) });
    const gbk = sim.addFeed(`gbk-${kind}`, { format: 'rss', posts: makePosts('国标', 3), encoding: 'gbk' });
    await putSource(t, rssId, { kind: 'feed', url: `${rss}.rss` });
    await putSource(t, atomId, { kind: 'feed', url: `${atom}.atom` });
    await putSource(t, jsonId, { kind: 'feed', url: `${json}.json` });
    await putSource(t, weiboId, { kind: 'feed', url: `${sim.url}/weibo/user/u${kind}?showRetweeted=1` });
    await putSource(t, gbkId, { kind: 'feed', url: gbk });

    const first = await pollNow(t, [rssId, atomId, jsonId, weiboId, gbkId]);
    expect(first).toMatchObject({ status: 'done', total: 5, succeeded: 5, failed: 0, newPosts: 12 + 8 + 6 + 10 + 3 });
    const rssPosts = await posts(rssId);
    expect(rssPosts.total).toBe(12);
    expect(rssPosts.items.filter((p: { isRepost: boolean }) => p.isRepost)).toHaveLength(3);
    expect(rssPosts.items[1]).toMatchObject({ accountId: rssId, platformPostId: 'rss-11', title: 'rss 第11条 & 动态', isRepost: false });
    const repost = rssPosts.items.find((p: { platformPostId: string }) => p.platformPostId === 'rss-4');
    expect(repost).toMatchObject({ isRepost: true, sourceUrl: 'https://www.gov.cn/zhengce/rss-4.htm' });
    expect(new Date(repost.publishedAt).toISOString()).toBe(makePosts('rss', 4)[3].publishedAt.toISOString());
    expect((await posts(atomId)).items.filter((p: { isRepost: boolean }) => p.isRepost)).toHaveLength(2);
    expect((await posts(jsonId)).items.filter((p: { isRepost: boolean }) => p.isRepost)).toHaveLength(2);
    const weibo = (await posts(weiboId)).items.filter((p: { isRepost: boolean }) => p.isRepost);
    expect(weibo).toHaveLength(2);
    expect(weibo[0]).toMatchObject({ sourceUrl: expect.stringContaining('https://www.gov.cn/zhengce/wb-'), sourceName: '中国政府网' });
    expect((await posts(gbkId)).items.map((p: { title: string }) => p.title)).toContain('国标 第1条 & 动态');

    const notModifiedBefore = sim.counts.notModified;
    const again = await pollNow(t, [rssId, atomId, jsonId, weiboId, gbkId]);
    expect(again).toMatchObject({ succeeded: 5, newPosts: 0 });
    expect(sim.counts.notModified - notModifiedBefore).toBe(5);
    const conditional = sim.requests.filter((r) => r.status === 304);
    expect(conditional.every((r) => r.headers['if-none-match'] || r.headers['if-modified-since'])).toBe(true);

    // A new item: only it is added, even though the feed lists everything again.
    sim.feeds.get(`rss-${kind}`)!.posts.push(...makePosts('rss', 13).slice(12));
    expect(await pollNow(t, [rssId])).toMatchObject({ succeeded: 1, newPosts: 1 });
    expect((await posts(rssId)).total).toBe(13);
  });

  it('reads WeChat freepublish with a cached stable_token, stops paging at known posts, refreshes an expired token once', async () => {
    const [id] = await ledgerAccounts(t, f.unitA.name, '微信公众号', 1);
    const appId = `wx${kind}1`;
    sim.addWechatApp(appId, 'S3cret-wechat-VALUE', makePosts(`wx${kind}`, 45, { repostEvery: 9 }));
    await putSource(t, id, { kind: 'wechat_api', appId, appSecret: 'S3cret-wechat-VALUE', baseUrl: sim.url });
    sim.resetLog();
    expect(await pollNow(t, [id])).toMatchObject({ succeeded: 1, newPosts: 45 });
    expect(sim.counts.stableToken).toBe(1);
    expect(sim.counts.batchget).toBe(3);
    expect(sim.requests.find((r) => r.path.includes('batchget'))).toBeDefined();
    const stored = await posts(id);
    expect(stored.items.filter((p: { isRepost: boolean }) => p.isRepost)).toHaveLength(5);

    sim.wechat.get(appId)!.posts.push(...makePosts(`wx${kind}`, 47).slice(45));
    sim.resetLog();
    expect(await pollNow(t, [id])).toMatchObject({ succeeded: 1, newPosts: 2 });
    expect(sim.counts).toMatchObject({ stableToken: 0, batchget: 1 });

    sim.expireTokens();
    sim.resetLog();
    expect(await pollNow(t, [id])).toMatchObject({ succeeded: 1, newPosts: 0 });
    expect(sim.counts).toMatchObject({ stableToken: 1, batchget: 2 });
  });

  it('stops on WeChat configuration errors with an alert, pauses until tomorrow on 45009, retries -1 later', async () => {
    const [id] = await ledgerAccounts(t, f.unitB.name, '微信公众号', 1);
    const appId = `wx${kind}2`;
    sim.addWechatApp(appId, 'right-secret', makePosts(`wy${kind}`, 3));
    await putSource(t, id, { kind: 'wechat_api', appId, appSecret: 'wrong-secret', baseUrl: sim.url });
    expect(await pollNow(t, [id])).toMatchObject({ failed: 1, succeeded: 0 });
    let source = await sourceOf(t, id);
    expect(source).toMatchObject({ lastErrorKind: 'config', consecutiveFailures: 1, appSecretSet: true });
    expect(source.lastError).toContain('40125');
    expect(new Date(source.nextPollAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const alerts = await t.http.get('/api/alerts?kind=source_config&status=open').set(bearer(t.adminToken));
    expect(alerts.body.items.some((a: { subjectId: string }) => a.subjectId === String(id))).toBe(true);

    for (const errcode of [40164, 48001]) {
      sim.setFaults({ wechatErrcode: errcode });
      await pollNow(t, [id]);
      expect((await sourceOf(t, id)).lastError).toContain(String(errcode));
    }
    sim.clearFaults();
    // Fixing the secret resolves the configuration alert.
    await putSource(t, id, { kind: 'wechat_api', appId, appSecret: 'right-secret', baseUrl: sim.url });
    expect(
      (await t.http.get('/api/alerts?kind=source_config&status=open').set(bearer(t.adminToken))).body.items.some((a: { subjectId: string }) => a.subjectId === String(id)),
    ).toBe(false);

    sim.setFaults({ quotaExhausted: true });
    expect(await pollNow(t, [id])).toMatchObject({ failed: 1 });
    source = await sourceOf(t, id);
    expect(source.lastErrorKind).toBe('quota');
    const tomorrow = new Date(source.pausedUntil);
    expect(tomorrow.getTime()).toBeGreaterThan(Date.now());
    expect(tomorrow.getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
    expect(new Date(tomorrow.getTime() + 8 * 3_600_000).toISOString()).toMatch(/T00:00:00\.000Z$/); // midnight in Asia/Shanghai
    sim.resetLog();
    expect(await pollNow(t, [id])).toMatchObject({ failed: 1 });
    expect(sim.counts.total).toBe(0);

    await putSource(t, id, { kind: 'wechat_api', appId, baseUrl: sim.url });
    sim.setFaults({ wechatErrcode: -1 });
    await pollNow(t, [id]);
    expect(await sourceOf(t, id)).toMatchObject({ lastErrorKind: 'transient', appSecretSet: true });
    sim.clearFaults();
    expect(await pollNow(t, [id])).toMatchObject({ succeeded: 1, newPosts: 3 });
  });

  it('reads the Weibo timeline with since_id, marks retweets, waits for the next hour on 10023', async () => {
    const [id] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
    const uid = kind === 'sqlite' ? '1001' : '1002';
    sim.addWeiboUser(uid, 'weibo-TOKEN-xyz', makePosts(`wb${kind}`, 130, { repostEvery: 10, numericIds: true }), '某县发布');
    await putSource(t, id, { kind: 'weibo_api', uid, accessToken: 'weibo-TOKEN-xyz', baseUrl: sim.url });
    sim.resetLog();
    expect(await pollNow(t, [id])).toMatchObject({ succeeded: 1, newPosts: 130 });
    expect(sim.counts.timeline).toBe(2);
    const reposts = (await t.http.get(`/api/posts?accountId=${id}&isRepost=true&pageSize=200`).set(bearer(t.adminToken))).body;
    expect(reposts.total).toBe(13);
    expect(reposts.items[0].sourceUrl).toMatch(/^https:\/\/weibo\.com\/2803301701\//);
    expect((await sourceOf(t, id)).lastSuccessAt).not.toBeNull();

    sim.resetLog();
    expect(await pollNow(t, [id])).toMatchObject({ succeeded: 1, newPosts: 0 });
    expect(sim.requests[0].path).toContain(`since_id=${4_900_000_000_000_130}`);

    sim.setFaults({ weiboErrorCode: 10023 });
    await pollNow(t, [id]);
    const source = await sourceOf(t, id);
    expect(source).toMatchObject({ lastErrorKind: 'rate_limited', consecutiveFailures: 0 });
    expect(new Date(source.nextPollAt).getTime() % 3_600_000).toBe(0);
    expect(new Date(source.nextPollAt).getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
  });

  it('records 5xx, 429 with Retry-After, malformed bodies and timeouts as failures; alerts after 3 in a row, resolves on success', async () => {
    const [id] = await ledgerAccounts(t, f.unitA.name, '今日头条', 1);
    const url = sim.addFeed(`faulty-${kind}`, { format: 'rss', posts: makePosts('faulty', 4) });
    await putSource(t, id, { kind: 'feed', url });

    sim.setFaults({ rateLimited: 1, retryAfterSeconds: 600 });
    expect(await pollNow(t, [id])).toMatchObject({ failed: 1 });
    let source = await sourceOf(t, id);
    expect(source.lastErrorKind).toBe('rate_limited');
    expect(Math.abs(new Date(source.nextPollAt).getTime() - (Date.now() + 600_000))).toBeLessThan(10_000);

    sim.setFaults({ serverErrors: 1 });
    await pollNow(t, [id]);
    source = await sourceOf(t, id);
    expect(source).toMatchObject({ lastErrorKind: 'transient', consecutiveFailures: 1 });
    const firstBackoff = new Date(source.nextPollAt).getTime() - Date.now();
    expect(firstBackoff).toBeGreaterThan(40_000);

    sim.setFaults({ malformed: 1 });
    await pollNow(t, [id]);
    source = await sourceOf(t, id);
    expect(source).toMatchObject({ lastErrorKind: 'transient', consecutiveFailures: 2 });
    expect(source.lastError).toMatch(/XML/);
    expect(new Date(source.nextPollAt).getTime() - Date.now()).toBeGreaterThan(firstBackoff * 1.4);
    let open = await t.http.get('/api/alerts?kind=poll_failing&status=open').set(bearer(t.adminToken));
    expect(open.body.items.some((a: { subjectId: string }) => a.subjectId === String(id))).toBe(false);

    sim.setFaults({ latencyMs: 1500 });
    await pollNow(t, [id]);
    source = await sourceOf(t, id);
    expect(source).toMatchObject({ consecutiveFailures: 3 });
    expect(source.lastError).toMatch(/超时/);
    open = await t.http.get('/api/alerts?kind=poll_failing&status=open').set(bearer(t.adminToken));
    expect(open.body.items.filter((a: { subjectId: string }) => a.subjectId === String(id))).toHaveLength(1);

    sim.clearFaults();
    await new Promise((r) => setTimeout(r, 800));
    expect(await pollNow(t, [id])).toMatchObject({ succeeded: 1, newPosts: 4 });
    expect(await sourceOf(t, id)).toMatchObject({ consecutiveFailures: 0, lastError: null });
    open = await t.http.get('/api/alerts?kind=poll_failing&status=open').set(bearer(t.adminToken));
    expect(open.body.items.some((a: { subjectId: string }) => a.subjectId === String(id))).toBe(false);
  });

  it('validates poll requests and scopes them', async () => {
    const [mine] = await ledgerAccounts(t, f.unitA.name, '抖音', 1);
    const [noSource] = await ledgerAccounts(t, f.unitA.name, '抖音', 1);
    await putSource(t, mine, { kind: 'feed', url: sim.addFeed(`scope-${kind}`, { format: 'json', posts: makePosts('scope', 2) }) });
    expect(
      (
        await t.http
          .post('/api/polls')
          .set(bearer(t.adminToken))
          .send({ accountIds: ['x'] })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .post('/api/polls')
          .set(bearer(t.adminToken))
          .send({ accountIds: [99999999] })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.http
          .post('/api/polls')
          .set(bearer(t.adminToken))
          .send({ accountIds: [noSource] })
      ).status,
    ).toBe(409);
    expect(
      (
        await t.http
          .post('/api/polls')
          .set(bearer(f.operatorBToken))
          .send({ accountIds: [mine] })
      ).status,
    ).toBe(403);
    expect((await t.http.post('/api/polls').set(bearer(f.viewerToken)).send({})).status).toBe(403);
    expect((await t.http.get('/api/polls/abc').set(bearer(t.adminToken))).status).toBe(400);
    expect((await t.http.get('/api/polls/99999999').set(bearer(t.adminToken))).status).toBe(404);
    expect(await pollNow(t, [mine], f.operatorAToken)).toMatchObject({ succeeded: 1, newPosts: 2 });
    // Without accountIds: every polled account of the operator's unit only.
    const all = await t.http.post('/api/polls').set(bearer(f.operatorBToken)).send({});
    expect(all.status).toBe(202);
    const runB = await t.http.get(`/api/polls/${all.body.id}`).set(bearer(f.operatorBToken));
    expect(runB.body.total).toBe(1); // the WeChat account of unit B
  });

  it('schedules due accounts (deregistered ones daily) when the scheduler ticks', async () => {
    const [opened] = await ledgerAccounts(t, f.unitA.name, '快手', 1);
    const [gone] = await ledgerAccounts(t, f.unitA.name, '快手', 1, '已注销');
    await putSource(t, opened, { kind: 'feed', url: sim.addFeed(`sch1-${kind}`, { format: 'rss', posts: makePosts('sch1', 2) }) });
    await putSource(t, gone, { kind: 'feed', url: sim.addFeed(`sch2-${kind}`, { format: 'rss', posts: makePosts('sch2', 3) }) });
    const scheduler = t.app.get(PollScheduler);
    const runId = await scheduler.tick(new Date(Date.now() + 1000));
    expect(runId).not.toBeNull();
    const run = await waitForRun(t, runId!);
    expect(run.total).toBeGreaterThanOrEqual(2);
    const a = await sourceOf(t, opened);
    const b = await sourceOf(t, gone);
    expect(a.lastSuccessAt).not.toBeNull();
    expect(b.lastSuccessAt).not.toBeNull();
    const hours = (s: Record<string, string>) => (new Date(s.nextPollAt).getTime() - new Date(s.lastPolledAt).getTime()) / 3_600_000;
    expect(hours(a)).toBeGreaterThan(1.7);
    expect(hours(a)).toBeLessThan(2.3);
    expect(hours(b)).toBeGreaterThan(21);
    expect(await scheduler.tick(new Date(Date.now() + 1000))).toBeNull();
  });

  it('never returns or logs a secret', async () => {
    const [id] = await ledgerAccounts(t, f.unitA.name, '微信公众号', 1);
    const secret = 'TOP-SECRET-app-secret-42';
    sim.addWechatApp(`wxsecret${kind}`, secret, makePosts('sec', 1));
    const put = await t.http
      .put(`/api/accounts/${id}/source`)
      .set(bearer(t.adminToken))
      .send({ kind: 'wechat_api', appId: `wxsecret${kind}`, appSecret: secret, baseUrl: sim.url });
    expect(put.status).toBe(200);
    await pollNow(t, [id]);
    sim.setFaults({ wechatErrcode: 40164 });
    await pollNow(t, [id]);
    sim.clearFaults();
    const bodies = [
      put.body,
      (await t.http.get(`/api/accounts/${id}/source`).set(bearer(t.adminToken))).body,
      (await t.http.get(`/api/accounts/${id}/history`).set(bearer(t.adminToken))).body,
      (await t.http.get('/api/alerts?pageSize=200').set(bearer(t.adminToken))).body,
      (await t.http.get(`/api/posts?accountId=${id}`).set(bearer(t.adminToken))).body,
    ];
    const tokens = [...sim.wechat.get(`wxsecret${kind}`)!.tokens];
    for (const text of [...bodies.map((b) => JSON.stringify(b)), ...logLines]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('weibo-TOKEN-xyz');
      expect(text).not.toContain('S3cret-wechat-VALUE');
      for (const token of tokens) expect(text).not.toContain(token);
    }
    expect(bodies[1]).toMatchObject({ appSecretSet: true });
    expect(bodies[1]).not.toHaveProperty('appSecret');
    expect(logLines.some((l) => l.includes('40164'))).toBe(true);
  });

  it('reaches no private address unless SOURCE_ALLOW_PRIVATE=true', async () => {
    const guarded = await startApp(kind, { ...POLLING_ENV, SOURCE_ALLOW_PRIVATE: 'false' });
    try {
      const fx = await seedFixture(guarded);
      const [id] = await ledgerAccounts(guarded, fx.unitA.name, '微博', 1);
      await putSource(guarded, id, { kind: 'feed', url: sim.addFeed(`private-${kind}`, { format: 'rss', posts: makePosts('p', 2) }) });
      sim.resetLog();
      expect(await pollNow(guarded, [id])).toMatchObject({ failed: 1, succeeded: 0 });
      expect(sim.counts.total).toBe(0);
      const source = (await guarded.http.get(`/api/accounts/${id}/source`).set(bearer(guarded.adminToken))).body;
      expect(source).toMatchObject({ lastErrorKind: 'config' });
      expect(source.lastError).toMatch(/内网|保留地址/);
    } finally {
      await guarded.close();
    }
  });
});
