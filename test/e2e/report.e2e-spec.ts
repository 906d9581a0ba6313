import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DataSource } from 'typeorm';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { ledgerAccounts, POLLING_ENV } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError } from './support/fixtures';

const SOURCE = 'https://www.gov.cn/zhengce/content/2023-08/10/content_5700001.htm';
const TASK_TITLE = '国务院办公厅关于进一步优化营商环境的通知';

/** What each database answered for 2023Q3, compared once both have run. */
const answers = new Map<string, unknown>();

/** The report without what legitimately differs between two runs (ids, clock). */
function comparable(report: any): unknown {
  return {
    ...report,
    generatedAt: undefined,
    units: report.units.map((u: any) => ({ ...u, unitId: undefined })),
    inactiveAccounts: report.inactiveAccounts.map((a: any) => ({ ...a, accountId: undefined, unitId: undefined, name: undefined })),
    recertifyOverdueAccounts: report.recertifyOverdueAccounts.map((a: any) => ({ ...a, accountId: undefined, unitId: undefined, name: undefined })),
  };
}

async function xlsxOf(body: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

async function docxText(body: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(body);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe.each(databasesUnderTest())('quarterly report (%s)', (kind) => {
  let t: TestApp;
  let db: DataSource;
  const u: Record<string, { id: number; name: string }> = {};
  let a1: number, a2: number, b1: number, d1: number, e1: number;
  let reviewer: string, viewer: string, operator: string;
  const admin = () => bearer(t.adminToken);
  const drain = () => t.app.get<JobQueue>(JOB_QUEUE).drain();
  const importPosts = async (id: number, rows: string[]) => {
    const csv = ['标题,链接,发布时间,类型,来源链接', ...rows].join('\n');
    const res = await t.http.post(`/api/accounts/${id}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    expect(res.status).toBe(200);
    await drain();
  };
  const report = async (query: string, token = t.adminToken) => {
    const res = await t.http.get(`/api/reports/quarterly?${query}`).set(bearer(token));
    if (res.status !== 200) throw new Error(`report ${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const unit = async (name: string, code?: string) => {
    const res = await t.http
      .post('/api/units')
      .set(admin())
      .send({ name, kind: 'town', ...(code ? { code } : {}) });
    expect(res.status).toBe(201);
    return res.body as { id: number; name: string };
  };
  const user = async (role: string, unitId?: number) => {
    const username = `${role}_report`;
    const res = await t.http
      .post('/api/users')
      .set(admin())
      .send({ username, password: 'Password#1', role, ...(unitId ? { unitId } : {}) });
    expect(res.status).toBe(201);
    return t.login(username, 'Password#1');
  };
  const checkRow = (columnId: number, health: string, at: string) =>
    db.query(
      kind === 'mysql'
        ? 'INSERT INTO `link_checks` (`column_id`, `health`, `reason`, `redirects`, `requests`, `duration_ms`, `confirmation`, `checked_at`) VALUES (?, ?, ?, 0, 1, 10, 0, ?)'
        : 'INSERT INTO "link_checks" ("column_id", "health", "reason", "redirects", "requests", "duration_ms", "confirmation", "checked_at") VALUES (?, ?, ?, 0, 1, 10, 0, ?)',
      [columnId, health, health === 'ok' ? 'ok' : 'http_status', kind === 'mysql' ? new Date(at) : new Date(at).toISOString().replace('T', ' ').replace('Z', '')],
    );
  const sqlTime = (at: string) => (kind === 'mysql' ? new Date(at) : new Date(at).toISOString().replace('T', ' ').replace('Z', ''));
  const q = (name: string) => (kind === 'mysql' ? `\`${name}\`` : `"${name}"`);

  beforeAll(async () => {
    t = await startApp(kind, POLLING_ENV);
    db = t.app.get(DataSource);
    u.r1 = await unit('甲镇', 'R1');
    u.r2 = await unit('乙镇', 'R2');
    u.none = await unit('无编码局');
    u.r4 = await unit('丁局', 'R4');
    u.r5 = await unit('戊镇', 'R5');
    u.r6 = await unit('己镇', 'R6');
    u.r7 = await unit('庚镇', 'R7');
    [a1] = await ledgerAccounts(t, u.r1.name, '微信公众号', 1);
    [a2] = await ledgerAccounts(t, u.r1.name, '微博', 1);
    [b1] = await ledgerAccounts(t, u.r2.name, '微信公众号', 1);
    await ledgerAccounts(t, u.r2.name, '抖音', 1, '已注销');
    [d1] = await ledgerAccounts(t, u.r4.name, '微信公众号', 1);
    [e1] = await ledgerAccounts(t, u.r5.name, '今日头条', 1);
    await ledgerAccounts(t, u.r7.name, '微博', 1);
    reviewer = await user('reviewer');
    viewer = await user('viewer');
    operator = await user('operator', u.r1.id);

    await importPosts(a1, [
      'a1 季度第一刻,https://example.gov.cn/a1/1,2023-07-01T00:00:00+08:00,发布,',
      'a1 九月,https://example.gov.cn/a1/2,2023-09-25T10:00:00+08:00,发布,',
      `转发:${TASK_TITLE},https://example.gov.cn/a1/3,2023-08-10T15:00:00+08:00,转发,${SOURCE}`,
    ]);
    await importPosts(a2, [
      'a2 上季度最后一刻,https://example.gov.cn/a2/1,2023-06-30T23:59:59+08:00,发布,',
      'a2 下季度第一刻,https://example.gov.cn/a2/2,2023-10-01T00:00:00+08:00,发布,',
    ]);
    await importPosts(b1, ['b1 八月,https://example.gov.cn/b1/1,2023-08-01T09:00:00+08:00,发布,', 'b1 九月底,https://example.gov.cn/b1/2,2023-09-28T09:00:00+08:00,发布,']);
    await importPosts(d1, [
      'd1-1,https://example.gov.cn/d1/1,2023-07-05T09:00:00+08:00,发布,',
      'd1-2,https://example.gov.cn/d1/2,2023-08-05T09:00:00+08:00,发布,',
      'd1-3,https://example.gov.cn/d1/3,2023-09-05T09:00:00+08:00,发布,',
      'd1-4,https://example.gov.cn/d1/4,2023-09-20T09:00:00+08:00,发布,',
    ]);

    const task = await t.http
      .post('/api/repost-tasks')
      .set(admin())
      .send({
        title: TASK_TITLE,
        sourceUrl: SOURCE,
        issuedAt: '2023-08-10T09:00:00+08:00',
        dueAt: '2023-08-12T18:00:00+08:00',
        platforms: ['wechat'],
        unitIds: [u.r1.id, u.r2.id],
      });
    expect(task.status).toBe(201);
    await drain();

    // Columns: c1 (甲镇) was broken at the end of 2023Q3 and works now; c2 (乙镇) the other way round.
    const c1 = await t.http.post(`/api/accounts/${a1}/columns`).set(admin()).send({ name: '政务公开', url: 'https://example.gov.cn/zwgk/' });
    const c2 = await t.http.post(`/api/accounts/${b1}/columns`).set(admin()).send({ name: '办事服务', url: 'https://example.gov.cn/bsfw/' });
    expect([c1.status, c2.status]).toEqual([201, 201]);
    await db.query(`UPDATE ${q('columns')} SET ${q('created_at')} = ? WHERE ${q('id')} IN (?, ?)`, [sqlTime('2023-06-01T00:00:00Z'), c1.body.id, c2.body.id]);
    await checkRow(c1.body.id, 'broken', '2023-09-20T02:00:00Z');
    await checkRow(c1.body.id, 'ok', '2023-10-03T02:00:00Z');
    await checkRow(c2.body.id, 'ok', '2023-09-20T02:00:00Z');
    await checkRow(c2.body.id, 'broken', '2023-10-03T02:00:00Z');
    await db.query(`UPDATE ${q('columns')} SET ${q('health')} = ? WHERE ${q('id')} = ?`, ['ok', c1.body.id]);
    await db.query(`UPDATE ${q('columns')} SET ${q('health')} = ? WHERE ${q('id')} = ?`, ['broken', c2.body.id]);

    // 丁局 is abolished now (active at the end of 2023Q3); 戊镇 (with an account) and 己镇 (none) during 2023Q3; 庚镇 before it.
    for (const x of [u.r4, u.r5, u.r6, u.r7]) await t.http.post(`/api/units/${x.id}/abolish`).set(admin()).send({ reason: '机构改革' }).expect(200);
    await db.query(`UPDATE ${q('units')} SET ${q('abolished_at')} = ? WHERE ${q('id')} IN (?, ?)`, [sqlTime('2023-08-15T02:00:00Z'), u.r5.id, u.r6.id]);
    await db.query(`UPDATE ${q('units')} SET ${q('abolished_at')} = ? WHERE ${q('id')} = ?`, [sqlTime('2023-05-15T02:00:00Z'), u.r7.id]);
  });
  afterAll(() => t.close());

  it('keeps targets per quarter: a default and per-unit overrides, set by reviewers and admins only', async () => {
    expectError(await t.http.put('/api/targets').set(bearer(viewer)).send({ quarter: '2023Q3', posts: 3, reposts: 0 }), 403);
    expectError(await t.http.put('/api/targets').set(bearer(operator)).send({ quarter: '2023Q3', posts: 3, reposts: 0 }), 403);
    for (const bad of [
      { quarter: '2023Q5', posts: 1, reposts: 1 },
      { quarter: '2023Q3', posts: -1, reposts: 0 },
      { quarter: '2023Q3', posts: 1 },
      { quarter: '2023Q3', unitId: 99999999, posts: 1, reposts: 1 },
      { quarter: '2023Q3', posts: 1.5, reposts: 0 },
    ]) {
      const res = await t.http.put('/api/targets').set(admin()).send(bad);
      expectError(res, 400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    let res = await t.http.put('/api/targets').set(bearer(reviewer)).send({ quarter: '2023Q3', posts: 3, reposts: 0 });
    expect(res.status).toBe(200);
    res = await t.http.put('/api/targets').set(admin()).send({ quarter: '2023Q3', unitId: u.r1.id, posts: 5, reposts: 1 });
    expect(res.status).toBe(200);
    res = await t.http.put('/api/targets').set(admin()).send({ quarter: '2023q3', unitId: u.r1.id, posts: 2, reposts: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ quarter: '2023Q3', default: { posts: 3, reposts: 0 }, units: [{ unitId: u.r1.id, unitName: '甲镇', posts: 2, reposts: 1 }] });
    // A target of another quarter does not leak into 2023Q3.
    await t.http.put('/api/targets').set(admin()).send({ quarter: '2023Q2', posts: 100, reposts: 100 }).expect(200);
    await t.http.put('/api/targets').set(admin()).send({ quarter: '2023Q2', unitId: u.r2.id, posts: 1, reposts: 1 }).expect(200);
    res = await t.http.delete(`/api/targets?quarter=2023Q2&unitId=${u.r2.id}`).set(admin());
    expect(res.status).toBe(200);
    expect(res.body.units).toEqual([]);
    res = await t.http.get('/api/targets?quarter=2023Q3').set(bearer(viewer));
    expect(res.status).toBe(200);
    expect(res.body.default).toMatchObject({ posts: 3, reposts: 0 });
  });

  it('computes 2023Q3 with quarter boundaries, targets per unit, a unit without accounts and abolished units', async () => {
    const body = await report('quarter=2023Q3');
    expect(body).toMatchObject({
      quarter: '2023Q3',
      period: { from: '2023-06-30T16:00:00.000Z', to: '2023-09-30T16:00:00.000Z' },
      asOf: '2023-09-30T16:00:00.000Z',
      current: false,
      status: 'live',
      totals: { posts: 8, reposts: 1, accountsOpen: 5 },
      goodUnits: ['甲镇', '丁局'],
      unmetUnits: ['乙镇', '戊镇', '无编码局'],
      zeroPostUnits: ['戊镇', '无编码局'],
      repostNonCompliantUnits: ['乙镇'],
      brokenLinkUnits: ['甲镇'],
    });
    expect(body.units.map((r: any) => r.unitName)).toEqual(['甲镇', '乙镇', '丁局', '戊镇', '无编码局']);
    const row = (name: string) => body.units.find((r: any) => r.unitName === name);
    expect(row('甲镇')).toMatchObject({
      posts: 2,
      reposts: 1,
      targetPosts: 2,
      targetReposts: 1,
      targetSource: 'unit',
      met: true,
      accountsOpen: 2,
      accountsByPlatform: { wechat: 1, weibo: 1 },
      repostTasks: { required: 1, done: 1, missing: 0 },
      brokenColumns: 1,
      lastPostAt: '2023-09-25T02:00:00.000Z',
    });
    expect(row('乙镇')).toMatchObject({
      posts: 2,
      reposts: 0,
      targetPosts: 3,
      targetReposts: 0,
      targetSource: 'default',
      met: false,
      accountsOpen: 1,
      repostTasks: { required: 1, done: 0, missing: 1 },
      brokenColumns: 0,
    });
    expect(row('丁局')).toMatchObject({ posts: 4, met: true, unitStatus: 'active' });
    expect(row('戊镇')).toMatchObject({ posts: 0, met: false, unitStatus: 'abolished', accountsOpen: 1 });
    expect(row('无编码局')).toMatchObject({ posts: 0, accountsOpen: 0, lastPostAt: null, met: false });
    expect(body.inactiveAccounts.map((a: any) => [a.accountId, a.unitName, a.lastPostAt])).toEqual([
      [a2, '甲镇', '2023-06-30T15:59:59.000Z'],
      [e1, '戊镇', null],
    ]);
    expect(Array.isArray(body.findings)).toBe(true);
    answers.set(kind, comparable(body));
  });

  it('describes the current quarter from current column health and abolitions, and refuses future or malformed quarters', async () => {
    const body = await report('');
    expect(body.current).toBe(true);
    expect(body.brokenLinkUnits).toEqual(['乙镇']);
    const names = body.units.map((r: any) => r.unitName);
    expect(names).toContain('丁局');
    expect(body.units.find((r: any) => r.unitName === '丁局').unitStatus).toBe('abolished');
    expect(names).not.toContain('戊镇');
    expect(names).not.toContain('己镇');
    expect(names).not.toContain('庚镇');
    // No target for the current quarter: met means at least one post; nobody posted now.
    expect(body.goodUnits).toEqual([]);
    for (const bad of ['2023Q5', 'abc', '2999Q1']) {
      const res = await t.http.get(`/api/reports/quarterly?quarter=${bad}`).set(admin());
      expectError(res, 400);
      expect(res.body.message).toMatch(/季度/);
    }
    expectError(await t.http.get('/api/reports/quarterly?quarter=2023Q3&format=pdf').set(admin()), 400);
  });

  it('shows operators their own unit only and keeps the office documents from them', async () => {
    const body = await report('quarter=2023Q3', operator);
    expect(body.units.map((r: any) => r.unitName)).toEqual(['甲镇']);
    expect(body.totals).toMatchObject({ posts: 2, reposts: 1 });
    expect(body.unmetUnits).toEqual([]);
    expect(body.inactiveAccounts.map((a: any) => a.accountId)).toEqual([a2]);
    expectError(await t.http.get('/api/reports/quarterly?quarter=2023Q3&format=xlsx').set(bearer(operator)), 403);
    expectError(await t.http.get('/api/reports/quarterly?quarter=2023Q3&format=docx').set(bearer(operator)), 403);
    expect((await report('quarter=2023Q3', viewer)).units).toHaveLength(5);
  });

  it('exports the statistics table as XLSX: title, one row per unit, totals, frozen header, A4 landscape', async () => {
    const res = await t.http.get('/api/reports/quarterly?quarter=2023Q3&format=xlsx').set(bearer(viewer)).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('2023年第三季度政务新媒体监管情况统计表.xlsx')}`);
    const sheet = await xlsxOf(res.body);
    expect(sheet.getCell('A1').value).toBe('2023年第三季度政务新媒体监管情况统计表');
    const headers = (sheet.getRow(3).values as unknown[]).map((v) => (v === undefined || v === null ? '' : String(v)));
    const top = (sheet.getRow(2).values as unknown[]).map((v) => (v === undefined || v === null ? '' : String(v)));
    const col = (name: string, group?: string) =>
      headers.findIndex(
        (h, i) =>
          h === name &&
          (!group ||
            top[i] === group ||
            top
              .slice(0, i + 1)
              .filter((g) => g)
              .pop() === group),
      );
    expect(top).toContain('序号');
    const names = [4, 5, 6, 7, 8].map((r) => sheet.getRow(r).getCell(2).value);
    expect(names).toEqual(['甲镇', '乙镇', '丁局', '戊镇（已撤并）', '无编码局']);
    const totals = sheet.getRow(9);
    expect(totals.getCell(2).value).toBe('合计');
    const postsCol = col('发布', '信息数量（条）');
    expect(postsCol).toBeGreaterThan(2);
    expect(totals.getCell(postsCol).value).toBe(8);
    expect(totals.getCell(postsCol + 1).value).toBe(1);
    expect(sheet.getRow(4).getCell(postsCol).value).toBe(2);
    expect(sheet.getRow(5).getCell(col('完成情况')).value).toBe('未完成');
    expect(String(sheet.getRow(5).getCell(headers.length - 1).value)).toContain('未完成转发任务1项');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:3' });
    expect(sheet.getColumn(2).width).toBeGreaterThan(15);
  });

  it('drafts the bulletin as DOCX with the sections of the reference and the statistics table attached', async () => {
    const res = await t.http.get('/api/reports/quarterly?quarter=2023Q3&format=docx').set(admin()).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('关于2023年第三季度政务新媒体工作检查情况的通报.docx'));
    const text = await docxText(res.body);
    expect(text).toContain('关于2023年第三季度政务新媒体工作检查情况的通报');
    for (const section of ['一、基本情况', '二、存在问题', '三、工作要求']) expect(text).toContain(section);
    expect(text).toContain('全区政府系统政务新媒体信息发布8条，转发1条');
    expect(text).toContain('做的好的单位有甲镇、丁局。');
    expect(text).toContain('一是');
    expect(text).toContain('乙镇没有完成国办公开办转发任务');
    expect(text).toContain('甲镇栏目链接无法正常访问');
    expect(text).toContain('戊镇、无编码局政务新媒体信息发布为0');
    expect(text).toContain('严防先开设后申请、已注销仍运行、监管和实体脱离、一平台开设多个账号');
    expect(text).toContain('附件：2023年第三季度政务新媒体监管情况统计表');
    expect(text).toContain('政务公开办');
    expect(text.indexOf('一、基本情况')).toBeLessThan(text.indexOf('二、存在问题'));
    expect(text.indexOf('二、存在问题')).toBeLessThan(text.indexOf('三、工作要求'));
  });

  it('publishes a quarter: the figures are frozen until republished, live figures stay available', async () => {
    expectError(await t.http.post('/api/reports/quarterly/publish').set(bearer(viewer)).send({ quarter: '2023Q3' }), 403);
    expectError(await t.http.post('/api/reports/quarterly/publish').set(bearer(operator)).send({ quarter: '2023Q3' }), 403);
    const res = await t.http.post('/api/reports/quarterly/publish').set(bearer(reviewer)).send({ quarter: '2023Q3' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'published', publishedBy: 'reviewer_report', totals: { posts: 8 } });
    // The data changes afterwards: a late-imported post and a changed target.
    await importPosts(b1, ['b1 补录,https://example.gov.cn/b1/3,2023-09-29T09:00:00+08:00,发布,']);
    await t.http.put('/api/targets').set(admin()).send({ quarter: '2023Q3', posts: 1, reposts: 0 }).expect(200);
    const frozen = await report('quarter=2023Q3', viewer);
    expect(frozen).toMatchObject({ status: 'published', totals: { posts: 8 }, unmetUnits: ['乙镇', '戊镇', '无编码局'] });
    const live = await report('quarter=2023Q3&live=true');
    expect(live).toMatchObject({ status: 'live', totals: { posts: 9 } });
    expect(live.unmetUnits).toEqual(['戊镇', '无编码局']);
    const docx = await t.http.get('/api/reports/quarterly?quarter=2023Q3&format=docx').set(admin()).buffer(true).parse(binary);
    expect(await docxText(docx.body)).toContain('信息发布8条');
    expectError(await t.http.post('/api/reports/quarterly/publish').set(admin()).send({ quarter: '2023Q3' }), 409);
    const again = await t.http.post('/api/reports/quarterly/publish').set(admin()).send({ quarter: '2023Q3', replace: true });
    expect(again.status).toBe(201);
    expect(again.body.totals.posts).toBe(9);
    expectError(await t.http.delete('/api/reports/quarterly/publish?quarter=2023Q3').set(bearer(reviewer)), 403);
    expect((await t.http.delete('/api/reports/quarterly/publish?quarter=2023Q3').set(admin())).status).toBe(200);
    expect((await report('quarter=2023Q3')).status).toBe('live');
  });
});

describe('quarterly report: the same answer on every database', () => {
  it('answers 2023Q3 identically on SQLite and MariaDB', () => {
    const kinds = databasesUnderTest();
    if (kinds.length < 2) return;
    expect(answers.get('mysql')).toEqual(answers.get('sqlite'));
  });
});
