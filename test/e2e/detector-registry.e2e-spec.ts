/**
 * The detector registry's seam (docs/architecture.md, 检测器注册表): a detector defined here,
 * registered through the registry's public API before the application starts, runs in scans
 * beside the built-ins; its findings, with their evidence, come back through the API; the
 * `kind` filter accepts its kind and alerts carry its label.
 */
import { detectorRegistry } from '../../src/modules/findings/detectors/detector-registry';
import { defineDetector, iso } from '../../src/modules/findings/detectors/types';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, expectError, Fixture, seedFixture, uniqueTag } from './support/fixtures';

const MARKER = '【测试标记】';

/** Test only: posts whose title carries the marker. */
const titleHasMarker = defineDetector({
  kind: 'test_title_has_marker',
  label: '标题含测试标记',
  severity: 'general',
  input: 'posts',
  evaluate: (posts) =>
    posts
      .filter((post) => post.title.includes(MARKER))
      .map((post) => ({
        kind: 'test_title_has_marker',
        subjectType: 'post' as const,
        subjectId: String(post.id),
        accountId: post.accountId,
        unitId: post.unitId,
        message: `发布《${post.title}》的标题含测试标记`,
        evidence: { post: { id: post.id, title: post.title, url: post.url, publishedAt: iso(post.publishedAt) }, marker: MARKER },
        evidenceKey: MARKER,
      })),
});

// Before any application starts (once per file: jest gives every test file its own modules).
detectorRegistry.add(titleHasMarker);

describe.each(databasesUnderTest())('detector registry: a test-only detector through the API (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const admin = () => bearer(t.adminToken);
  const importPosts = async (accountId: number, titles: string[]) => {
    const csv = [
      '标题,链接,发布时间,类型',
      ...titles.map((title, i) => `${title},https://mp.example.gov.cn/s/${accountId}-${uniqueTag()}-${i},2024-03-0${i + 1}T09:00:00+08:00,发布`),
    ].join('\n');
    const res = await t.http.post(`/api/accounts/${accountId}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    if (res.status !== 200) throw new Error(`posts: ${res.status} ${JSON.stringify(res.body)}`);
  };

  it('finds the marked post in a scan and serves the finding with its evidence', async () => {
    const account = await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'other', name: `标记检测${uniqueTag()}` });
    await importPosts(account.id, [`${MARKER}镇政府召开会议`, '普通的一条发布']);

    const scan = await t.http.post('/api/findings/scan?wait=true').set(admin());
    expect(scan.status).toBe(202);
    expect(scan.body).toMatchObject({ status: 'done', opened: expect.any(Number) });

    const res = await t.http.get('/api/findings?kind=test_title_has_marker&pageSize=200').set(admin());
    expect(res.status).toBe(200);
    const mine = (res.body.items as any[]).filter((item) => item.accountId === account.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: 'test_title_has_marker',
      status: 'open',
      subjectType: 'post',
      unitId: f.unitA.id,
      message: expect.stringContaining('镇政府召开会议'),
      evidence: {
        marker: MARKER,
        post: { title: `${MARKER}镇政府召开会议`, url: expect.stringContaining('https://mp.example.gov.cn/s/'), publishedAt: '2024-03-01T01:00:00.000Z' },
      },
    });

    // The built-ins ran in the same scan: posts on an account never approved.
    const builtIn = await t.http.get('/api/findings?kind=opened_before_approval&pageSize=200').set(admin());
    expect((builtIn.body.items as any[]).some((item) => item.accountId === account.id)).toBe(true);

    // Its finding raised an alert under its label, and the operator of the unit sees it.
    const alerts = await t.http.get('/api/alerts?kind=finding&status=open&pageSize=200').set(admin());
    expect((alerts.body.items as any[]).some((a) => a.subjectId === String(mine[0].id) && a.message.startsWith('【标题含测试标记】'))).toBe(true);
    const asOperator = await t.http.get(`/api/findings/${mine[0].id}`).set(bearer(f.operatorAToken));
    expect(asOperator.status).toBe(200);

    // A scan that sees it again changes nothing.
    const again = await t.http.post('/api/findings/scan?wait=true').set(admin());
    expect(again.body.status).toBe('done');
    const after = await t.http.get('/api/findings?kind=test_title_has_marker&status=open&pageSize=200').set(admin());
    expect((after.body.items as any[]).filter((item) => item.accountId === account.id).map((item) => item.id)).toEqual([mine[0].id]);
  });

  it('still refuses a kind nobody registered', async () => {
    expectError(await t.http.get('/api/findings?kind=test_no_such_detector').set(admin()), 400);
  });
});
