/**
 * [report] Demo data: `npm run seed:demo` reproduces the bulletin's new-media figures for
 * 2023Q3 (shared/reference/000_bcca70c282b37603.txt), read back through the HTTP API.
 */
import JSZip from 'jszip';
import { BROKEN_LINK_UNITS, DEMO_TOTALS, GOOD_UNITS, REPOST_NONCOMPLIANT_UNITS } from '../../src/modules/demo/demo-data';
import { DEMO_ENV, DemoRefusedError, seedDemo } from '../../src/modules/demo/seed-demo';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { halfWidthMarks } from '../../src/common/chinese-text';

const sorted = (names: string[]) => [...names].sort();

describe.each(databasesUnderTest())('demo data (%s)', (kind) => {
  let t: TestApp;
  let summary: Awaited<ReturnType<typeof seedDemo>>;
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
    // The demo's planted 错敏词 post (陈村镇, in the quarter) counts although it was found years later;
    // so do the problems planted in 糜杆桥镇's post bodies (a wrong country name, an ID number, a leader's title).
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'error_word', units: ['糜杆桥镇', '陈村镇'] }),
        expect.objectContaining({ kind: 'privacy_leak', units: ['糜杆桥镇'] }),
        expect.objectContaining({ kind: 'leader_title_error', units: ['糜杆桥镇'] }),
      ]),
    );
    expect(sorted(report.repostNonCompliantUnits)).toEqual(sorted(REPOST_NONCOMPLIANT_UNITS));
    expect(summary.reproduced.goodUnits).toEqual(report.goodUnits);
    // The seed records its link checks as of the inspection day in 2023Q3.
    expect(sorted(report.brokenLinkUnits)).toEqual(sorted(BROKEN_LINK_UNITS));
  });

  it('the 2023Q3 bulletin names the reference bulletin’s problems plus the planted violations, inspection failures and impostor, nothing else', async () => {
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
    // The planted violations: 错敏词 posts of 陈村镇 and 糜杆桥镇, 文旅局's account that posted before its
    // approval, and the body-level problems of 糜杆桥镇 (an ID number, a leader's wrong title).
    expect(problems).toContain('错敏词问题2条（涉及糜杆桥镇、陈村镇）');
    expect(problems).toContain('领导职务错误问题1条（涉及糜杆桥镇）');
    expect(problems).toContain('隐私泄露问题1条（涉及糜杆桥镇）');
    expect(problems).toContain('先开设后申请问题1条（涉及文旅局）');
    // The final inspection round fails 糜杆桥镇's accounts on those vetoes and the one account the report
    // lists as inactive; the discovery's impostor.
    expect(problems).toContain('部分账号检查不合格。');
    expect(problems).toMatch(/糜杆桥镇“凤翔糜杆桥镇官方微博”[(（]发生泄密或信息安全事件/);
    expect(problems).toMatch(/糜杆桥镇“凤翔糜杆桥镇”[(（]出现严重表述错误/);
    expect(problems).toMatch(/城关镇“凤翔城关镇抖音号”[(（]内容不更新/);
    expect(problems).toContain('发现假冒政务新媒体账号。微博“南指挥镇发布厅”（冒用南指挥镇名义）');
    expect(problems).not.toContain('信息发布数量不足');
    expect(problems).not.toContain('备案信息核查不及时');
    expect(text).toContain('纳入统计的34个单位全部完成发布任务');
    expect(text).not.toMatch(/第\d季度/);
    // A 公文 takes full-width punctuation, also where the bulletin joins its own phrases.
    expect(halfWidthMarks(text)).toEqual([]);
  });

  it('holds 2023Q3 rectification orders that follow from the findings: some closed, some overdue; the report counts them', async () => {
    const orders = await get('/api/rectifications?source=finding&pageSize=200');
    expect(orders.total).toBeGreaterThan(1);
    expect(orders.items.every((o: any) => o.issuedAt >= '2023-07' && o.issuedAt < '2023-10')).toBe(true);
    const closed = orders.items.filter((o: any) => o.status === 'closed');
    const overdue = orders.items.filter((o: any) => o.overdue);
    expect(closed.length).toBeGreaterThan(0);
    expect(overdue.length).toBeGreaterThan(0);
    expect(summary.rectifications).toEqual({ issued: orders.total, closed: closed.length, overdue: overdue.length });
    const finding = await get(`/api/findings/${orders.items[0].sourceRef.replace(/\D+/g, '')}`);
    expect(finding.unitId).toBe(orders.items[0].unitId);
    const report = await get('/api/reports/quarterly?quarter=2023Q3');
    expect(report.rectifications).toMatchObject({ issued: orders.total, closed: closed.length });
    expect(report.rectifications.overdue).toHaveLength(overdue.length);
    const docx = await t.http
      .get('/api/reports/quarterly?quarter=2023Q3&format=docx')
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse((res: any, cb: (e: Error | null, b: Buffer) => void) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const xml = await (await JSZip.loadAsync(docx.body)).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain(`整改情况：本季度共下发整改通知${orders.total}条，已办结${closed.length}条`);
    expect(text).toContain(`逾期未办结${overdue.length}条`);
  });

  it('has a final 2023Q3 inspection whose failures follow from the data, and the bulletin shows its 合格率', async () => {
    const report = await get('/api/reports/quarterly?quarter=2023Q3');
    expect(report.inspection).toMatchObject({ id: summary.reproduced.inspection.id, passRate: summary.reproduced.inspection.passRate });
    const round = await get(`/api/inspections/${report.inspection.id}`);
    expect(round).toMatchObject({ quarter: '2023Q3', status: 'final', accounts: report.totals.accountsOpen });
    const rows: any[] = (await get(`/api/inspections/${round.id}/accounts?pageSize=200`)).items;
    expect(rows).toHaveLength(round.accounts);
    const failed = rows.filter((r) => r.verdict === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    expect(round.summary).toMatchObject({ failed: failed.length, passed: rows.length - failed.length });
    // 内容不更新 fails exactly the accounts the report lists as inactive at the end of the quarter.
    const noUpdate = rows.filter((r) => r.vetoes.some((v: any) => v.code === 'no_update')).map((r) => r.accountId);
    expect(sorted(noUpdate.map(String))).toEqual(sorted(report.inactiveAccounts.map((a: any) => String(a.accountId))));
    // Broken columns cost points in the units the bulletin names, repost tasks in theirs.
    const deducted = (code: string) => [...new Set(rows.filter((r) => r.deductions.some((d: any) => d.code === code)).map((r) => r.unitName))];
    expect(sorted(deducted('broken_column'))).toEqual(sorted(BROKEN_LINK_UNITS));
    expect(deducted('repost_missing').every((name) => REPOST_NONCOMPLIANT_UNITS.includes(name))).toBe(true);
    expect(failed.every((r) => r.reasons.length > 0)).toBe(true);
    // The final round's failures become rectification orders once, through the real inspections seam.
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const issued = await t.http.post(`/api/inspections/${round.id}/rectifications`).set(bearer(t.adminToken)).send({ dueAt });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ created: failed.length, existing: 0 });
    const again = await t.http.post(`/api/inspections/${round.id}/rectifications`).set(bearer(t.adminToken)).send({ dueAt });
    expect(again.body).toMatchObject({ created: 0, existing: failed.length });
    const docx = await t.http
      .get('/api/reports/quarterly?quarter=2023Q3&format=docx')
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse((res: any, cb: (e: Error | null, b: Buffer) => void) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const xml = await (await JSZip.loadAsync(docx.body)).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain(`合格率${(Math.round(report.inspection.passRate * 1000) / 10).toFixed(1)}%`);
  });

  it('the current quarterly report names 范家寨镇 and 长青镇 for broken column links', async () => {
    // A past quarter's report reads broken links from checks made by the end of that quarter,
    // the current one from the columns' health (api.md, Quarterly report).
    const report = await get('/api/reports/quarterly');
    expect(sorted(report.brokenLinkUnits)).toEqual(sorted(BROKEN_LINK_UNITS));
  });

  it('has the 2023Q3 account discovery: one undeclared, one deregistered still running, one impostor in the report', async () => {
    const rows = await get(`/api/discoveries?batchId=${summary.discovery.batchId}`);
    expect(rows.items.map((r: { status: string; triage: string | null }) => [r.status, r.triage])).toEqual([
      ['undeclared', null],
      ['deregistered_active', null],
      ['undeclared', 'impostor'],
    ]);
    const report = await get('/api/reports/quarterly?quarter=2023Q3&live=true');
    expect(report.impostors).toEqual([expect.objectContaining({ name: '南指挥镇发布厅', platform: 'weibo', unitName: '南指挥镇', recordedAt: '2023-09-15T02:00:00.000Z' })]);
    const verified = await t.http.get('/api/public/verify').query({ platform: 'weibo', id: '7788990011' });
    expect(verified.body).toMatchObject({ verified: false, status: 'impostor' });
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
