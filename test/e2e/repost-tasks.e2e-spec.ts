import ExcelJS from 'exceljs';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { RepostMatchingService } from '../../src/modules/repost-tasks/repost-matching.service';
import { ledgerAccounts, POLLING_ENV } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createUnit, expectError, Fixture, seedFixture } from './support/fixtures';

const BIZ = 'MzA4MDE1NzY1Mg==';
const SOURCE = `https://mp.weixin.qq.com/s?__biz=${encodeURIComponent(BIZ)}&mid=2653452118&idx=1&sn=6a3f1c2b9e8d7f6a5b4c3d2e1f0a9b8c`;
const TITLE = '国务院办公厅关于印发《新污染物治理行动方案》的通知';

describe.each(databasesUnderTest())('repost tasks: matching, confirmations, reminders, compliance listing (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let unitC: { id: number; name: string };
  let a1: number, a2: number, b1: number, b2: number;
  let t1: number, t2: number;
  const admin = () => bearer(t.adminToken);
  const drain = () => t.app.get<JobQueue>(JOB_QUEUE).drain();
  const importPosts = async (id: number, rows: string[]) => {
    const csv = ['标题,链接,发布时间,类型,来源链接', ...rows].join('\n');
    const res = await t.http.post(`/api/accounts/${id}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    expect(res.status).toBe(200);
    await drain();
  };
  const compliance = async (id: number, token = t.adminToken) => {
    const res = await t.http.get(`/api/repost-tasks/${id}/compliance`).set(bearer(token));
    expect(res.status).toBe(200);
    return res.body;
  };
  const accountOf = (body: any, accountId: number) => body.items.flatMap((u: any) => u.accounts).find((a: any) => a.accountId === accountId);

  beforeAll(async () => {
    t = await startApp(kind, POLLING_ENV);
    f = await seedFixture(t);
    unitC = await createUnit(t, { code: `Z${Date.now().toString(36)}` });
    [a1] = await ledgerAccounts(t, f.unitA.name, '微信公众号', 1);
    [a2] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
    [b1] = await ledgerAccounts(t, f.unitB.name, '微信公众号', 1);
    [b2] = await ledgerAccounts(t, f.unitB.name, '抖音', 1);
  });
  afterAll(() => t.close());

  it('refuses bad input in Chinese and lets only reviewers and admins create tasks', async () => {
    const good = { title: TITLE, sourceUrl: SOURCE, issuedAt: '2023-09-01T09:00:00+08:00', dueAt: '2023-09-02T18:00:00+08:00' };
    for (const bad of [
      { ...good, dueAt: '2023-09-01T09:00:00+08:00' },
      { ...good, sourceUrl: 'ftp://www.gov.cn/a' },
      { ...good, platforms: ['wechat', 'myspace'] },
      { ...good, unitIds: [99999999] },
      { ...good, issuedAt: 'yesterday' },
      { ...good, title: '   ' },
      { ...good, extra: 1 },
    ]) {
      const res = await t.http.post('/api/repost-tasks').set(admin()).send(bad);
      expectError(res, 400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expectError(await t.http.post('/api/repost-tasks').set(bearer(f.operatorAToken)).send(good), 403);
    expectError(await t.http.post('/api/repost-tasks').set(bearer(f.viewerToken)).send(good), 403);
    expectError(await t.http.get('/api/repost-tasks/99999999').set(admin()), 404);
    expectError(await t.http.get('/api/repost-tasks?quarter=2023Q5').set(admin()), 400);
  });

  it('matches by URL, source and title in the window, with scope by platform and unit list', async () => {
    const res = await t.http
      .post('/api/repost-tasks')
      .set(bearer(f.reviewerToken))
      .send({
        title: TITLE,
        sourceUrl: SOURCE,
        sourceName: '中国政府网',
        issuedAt: '2023-09-01T09:00:00+08:00',
        dueAt: '2023-09-02T18:00:00+08:00',
        platforms: ['wechat', 'weibo'],
        unitIds: [f.unitA.id, f.unitB.id, unitC.id],
      });
    expect(res.status).toBe(201);
    t1 = res.body.id;
    expect(res.body).toMatchObject({ title: TITLE, platforms: ['wechat', 'weibo'], editable: false });

    // Before any post: every required account is missing; unit C has no account, douyin is out of scope.
    let body = await compliance(t1);
    expect(body.items.map((u: any) => u.unitId).sort()).toEqual([f.unitA.id, f.unitB.id].sort());
    expect(accountOf(body, b2)).toBeUndefined();
    expect(body.items.every((u: any) => u.status === 'missing')).toBe(true);

    // a1: the article itself, with WeChat tracking parameters, exactly at the due time → done by url.
    await importPosts(a1, [`转发国办通知,${SOURCE.replace('https:', 'http:')}&chksm=84a1b2c3&scene=21#wechat_redirect,2023-09-02T18:00:00+08:00,转发,`]);
    // a2: a retitled repost the day after → late by title.
    await importPosts(a2, ['【转载】国务院办公厅关于印发〈新污染物治理行动方案〉的通知,https://weibo.com/1000000001/NlYzA8xKq,2023-09-03 10:00,转发,']);
    // b1: its repost came before the task was issued (does not count); a near-miss notice in the window does not match.
    await importPosts(b1, [
      `早到的转发,https://mp.weixin.qq.com/s/AAAAAAAAAAAA,2023-09-01 08:59:59,转发,${SOURCE}`,
      '国务院办公厅关于印发《空气质量持续改善行动计划》的通知,https://mp.weixin.qq.com/s/BBBBBBBBBBBB,2023-09-01 12:00,转发,',
    ]);
    // b2 (douyin) reposts too, but the task does not cover douyin.
    await importPosts(b2, [`抖音转发,https://www.douyin.com/video/1,2023-09-01 10:00,转发,${SOURCE}`]);

    body = await compliance(t1);
    expect(accountOf(body, a1)).toMatchObject({ status: 'done', evidence: { matchedBy: 'url', postedAt: '2023-09-02T10:00:00.000Z', postId: expect.any(Number) } });
    expect(accountOf(body, a2)).toMatchObject({ status: 'late', evidence: { matchedBy: 'title', url: 'https://weibo.com/1000000001/NlYzA8xKq' } });
    expect(accountOf(body, b1)).toMatchObject({ status: 'missing' });
    expect(accountOf(body, b1).evidence).toBeUndefined();
    expect(accountOf(body, b2)).toBeUndefined();
    const unit = (id: number) => body.items.find((u: any) => u.unitId === id);
    expect(unit(f.unitA.id).status).toBe('late');
    expect(unit(f.unitB.id).status).toBe('missing');

    // A repost that names the source (source URL), inside the window, turns b1 done by source; re-importing changes nothing.
    await importPosts(b1, [
      `转发,https://mp.weixin.qq.com/s/CCCCCCCCCCCC,2023-09-02 09:00,转发,https://mp.weixin.qq.com/s?sn=6a3f1c2b9e8d7f6a5b4c3d2e1f0a9b8c&idx=1&mid=2653452118&__biz=${BIZ}&from=timeline`,
    ]);
    body = await compliance(t1);
    expect(accountOf(body, b1)).toMatchObject({ status: 'done', evidence: { matchedBy: 'source' } });
    await importPosts(b1, [`转发,https://mp.weixin.qq.com/s/CCCCCCCCCCCC,2023-09-02 09:00,转发,${SOURCE}`]);
    expect(accountOf(await compliance(t1), b1).status).toBe('done');

    // Operators read their own unit only.
    const scoped = await compliance(t1, f.operatorBToken);
    expect(scoped.items.map((u: any) => u.unitId)).toEqual([f.unitB.id]);
    expectError(await t.http.get(`/api/repost-tasks/${t1}/compliance?unitId=${f.unitA.id}`).set(bearer(f.operatorBToken)), 403);

    // Past its due time a task cannot be edited.
    expectError(await t.http.patch(`/api/repost-tasks/${t1}`).set(admin()).send({ title: '改' }), 409);
  });

  it('manual confirmation counts as matchedBy manual, is audited, and a reviewer can revoke it', async () => {
    // A second task that nobody reposted; default scope: every active unit, every platform.
    const res = await t.http.post('/api/repost-tasks').set(admin()).send({
      title: '国务院关于2023年度国家科学技术奖励的决定',
      sourceUrl: 'https://www.gov.cn/zhengce/content/202309/content_6905222.htm',
      issuedAt: '2023-09-10T09:00:00+08:00',
      dueAt: '2023-09-11T09:00:00+08:00',
    });
    expect(res.status).toBe(201);
    t2 = res.body.id;
    let body = await compliance(t2);
    expect(accountOf(body, b2)).toMatchObject({ status: 'missing' });
    expect(body.items.find((u: any) => u.unitId === unitC.id)).toBeUndefined();

    const confirm = (token: string, payload: Record<string, unknown>) => t.http.post(`/api/repost-tasks/${t2}/confirmations`).set(bearer(token)).send(payload);
    const payload = { accountId: b2, evidenceUrl: 'https://www.douyin.com/video/7270000000000000000', postedAt: '2023-09-10T15:00:00+08:00', note: '抖音无法自动采集,截图已存档' };
    expectError(await confirm(f.operatorAToken, payload), 403);
    expectError(await confirm(f.viewerToken, payload), 403);
    expectError(await confirm(f.operatorBToken, { ...payload, evidenceUrl: 'not a url' }), 400);
    expectError(await confirm(f.operatorBToken, { ...payload, postedAt: '2023-09-10T08:00:00+08:00' }), 400);
    const created = await confirm(f.operatorBToken, payload);
    expect(created.status).toBe(201);
    expectError(await confirm(f.operatorBToken, payload), 409);
    body = await compliance(t2);
    expect(accountOf(body, b2)).toMatchObject({
      status: 'done',
      evidence: { matchedBy: 'manual', url: payload.evidenceUrl, postedAt: '2023-09-10T07:00:00.000Z', confirmationId: created.body.id },
    });
    expect(accountOf(body, b1).status).toBe('missing');
    expect(body.items.find((u: any) => u.unitId === f.unitB.id).status).toBe('missing');

    expectError(await t.http.delete(`/api/repost-tasks/${t2}/confirmations/${created.body.id}`).set(bearer(f.operatorBToken)), 403);
    const revoked = await t.http.post(`/api/repost-tasks/${t2}/confirmations/${created.body.id}/revoke`).set(bearer(f.reviewerToken)).send({ reason: '链接打不开' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expectError(await t.http.delete(`/api/repost-tasks/${t2}/confirmations/${created.body.id}`).set(admin()), 409);
    expect(accountOf(await compliance(t2), b2)).toMatchObject({ status: 'missing' });

    const history = (await t.http.get(`/api/repost-tasks/${t2}/history`).set(admin())).body;
    expect(history.map((h: any) => h.action)).toEqual(['create', 'confirm', 'revoke_confirmation']);
    expect(history[1]).toMatchObject({ actorUsername: expect.stringContaining('operator'), reason: payload.note });
  });

  it('filters the compliance by status and pages its units, with account counts; confirmations name their account', async () => {
    const get = async (query: string) => {
      const res = await t.http.get(`/api/repost-tasks/${t1}/compliance?${query}`).set(admin());
      expect(res.status).toBe(200);
      return res.body;
    };
    // Task 1: unit A (a1 on time, a2 late), unit B (b1 done).
    const all = await get('');
    expect(all).toMatchObject({ total: 2, page: 1, pageSize: null, accountCounts: { all: 3, done: 2, late: 1, missing: 0 } });
    expect(await get('status=missing')).toMatchObject({ items: [], total: 0, accountCounts: { all: 3, missing: 0 } });
    const late = await get('status=late');
    expect(late.items.map((u: any) => [u.unitId, u.accounts.map((a: any) => a.accountId)])).toEqual([[f.unitA.id, [a2]]]);
    const first = await get('pageSize=1');
    const second = await get('pageSize=1&page=2');
    expect([first.items.length, second.items.length, first.total, first.pageSize]).toEqual([1, 1, 2, 1]);
    expect([first.items[0].unitId, second.items[0].unitId]).toEqual(all.items.map((u: any) => u.unitId));
    // Task 2: nobody reposted; only the missing ones are listed under status=missing.
    const missing = (await t.http.get(`/api/repost-tasks/${t2}/compliance?status=missing&pageSize=20`).set(admin())).body;
    expect(missing.accountCounts.missing).toBe(missing.accountCounts.all);
    expect(missing.items.flatMap((u: any) => u.accounts).every((a: any) => a.status === 'missing')).toBe(true);
    for (const bad of ['status=unfinished', 'pageSize=0', 'pageSize=201', 'page=x']) expectError(await t.http.get(`/api/repost-tasks/${t1}/compliance?${bad}`).set(admin()), 400);

    const confirmations = (await t.http.get(`/api/repost-tasks/${t2}/confirmations`).set(admin())).body;
    const b2Name = (await t.http.get(`/api/accounts/${b2}`).set(admin())).body.name;
    expect(confirmations.map((c: any) => [c.accountId, c.accountName])).toEqual([[b2, b2Name]]);
  });

  it('raises repost_due for units still missing within the reminder window and resolves it when done', async () => {
    const matching = t.app.get(RepostMatchingService);
    const alerts = async (status: string) =>
      (await t.http.get(`/api/alerts?kind=repost_due&status=${status}&pageSize=200`).set(admin())).body.items.filter((a: any) => a.subjectId.startsWith(`${t2}:`));
    await matching.checkReminders(new Date('2023-09-09T09:00:00+08:00')); // 48 h before due: too early
    expect(await alerts('open')).toEqual([]);
    await matching.checkReminders(new Date('2023-09-10T10:00:00+08:00')); // 23 h before due
    const open = await alerts('open');
    expect(open.map((a: any) => a.unitId).sort()).toEqual([f.unitA.id, f.unitB.id].sort());
    expect(open[0]).toMatchObject({ kind: 'repost_due', subjectType: 'repost_task', message: expect.stringContaining('尚未完成转发任务') });
    await matching.checkReminders(new Date('2023-09-10T11:00:00+08:00'));
    expect(await alerts('open')).toHaveLength(2); // one alert per (task, unit), not one per check

    // Both of unit A's accounts repost (on time) → its alert resolves; unit B stays open.
    await importPosts(a1, ['国务院关于2023年度国家科学技术奖励的决定,https://www.gov.cn/zhengce/content/202309/content_6905222.htm?utm_source=wx,2023-09-10 19:00,发布,']);
    expect(await alerts('open')).toHaveLength(2);
    await importPosts(a2, ['转发：国务院关于２０２３年度国家科学技术奖励的决定,https://weibo.com/1000000001/Xyz123456,2023-09-10 20:00,转发,']);
    expect((await alerts('open')).map((a: any) => a.unitId)).toEqual([f.unitB.id]);
    expect((await alerts('resolved')).map((a: any) => a.unitId)).toEqual([f.unitA.id]);
  });

  it('lists per-unit compliance for the quarter as JSON and XLSX', async () => {
    // Unit A: t1 late (a2 late), t2 done. Unit B: t1 done, t2 missing (b1 and b2 missing).
    const res = await t.http.get('/api/reports/repost-compliance?quarter=2023Q3').set(bearer(f.viewerToken));
    expect(res.status).toBe(200);
    expect(res.body.quarter).toBe('2023Q3');
    expect(res.body.tasks.map((x: any) => x.id)).toEqual([t1, t2]);
    const row = (id: number) => res.body.units.find((u: any) => u.unitId === id);
    expect(row(f.unitA.id)).toMatchObject({ required: 2, done: 1, late: 1, missing: 0, missingTasks: [] });
    expect(row(f.unitB.id)).toMatchObject({ required: 2, done: 1, late: 0, missing: 1, missingTasks: [{ id: t2, title: '国务院关于2023年度国家科学技术奖励的决定' }] });
    expect(row(unitC.id)).toBeUndefined();
    expect(res.body.nonCompliantUnits).toEqual([f.unitA.name, f.unitB.name]);

    const scoped = await t.http.get('/api/reports/repost-compliance?quarter=2023Q3').set(bearer(f.operatorBToken));
    expect(scoped.body.units.map((u: any) => u.unitId)).toEqual([f.unitB.id]);
    expectError(await t.http.get('/api/reports/repost-compliance?quarter=2023-3').set(admin()), 400);
    expectError(await t.http.get('/api/reports/repost-compliance?quarter=2023Q3&format=pdf').set(admin()), 400);

    const xlsx = await t.http
      .get('/api/reports/repost-compliance?quarter=2023Q3&format=xlsx')
      .set(admin())
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('2023Q3转发任务完成情况.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const sheet = wb.worksheets[0];
    // Title row, period row, header row (repeated on each printed page), units, totals.
    expect(sheet.getCell(1, 1).value).toBe('2023年第三季度国办公开办转发任务完成情况表');
    expect(String(sheet.getCell(2, 1).value)).toMatch(/^统计区间：2023-07-01 至 2023-09-30/);
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['序号', '单位', '应转发', '按时完成', '逾期完成', '未完成', '未完成任务']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, printTitlesRow: '1:3' });
    expect(sheet.getColumn(2).width).toBeGreaterThan(10);
    const cells = (n: number) => [1, 2, 3, 4, 5, 6, 7].map((c) => sheet.getRow(n).getCell(c).value ?? '');
    expect(cells(4)).toEqual([1, f.unitA.name, 2, 1, 1, 0, '']);
    expect(cells(5)).toEqual([2, f.unitB.name, 2, 1, 0, 1, '国务院关于2023年度国家科学技术奖励的决定']);
    expect(cells(6)).toEqual(['', '合计', 4, 2, 1, 1, '2个单位有逾期或未完成任务']);
    expect(sheet.getRow(6).getCell(2).border).toMatchObject({ top: { style: 'thin' }, left: { style: 'thin' } });
    expect(sheet.rowCount).toBe(6);
  });

  it('edits a task before its due time (audited, rematched) and lists tasks by quarter', async () => {
    const now = Date.now();
    const created = await t.http
      .post('/api/repost-tasks')
      .set(admin())
      .send({
        title: '国务院关于第十批全国重点文物保护单位的公告',
        sourceUrl: 'https://www.gov.cn/zhengce/content/future.htm',
        issuedAt: new Date(now - 3600_000).toISOString(),
        dueAt: new Date(now + 2 * 86400_000).toISOString(),
        platforms: ['weibo'],
      });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(
      (await compliance(id)).items
        .flatMap((u: any) => u.accounts)
        .map((a: any) => a.accountId)
        .sort(),
    ).toEqual([a2]);
    expectError(
      await t.http
        .patch(`/api/repost-tasks/${id}`)
        .set(admin())
        .send({ dueAt: new Date(now - 7200_000).toISOString() }),
      400,
    );
    expectError(await t.http.patch(`/api/repost-tasks/${id}`).set(bearer(f.operatorAToken)).send({ title: 'x' }), 403);
    const patched = await t.http
      .patch(`/api/repost-tasks/${id}`)
      .set(bearer(f.reviewerToken))
      .send({ platforms: null, unitIds: [f.unitB.id] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ platforms: null, unitIds: [f.unitB.id], editable: true });
    expect(
      (await compliance(id)).items
        .flatMap((u: any) => u.accounts)
        .map((a: any) => a.accountId)
        .sort(),
    ).toEqual([b1, b2].sort());
    const history = (await t.http.get(`/api/repost-tasks/${id}/history`).set(admin())).body;
    expect(history.map((h: any) => h.action)).toEqual(['create', 'update']);

    const q3 = await t.http.get('/api/repost-tasks?quarter=2023Q3').set(bearer(f.viewerToken));
    expect(q3.status).toBe(200);
    expect(q3.body.items.map((x: any) => x.id)).toEqual([t2, t1]);
    expect(q3.body.items[1].summary).toEqual({ units: 2, done: 1, late: 1, missing: 0 });
    expect(q3.body.items[0].summary).toEqual({ units: 2, done: 1, late: 0, missing: 1 });
  });

  it('imports a batch of tasks from XLSX/CSV, all rows or none', async () => {
    const template = await t.http
      .get('/api/repost-tasks/import/template')
      .set(admin())
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(template.status).toBe(200);
    const twb = new ExcelJS.Workbook();
    await twb.xlsx.load(template.body);
    expect((twb.worksheets[0].getRow(1).values as unknown[]).slice(1, 5)).toEqual(['标题', '来源链接', '来源', '下达时间']);

    const count = async () => (await t.http.get('/api/repost-tasks?quarter=2023Q4').set(admin())).body.total;
    const upload = (buffer: Buffer, name: string, token = t.adminToken) => t.http.post('/api/repost-tasks/import').set(bearer(token)).attach('file', buffer, name);
    const bad = [
      '标题,来源链接,来源,下达时间,截止时间,平台,单位',
      `好的任务,https://www.gov.cn/a.htm,中国政府网,2023-10-08 09:00,2023-10-09 18:00,微信公众号,${f.unitA.name}`,
      '坏链接,gov,,2023-10-08 09:00,2023-10-09 18:00,,',
      `时间反了,https://www.gov.cn/b.htm,,2023-10-09 09:00,2023-10-08 18:00,脸书,不存在的单位`,
    ].join('\n');
    const refused = await upload(Buffer.from(bad), 'tasks.csv');
    expectError(refused, 400);
    expect(refused.body.errors.map((e: any) => e.row)).toEqual([3, 4]);
    expect(refused.body.errors[1].message).toContain('截止时间');
    expect(refused.body.errors[1].message).toContain('不存在的单位');
    expect(await count()).toBe(0);
    expectError(await upload(Buffer.from(bad), 'tasks.csv', f.operatorAToken), 403);

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('任务');
    sheet.addRow(['标题', '来源链接', '下达时间', '截止时间', '平台', '单位']);
    sheet.addRow([
      '国务院办公厅关于印发国务院2023年度立法工作计划的通知',
      'https://www.gov.cn/c.htm',
      new Date(Date.UTC(2023, 9, 8, 9, 0)),
      new Date(Date.UTC(2023, 9, 9, 18, 0)),
      '微博',
      `${f.unitA.name}、${f.unitB.name}`,
    ]);
    sheet.addRow(['国务院关于取消和调整一批行政许可事项的决定', 'https://www.gov.cn/d.htm', '2023-10-10 09:00', '2023-10-11 09:00', '', '']);
    const ok = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'tasks.xlsx');
    expect(ok.status).toBe(200);
    expect(ok.body.imported).toBe(2);
    expect(await count()).toBe(2);
    const first = (await t.http.get(`/api/repost-tasks/${ok.body.ids[0]}`).set(admin())).body;
    expect(first).toMatchObject({ platforms: ['weibo'], unitIds: [f.unitA.id, f.unitB.id], issuedAt: '2023-10-08T01:00:00.000Z', dueAt: '2023-10-09T10:00:00.000Z' });
    expect((await t.http.get(`/api/repost-tasks/${ok.body.ids[0]}/history`).set(admin())).body[0].action).toBe('import');
  });
});
