/**
 * [report] Demo data: `npm run seed:demo` reproduces the bulletin's new-media figures for
 * 2023Q3 (shared/reference/000_bcca70c282b37603.txt), read back through the HTTP API.
 */
import { BROKEN_LINK_UNITS, DEMO_TOTALS, GOOD_UNITS, REPOST_NONCOMPLIANT_UNITS } from '../../src/modules/demo/demo-data';
import { DEMO_ENV, DemoRefusedError, DemoSummary, seedDemo } from '../../src/modules/demo/seed-demo';
import JSZip from 'jszip';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';

const sorted = (names: string[]) => [...names].sort();

describe.each(databasesUnderTest())('demo data (%s)', (kind) => {
  let t: TestApp;
  let summary: DemoSummary;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    t = await startApp(kind, DEMO_ENV);
    summary = await seedDemo(t.app, { progress: (done, total) => progress.push([done, total]) });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const get = async (path: string, token = t.adminToken) => {
    const res = await t.http.get(path).set(bearer(token));
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    return res.body;
  };

  it('reports progress up to the end', () => {
    expect(progress.length).toBeGreaterThan(10);
    const [done, total] = progress[progress.length - 1];
    expect(done).toBe(total);
  });

  it('has the 34 units of the bulletin, ordered by code: towns, departments, 高新区管委会', async () => {
    const units = await get('/api/units?pageSize=200');
    expect(units.total).toBe(34);
    const kinds = units.items.map((u: { kind: string }) => u.kind);
    expect(kinds.slice(0, 12).every((k: string) => k === 'town')).toBe(true);
    expect(kinds.slice(12, 33).every((k: string) => k === 'department')).toBe(true);
    expect(units.items[33]).toMatchObject({ name: '高新区管委会', kind: 'committee' });
  });

  it('shows accounts in every lifecycle state, approved by someone other than the applicant', async () => {
    for (const state of ['applied', 'approved', 'rejected', 'opened', 'deregistration_requested', 'deregistered']) {
      const page = await get(`/api/accounts?state=${state}&pageSize=1`);
      expect({ state, total: page.total > 0 }).toEqual({ state, total: true });
    }
    const opened = await get('/api/accounts?state=opened&pageSize=5');
    for (const account of opened.items) {
      const history = await get(`/api/accounts/${account.id}/history`);
      const created = history.find((h: { action: string }) => h.action === 'create');
      const approved = history.find((h: { action: string }) => h.action === 'approve');
      expect(approved.actor.id).not.toBe(created.actor.id);
      expect(account.platformAccountId).toBeTruthy();
      expect(account.homepageUrl).toMatch(/^https:\/\//);
    }
  });

  it('reproduces 991 posts and 1,434 reposts in 2023Q3', async () => {
    const stats = await get('/api/stats/posts?quarter=2023Q3');
    expect(stats.totals).toEqual({ posts: DEMO_TOTALS.posts, reposts: DEMO_TOTALS.reposts });
    expect(stats.items).toHaveLength(34);
    expect(summary.reproduced).toMatchObject({ posts: 991, reposts: 1434 });
    // Brought in through the posts import.
    const posts = await get('/api/posts?pageSize=1');
    expect(posts.total).toBe(DEMO_TOTALS.posts + DEMO_TOTALS.reposts);
    expect(posts.items[0].origin).toBe('manual');
  });

  it('names exactly the 12 units that missed the 国办公开办 repost tasks, with evidence for the others', async () => {
    const report = await get('/api/reports/repost-compliance?quarter=2023Q3');
    expect(sorted(report.nonCompliantUnits)).toEqual(sorted(REPOST_NONCOMPLIANT_UNITS));
    expect(report.tasks.length).toBeGreaterThanOrEqual(3);
    const compliance = await get(`/api/repost-tasks/${report.tasks[0].id}/compliance`);
    const done = compliance.items.find((i: { unitName: string }) => i.unitName === '糜杆桥镇');
    expect(done.status).toBe('done');
    for (const account of done.accounts) expect(account.evidence).toMatchObject({ matchedBy: expect.stringMatching(/^(url|source|title|manual)$/), postId: expect.any(Number) });
    const evidenceKinds = new Set<string>();
    for (const task of report.tasks) {
      const c = await get(`/api/repost-tasks/${task.id}/compliance`);
      for (const item of c.items) for (const a of item.accounts) if (a.evidence) evidenceKinds.add(a.evidence.matchedBy);
    }
    expect(sorted([...evidenceKinds])).toEqual(['manual', 'source', 'title']);
  });

  it('finds the broken column links of 范家寨镇 and 长青镇 only, with the real link checker', async () => {
    const broken = await get('/api/columns?health=broken&pageSize=200');
    expect(sorted([...new Set<string>(broken.items.map((c: { unitName: string }) => c.unitName))])).toEqual(sorted(BROKEN_LINK_UNITS));
    const ok = await get('/api/columns?health=ok&pageSize=1');
    expect(ok.total + broken.total).toBe(summary.columns);
    expect(summary.linkRun).toMatchObject({ status: 'done', total: summary.columns, broken: broken.total });
    const checks = await get(`/api/columns/${broken.items[0].id}/checks`);
    expect(checks.items.length).toBeGreaterThan(0);
  });

  it('the 2023Q3 quarterly report: every unit over-fulfilled, the repost units and the totals', async () => {
    const report = await get('/api/reports/quarterly?quarter=2023Q3');
    expect(report.totals).toMatchObject({ posts: 991, reposts: 1434 });
    // 所有单位…超额完成发布任务 (the reference): no unit is short of its target.
    expect(report.goodUnits).toHaveLength(report.units.length);
    expect(report.unmetUnits).toEqual([]);
    expect(GOOD_UNITS.every((name) => report.goodUnits.includes(name))).toBe(true);
    // The re-certification cycle started when the system was installed, long after 2023Q3.
    expect(report.recertifyOverdueAccounts).toEqual([]);
    // The demo's planted 错敏词 post (陈村镇, in the quarter) counts although it was found years later.
    expect(report.findings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'error_word', units: ['陈村镇'] })]));
    expect(sorted(report.repostNonCompliantUnits)).toEqual(sorted(REPOST_NONCOMPLIANT_UNITS));
    expect(summary.reproduced.goodUnits).toEqual(report.goodUnits);
    // The seed records its link checks as of the inspection day in 2023Q3.
    expect(sorted(report.brokenLinkUnits)).toEqual(sorted(BROKEN_LINK_UNITS));
  });

  it('the 2023Q3 bulletin names the reference bulletin’s problems plus the planted violations, nothing else', async () => {
    const res = await t.http
      .get('/api/reports/quarterly?quarter=2023Q3&format=docx')
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const xml = await (await JSZip.loadAsync(res.body)).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    const problems = text.slice(text.indexOf('二、存在问题'), text.indexOf('三、工作要求'));
    expect(problems).toContain('转发任务落实不到位');
    for (const name of REPOST_NONCOMPLIANT_UNITS) expect(problems).toContain(name);
    expect(problems).toContain('范家寨镇、长青镇栏目链接无法正常访问');
    // The planted violations: a 错敏词 post of 陈村镇 and 文旅局's account that posted before its approval.
    expect(problems).toContain('错敏词问题1条（涉及陈村镇）');
    expect(problems).toContain('先开设后申请问题1条（涉及文旅局）');
    expect(problems).not.toContain('信息发布数量不足');
    expect(problems).not.toContain('备案信息核查不及时');
    expect(text).toContain('纳入统计的34个单位全部完成发布任务');
    expect(text).not.toMatch(/第\d季度/);
  });

  it('the current quarterly report names 范家寨镇 and 长青镇 for broken column links', async () => {
    // A past quarter's report reads broken links from checks made by the end of that quarter,
    // the current one from the columns' health (api.md, Quarterly report).
    const report = await get('/api/reports/quarterly');
    expect(sorted(report.brokenLinkUnits)).toEqual(sorted(BROKEN_LINK_UNITS));
  });

  it('logs in with the printed demo users; refuses to seed a database that already has units', async () => {
    const operator = summary.users.find((u) => u.unit === '范家寨镇')!;
    const token = await t.login(operator.username, operator.password);
    const own = await get('/api/accounts?pageSize=50', token);
    expect(own.items.every((a: { unitName: string }) => a.unitName === '范家寨镇')).toBe(true);
    await expect(seedDemo(t.app)).rejects.toBeInstanceOf(DemoRefusedError);
    await expect(seedDemo(t.app)).rejects.toThrow(/DATA_DIR/);
  });
});
