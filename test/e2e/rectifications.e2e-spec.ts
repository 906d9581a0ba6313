import { Module } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { INSPECTION_FAILURES, InspectionFailuresProvider, RoundFailures } from '../../src/modules/rectifications/inspection-failures';
import { RectificationReminders } from '../../src/modules/rectifications/rectification-reminders';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, expectError, Fixture, seedFixture, uniqueTag } from './support/fixtures';

/** Test-only rounds behind the rectification module's seam (the inspections module provides the real one). */
const rounds = new Map<number, RoundFailures>();
const testInspections: InspectionFailuresProvider = { failedAccountsOfFinalRound: async (id) => rounds.get(id) ?? { found: false } };

@Module({})
class TestInspectionsModule {}
/** Stands in for the inspections module's provider of the seam (AppModule then leaves the real one out). */
const testInspectionsModule = {
  module: TestInspectionsModule,
  global: true,
  providers: [{ provide: INSPECTION_FAILURES, useValue: testInspections }],
  exports: [INSPECTION_FAILURES],
};

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

async function xlsxOf(rows: (string | Date)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('问题清单');
  rows.forEach((r) => sheet.addRow(r));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.each(databasesUnderTest())('rectification work orders (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let accA: any;
  let accB: any;
  const tag = uniqueTag();
  const admin = () => bearer(t.adminToken);
  const create = (body: Record<string, unknown>, token = t.adminToken) => t.http.post('/api/rectifications').set(bearer(token)).send(body);
  const respond = (id: number, token: string, body: Record<string, unknown> = { text: '已整改完毕', evidenceUrls: ['https://www.gov.cn/proof'] }) =>
    t.http.post(`/api/rectifications/${id}/response`).set(bearer(token)).send(body);
  const verify = (id: number, token: string, result: 'accepted' | 'returned', note = '核验意见') =>
    t.http.post(`/api/rectifications/${id}/verify`).set(bearer(token)).send({ result, note });
  const alerts = async (kindName: string, status: string) => (await t.http.get(`/api/alerts?kind=${kindName}&status=${status}&pageSize=200`).set(admin())).body.items as any[];

  beforeAll(async () => {
    t = await startApp(kind, { RECTIFICATION_DUE_HOURS: '72' }, [testInspectionsModule]);
    f = await seedFixture(t);
    accA = await createAccount(t, t.adminToken, {
      unitId: f.unitA.id,
      platform: 'weibo',
      name: `甲镇发布${tag}`,
      platformAccountId: `77${Date.now() % 100000}`,
      homepageUrl: `https://weibo.com/u/88${Date.now() % 100000}`,
    });
    // Same name as accB on the same platform, in the other unit: a name alone matches two accounts.
    await createAccount(t, t.adminToken, { unitId: f.unitA.id, platform: 'wechat', name: `同名${tag}`, justification: '测试' });
    accB = await createAccount(t, t.adminToken, { unitId: f.unitB.id, platform: 'wechat', name: `同名${tag}` });
  });
  afterAll(() => t.close());

  it('refuses bad input on create in Chinese and changes nothing', async () => {
    const good = { unitId: f.unitA.id, accountId: accA.id, title: '账号长期未更新', problem: '7 月以来未发布信息', dueAt: inDays(10) };
    for (const [bad, status] of [
      [{ ...good, unitId: 99999999 }, 400],
      [{ ...good, accountId: 99999999 }, 400],
      [{ ...good, accountId: accB.id }, 400],
      [{ ...good, dueAt: inDays(-1) }, 400],
      [{ ...good, dueAt: '明天' }, 400],
      [{ ...good, dueAt: '2023-02-30' }, 400],
      [{ ...good, title: '  ' }, 400],
      [{ ...good, source: 'rumour' }, 400],
      [{ ...good, extra: 1 }, 400],
    ] as const) {
      const res = await create(bad);
      expectError(res, status);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expectError(await create(good, f.operatorAToken), 403);
    expectError(await create(good, f.viewerToken), 403);
    expect((await t.http.get('/api/rectifications').set(admin())).body.total).toBe(0);
  });

  it('walks issued → responded → returned → responded → closed, with history and audit; refuses every step out of order', async () => {
    const res = await create({ unitId: f.unitA.id, accountId: accA.id, title: '账号长期未更新', problem: '7 月以来未发布信息', dueAt: inDays(10).slice(0, 10) }, f.reviewerToken);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'issued', overdue: false, source: 'manual', unitName: f.unitA.name, accountName: accA.name });
    const id = res.body.id;
    // Date alone: the end of that day in Asia/Shanghai.
    expect(new Date(res.body.dueAt).toISOString()).toMatch(/T15:59:59\.999Z$/);

    expectError(await verify(id, f.reviewerToken, 'accepted'), 409);
    expectError(await verify(id, f.reviewerToken, 'returned'), 409);
    expectError(await respond(id, f.operatorBToken), 403);
    expectError(await respond(id, f.reviewerToken), 403);
    expectError(await respond(id, f.viewerToken), 403);
    expectError(await respond(id, f.operatorAToken, { text: '' }), 400);
    expectError(await respond(id, f.operatorAToken, { text: '好', evidenceUrls: ['javascript:alert(1)'] }), 400);
    expectError(await respond(99999999, f.operatorAToken), 404);

    expect((await respond(id, f.operatorAToken)).body).toMatchObject({ status: 'responded', responseText: '已整改完毕', evidenceUrls: ['https://www.gov.cn/proof'] });
    expectError(await respond(id, f.operatorAToken), 409);
    expectError(await verify(id, f.operatorAToken, 'accepted'), 403);
    expectError(await t.http.post(`/api/rectifications/${id}/verify`).set(bearer(f.reviewerToken)).send({ result: 'maybe', note: 'x' }), 400);
    expectError(await t.http.post(`/api/rectifications/${id}/verify`).set(bearer(f.reviewerToken)).send({ result: 'returned' }), 400);

    expect((await verify(id, f.reviewerToken, 'returned', '佐证不足,请补充截图')).body).toMatchObject({ status: 'issued', verifyNote: '佐证不足,请补充截图' });
    expectError(await verify(id, f.reviewer2Token, 'accepted'), 409);
    expect((await respond(id, f.operatorAToken, { text: '已补充截图' })).body.status).toBe('responded');
    expect((await verify(id, f.reviewer2Token, 'accepted', '复查通过')).body).toMatchObject({ status: 'closed', closedAt: expect.any(String), overdue: false });
    for (const step of [() => respond(id, f.operatorAToken), () => verify(id, f.reviewerToken, 'accepted'), () => verify(id, f.reviewerToken, 'returned')])
      expectError(await step(), 409);

    const detail = await t.http.get(`/api/rectifications/${id}`).set(bearer(f.operatorAToken));
    expect(detail.status).toBe(200);
    expect(detail.body.history.map((h: any) => [h.action, h.fromStatus, h.toStatus])).toEqual([
      ['issue', null, 'issued'],
      ['respond', 'issued', 'responded'],
      ['return', 'responded', 'issued'],
      ['respond', 'issued', 'responded'],
      ['accept', 'responded', 'closed'],
    ]);
    expect(detail.body.history[2]).toMatchObject({ note: '佐证不足,请补充截图', actor: expect.any(String) });
    expectError(await t.http.get(`/api/rectifications/${id}`).set(bearer(f.operatorBToken)), 403);
  });

  it('never lets the responder verify their own answer (an admin who answered)', async () => {
    const { body } = await create({ unitId: f.unitA.id, title: '管理员代为反馈', problem: '问题', dueAt: inDays(5) });
    expect((await respond(body.id, t.adminToken)).body.status).toBe('responded');
    const own = await verify(body.id, t.adminToken, 'accepted');
    expectError(own, 409);
    expect(own.body.message).toMatch(/本人/);
    expect((await verify(body.id, f.reviewerToken, 'accepted')).body.status).toBe('closed');
  });

  it('creates one order from an open finding; a second call is 409 naming it', async () => {
    await createAccount(t, t.adminToken, { unitId: f.unitB.id, platform: 'wechat', name: `第二个号${tag}`, justification: '应急发布专用' });
    expect((await t.http.post('/api/findings/scan?wait=true').set(admin())).status).toBe(202);
    const list = await t.http.get(`/api/findings?kind=multiple_accounts_on_platform&status=open&unitId=${f.unitB.id}`).set(admin());
    const finding = list.body.items[0];
    expect(finding).toBeDefined();
    expectError(
      await t.http
        .post(`/api/findings/${finding.id}/rectification`)
        .set(admin())
        .send({ dueAt: inDays(-2) }),
      400,
    );
    expectError(
      await t.http
        .post(`/api/findings/${finding.id}/rectification`)
        .set(bearer(f.operatorBToken))
        .send({ dueAt: inDays(7) }),
      403,
    );
    expectError(
      await t.http
        .post('/api/findings/99999999/rectification')
        .set(admin())
        .send({ dueAt: inDays(7) }),
      404,
    );
    const first = await t.http
      .post(`/api/findings/${finding.id}/rectification`)
      .set(bearer(f.reviewerToken))
      .send({ dueAt: inDays(7) });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ source: 'finding', unitId: f.unitB.id, status: 'issued', sourceRef: expect.stringContaining(String(finding.id)) });
    const again = await t.http
      .post(`/api/findings/${finding.id}/rectification`)
      .set(admin())
      .send({ dueAt: inDays(7) });
    expectError(again, 409);
    expect(again.body.message).toContain(String(first.body.id));
    expect((await t.http.get('/api/rectifications?source=finding').set(admin())).body.total).toBe(1);
  });

  it('creates one order per failed account of a final round, never twice; 404/409 for unknown and open rounds', async () => {
    rounds.set(7, {
      found: true,
      final: true,
      quarter: '2023Q3',
      failed: [
        { accountId: accA.id, reasons: ['长期未更新（单项否决）'] },
        { accountId: accB.id, reasons: ['错别字 2 处'] },
      ],
    });
    rounds.set(8, { found: true, final: false, quarter: '2023Q3' });
    expectError(
      await t.http
        .post('/api/inspections/999/rectifications')
        .set(admin())
        .send({ dueAt: inDays(7) }),
      404,
    );
    expectError(
      await t.http
        .post('/api/inspections/8/rectifications')
        .set(admin())
        .send({ dueAt: inDays(7) }),
      409,
    );
    expectError(await t.http.post('/api/inspections/7/rectifications').set(admin()).send({ dueAt: 'soon' }), 400);
    expectError(
      await t.http
        .post('/api/inspections/7/rectifications')
        .set(bearer(f.operatorAToken))
        .send({ dueAt: inDays(7) }),
      403,
    );
    const first = await t.http
      .post('/api/inspections/7/rectifications')
      .set(admin())
      .send({ dueAt: inDays(7) });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: 2, existing: 0 });
    expect(first.body.items.map((o: any) => [o.accountId, o.unitId, o.source])).toEqual([
      [accA.id, f.unitA.id, 'inspection'],
      [accB.id, f.unitB.id, 'inspection'],
    ]);
    expect(first.body.items[0].problem).toContain('长期未更新');
    const again = await t.http
      .post('/api/inspections/7/rectifications')
      .set(admin())
      .send({ dueAt: inDays(7) });
    expect(again.body).toMatchObject({ created: 0, existing: 2, items: [] });
    expect((await t.http.get('/api/rectifications?source=inspection').set(admin())).body.total).toBe(2);
  });

  it('imports the provincial problem list (CSV and XLSX): all rows or none, every unmatched row named', async () => {
    const before = (await t.http.get('/api/rectifications?source=provincial').set(admin())).body.total;
    const header = '账号名称,平台,问题描述,发现时间,整改期限,单位,账号ID,主页链接';
    const due = inDays(20).slice(0, 10);
    const bad = [
      header,
      `随便写的,微博,不更新,2023-09-01,${due},,${accA.platformAccountId},`,
      `不存在的号${tag},微博,不更新,2023-09-01,${due},,,`,
      `同名${tag},微信公众号,错别字,2023-09-01,${due},,,`,
      `同名${tag},微信公众号,错别字,2023-09-01,${due},不存在的单位,,`,
      `同名${tag},火星平台,错别字,2023-09-01,${due},,,`,
      `同名${tag},wechat,错别字,昨天,${due},${f.unitA.name},,`,
    ].join('\n');
    const res = await t.http.post('/api/rectifications/import').set(admin()).attach('file', Buffer.from(bad), 'problems.csv');
    expectError(res, 400);
    expect(res.body.errors.map((e: any) => e.row)).toEqual([3, 4, 5, 6, 7]);
    expect(res.body.errors[1].message).toMatch(/2 个/);
    expect((await t.http.get('/api/rectifications?source=provincial').set(admin())).body.total).toBe(before);

    const missing = await t.http.post('/api/rectifications/import').set(admin()).attach('file', Buffer.from('账号名称,平台,问题描述\n甲,微博,乙'), 'p.csv');
    expectError(missing, 400);
    expect(missing.body.errors[0]).toMatchObject({ row: 1, message: expect.stringMatching(/发现时间.*整改期限/) });
    expectError(
      await t.http
        .post('/api/rectifications/import')
        .set(admin())
        .attach('file', Buffer.from([0, 1, 2, 3]), 'p.csv'),
      400,
    );
    expectError(await t.http.post('/api/rectifications/import').set(bearer(f.operatorAToken)).attach('file', Buffer.from(bad), 'p.csv'), 403);

    const good = [
      header,
      `随便写的,微博,不更新,2023-09-01,${due},,${accA.platformAccountId},`,
      `x,weibo,主页链接匹配,2023/9/2,${due},,,${accA.homepageUrl}/?from=share`,
      `同名${tag},微信公众号,错别字,2023年9月3日,${due},${f.unitA.name},,`,
    ].join('\n');
    const ok = await t.http.post('/api/rectifications/import').set(bearer(f.reviewerToken)).attach('file', Buffer.from(good), 'problems.csv');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ imported: 3 });

    const xlsx = await xlsxOf([
      ['省平台问题清单(标题行)'],
      ['账号名称', '平台', '问题描述', '发现时间', '整改期限', '单位'],
      [`同名${tag}`, '微信公众号', '栏目空白', new Date(Date.UTC(2023, 8, 5)), new Date(Date.UTC(2099, 0, 31)), f.unitB.name],
    ]);
    const okX = await t.http.post('/api/rectifications/import').set(admin()).attach('file', xlsx, 'problems.xlsx');
    expect(okX.body).toEqual({ imported: 1 });
    const badX = await t.http
      .post('/api/rectifications/import')
      .set(admin())
      .attach(
        'file',
        await xlsxOf([
          ['账号名称', '平台', '问题描述', '发现时间', '整改期限'],
          [`同名${tag}`, '微信公众号', '栏目空白', '2023-09-05', '2099-01-31'],
        ]),
        'p.xlsx',
      );
    expectError(badX, 400);
    expect(badX.body.errors).toEqual([{ row: 2, message: expect.stringMatching(/无法确定/) }]);

    const list = (await t.http.get('/api/rectifications?source=provincial&pageSize=200').set(admin())).body.items;
    expect(list).toHaveLength(before + 4);
    const fromX = list.find((o: any) => o.problem === '栏目空白');
    expect(fromX).toMatchObject({ accountId: accB.id, unitId: f.unitB.id, dueAt: '2099-01-31T15:59:59.999Z', foundAt: '2023-09-04T16:00:00.000Z' });
    expect(list.filter((o: any) => o.accountId === accA.id)).toHaveLength(2);
  });

  it('derives overdue; opens rectification_due and rectification_overdue once, resolves them when the order closes', async () => {
    const soon = await create({ unitId: f.unitA.id, accountId: accA.id, title: '即将到期', problem: '问题', dueAt: new Date(Date.now() + 1500).toISOString() });
    const later = await create({ unitId: f.unitB.id, title: '三天内到期', problem: '问题', dueAt: inDays(2) });
    const far = await create({ unitId: f.unitB.id, title: '很久以后', problem: '问题', dueAt: inDays(30) });
    const reminders = t.app.get(RectificationReminders);
    await new Promise((r) => setTimeout(r, 1700));
    const first = await reminders.checkDeadlines();
    expect(first.opened).toBeGreaterThanOrEqual(2);
    const again = await reminders.checkDeadlines();
    expect(again.opened).toBe(0);
    const overdueAlerts = (await alerts('rectification_overdue', 'open')).filter((a) => a.subjectId === String(soon.body.id));
    expect(overdueAlerts).toEqual([expect.objectContaining({ unitId: f.unitA.id, message: expect.stringContaining('已超过整改期限') })]);
    const dueAlerts = (await alerts('rectification_due', 'open')).filter((a) => [String(later.body.id), String(far.body.id)].includes(a.subjectId));
    expect(dueAlerts.map((a) => [a.subjectId, a.unitId])).toEqual([[String(later.body.id), f.unitB.id]]);

    const overdueList = await t.http.get('/api/rectifications?overdue=true&pageSize=200').set(admin());
    expect(overdueList.body.items.map((o: any) => o.id)).toContain(soon.body.id);
    expect(overdueList.body.items.every((o: any) => o.overdue)).toBe(true);
    const notOverdue = await t.http.get('/api/rectifications?overdue=false&pageSize=200').set(admin());
    expect(notOverdue.body.items.map((o: any) => o.id)).not.toContain(soon.body.id);
    expectError(await t.http.get('/api/rectifications?overdue=maybe').set(admin()), 400);
    expectError(await t.http.get('/api/rectifications?status=lost').set(admin()), 400);

    await respond(soon.body.id, f.operatorAToken);
    expect((await t.http.get(`/api/rectifications/${soon.body.id}`).set(admin())).body.overdue).toBe(true);
    await verify(soon.body.id, f.reviewerToken, 'accepted');
    expect((await t.http.get(`/api/rectifications/${soon.body.id}`).set(admin())).body.overdue).toBe(false);
    expect((await alerts('rectification_overdue', 'open')).some((a) => a.subjectId === String(soon.body.id))).toBe(false);
    expect((await alerts('rectification_overdue', 'resolved')).some((a) => a.subjectId === String(soon.body.id))).toBe(true);
    expect((await reminders.checkDeadlines()).opened).toBe(0);
  });

  it('scopes operators to their own unit (我的整改 with counts)', async () => {
    const mine = await t.http.get('/api/rectifications?pageSize=200').set(bearer(f.operatorAToken));
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((o: any) => o.unitId === f.unitA.id)).toBe(true);
    expectError(await t.http.get(`/api/rectifications?unitId=${f.unitB.id}`).set(bearer(f.operatorAToken)), 403);
    const summary = await t.http.get('/api/rectifications/summary').set(bearer(f.operatorAToken));
    expect(summary.body.byUnit.map((u: any) => u.unitId)).toEqual([f.unitA.id]);
    expect(summary.body.total).toBe(mine.body.total);
    const all = await t.http.get('/api/rectifications/summary').set(admin());
    expect(all.body.byUnit.map((u: any) => u.unitId).sort()).toEqual([f.unitA.id, f.unitB.id].sort());
    expect(all.body.total).toBe(all.body.issued + all.body.responded + all.body.closed);
  });

  it('exports the ledger (整改台账) as XLSX with title, period, rows and totals', async () => {
    const res = await t.http
      .get('/api/rectifications/export?format=xlsx')
      .set(admin())
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('整改台账'));
    const rows = await readXlsx(res.body);
    expect(rows[0][0]).toBe('政务新媒体问题整改台账');
    expect(rows[1][0]).toMatch(/^统计范围/);
    expect(rows[2]).toEqual(expect.arrayContaining(['序号', '单位', '账号', '问题', '整改期限', '状态', '是否逾期']));
    const total = (await t.http.get('/api/rectifications').set(admin())).body.total;
    expect(rows).toHaveLength(3 + total + 1);
    expect(rows[rows.length - 1]).toEqual(expect.arrayContaining(['合计', `共 ${total} 条`]));
    const mine = await t.http
      .get('/api/rectifications/export')
      .set(bearer(f.operatorBToken))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const mineRows = await readXlsx(mine.body);
    expect(mineRows.slice(3, -1).every((r) => r[1] === f.unitB.name)).toBe(true);
    expectError(await t.http.get('/api/rectifications/export?format=pdf').set(admin()), 400);
    expectError(await t.http.get('/api/rectifications/export?quarter=2023Q9').set(admin()), 400);
  });
});
