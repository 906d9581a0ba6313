import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, expectError, Fixture, seedFixture, totals, uniqueTag } from './support/fixtures';

const HEADER = '平台,账号名称,账号ID,主页链接,认证主体,最近发布';

/** supertest parser keeping a binary body (XLSX) as a Buffer. */
const binary = (response: any, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (c: Buffer) => chunks.push(c));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Account discovery (api.md v1.1 "Platforms and discovery"): import, classes, triage and their effects. */
describe.each(databasesUnderTest())('account discovery (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let registered: { id: number };
  let gone: { id: number };
  let batchId: number;
  const rows: Record<string, { id: number; status: string; reason: string; matchedAccountId: number | null; matchedUnit: { id: number } | null }> = {};

  const admin = () => bearer(f.adminToken);
  const act = async (token: string, id: number, body: Record<string, unknown>) => {
    const res = await t.http.post(`/api/accounts/${id}/transitions`).set(bearer(token)).send(body);
    if (res.status !== 200) throw new Error(`transition ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const upload = (content: string | Buffer, name = 'discovery.csv', token = f.adminToken) =>
    t.http
      .post('/api/discoveries/import')
      .set(bearer(token))
      .attach('file', typeof content === 'string' ? Buffer.from(content) : content, name);
  const triage = (id: number, body: Record<string, unknown>, token = f.adminToken) => t.http.post(`/api/discoveries/${id}/triage`).set(bearer(token)).send(body);
  const batchCount = async () => ((await t.http.get('/api/discoveries/batches').set(admin())).body as unknown[]).length;

  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
    registered = await createAccount(t, f.operatorAToken, {
      unitId: f.unitA.id,
      platform: 'weibo',
      name: '甲镇发布',
      platformAccountId: '1234567890',
      homepageUrl: 'https://weibo.com/u/1234567890',
    });
    await act(f.reviewerToken, registered.id, { action: 'approve' });
    await act(f.operatorAToken, registered.id, { action: 'open', at: '2023-01-03T09:00:00.000Z' });
    gone = await createAccount(t, f.operatorBToken, {
      unitId: f.unitB.id,
      platform: 'douyin',
      name: '乙镇抖音',
      homepageUrl: 'https://www.douyin.com/user/MS4wLjABAAAAyizhen-gone',
      platformAccountId: 'yizhen_douyin_01',
    });
    await act(f.reviewerToken, gone.id, { action: 'approve' });
    await act(f.operatorBToken, gone.id, { action: 'open', at: '2022-05-01T09:00:00.000Z' });
    await act(f.operatorBToken, gone.id, { action: 'request_deregistration', reason: '机构调整' });
    await act(f.reviewerToken, gone.id, { action: 'deregister', at: '2023-03-01T02:00:00.000Z' });
  });
  afterAll(() => t.close());

  it('imports a list and classifies every row with the reason (registered, deregistered_active, deregistered, undeclared, unrelated)', async () => {
    const csv = [
      HEADER,
      '微博,甲镇发布,1234567890,,,2023-08-01',
      `抖音,乙镇抖音,,https://www.iesdouyin.com/share/user/MS4wLjABAAAAyizhen-gone/?u_code=abc&did=1,,2023-08-20 10:00`,
      `douyin,乙镇抖音旧号,,https://www.douyin.com/user/MS4wLjABAAAAyizhen-gone,,2023-02-01`,
      `快手,${f.unitA.name}文旅,,https://live.kuaishou.com/profile/3xjiazhen01?fid=0,,2023-08-02`,
      `微博,${f.unitB.name}发布厅,9988776655,,${f.unitB.name}(冒用),2023-08-05`,
      '小红书,某地美食探店,5ff0e6410000000001008499,,,',
    ].join('\n');
    const res = await upload(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ batchId: expect.any(Number), rows: 6 });
    batchId = res.body.batchId;
    const list = await t.http.get('/api/discoveries').query({ batchId, pageSize: 50 }).set(admin());
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(6);
    const [reg, active, dereg, undeclared, impostor, unrelated] = list.body.items;
    Object.assign(rows, { reg, active, dereg, undeclared, impostor, unrelated });
    expect(reg).toMatchObject({ rowNumber: 2, status: 'registered', matchedAccountId: registered.id, triage: null, platformName: '微博' });
    expect(reg.reason).toContain('账号ID“1234567890”相同');
    expect(active).toMatchObject({ status: 'deregistered_active', matchedAccountId: gone.id, matchedUnit: { id: f.unitB.id } });
    expect(active.reason).toMatch(/主页链接相同.*注销于 2023-03-01，最近发布于 2023-08-20/);
    expect(dereg).toMatchObject({ status: 'deregistered', matchedAccountId: gone.id });
    expect(undeclared).toMatchObject({ status: 'undeclared', matchedUnit: { id: f.unitA.id }, matchedAccountId: null });
    expect(undeclared.reason).toContain(`账号名称包含单位名称“${f.unitA.name}”`);
    expect(impostor).toMatchObject({ status: 'undeclared', matchedUnit: { id: f.unitB.id } });
    expect(impostor.reason).toContain('认证主体');
    expect(unrelated).toMatchObject({ status: 'unrelated', matchedUnit: null });
    const filtered = await t.http.get('/api/discoveries').query({ batchId, status: 'undeclared' }).set(admin());
    expect(filtered.body.items.map((r: { id: number }) => r.id)).toEqual([undeclared.id, impostor.id]);
    const batches = await t.http.get('/api/discoveries/batches').set(admin());
    expect(batches.body[0]).toMatchObject({
      id: batchId,
      fileName: 'discovery.csv',
      rows: 6,
      untriaged: 6,
      byStatus: { registered: 1, deregistered_active: 1, deregistered: 1, undeclared: 2, unrelated: 1 },
    });
  });

  it('reads XLSX files, and a deregistered account still posting by its stored posts', async () => {
    const csv = ['标题,链接,发布时间,类型', `乙镇动态,https://www.douyin.com/video/${uniqueTag()},2023-09-01 10:00,发布`].join('\n');
    // Posts stored for a deregistered account (e.g. imported by the office as evidence).
    const stored = await t.http.post(`/api/accounts/${gone.id}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    expect(stored.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('清单');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['抖音', '乙镇抖音', 'MS4wLjABAAAAyizhen-gone', null, null, null]);
    const res = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), 'discovery.xlsx');
    expect(res.status).toBe(200);
    const [row] = (await t.http.get('/api/discoveries').query({ batchId: res.body.batchId }).set(admin())).body.items;
    expect(row).toMatchObject({ status: 'deregistered_active', matchedAccountId: gone.id });
    expect(row.reason).toMatch(/最近发布于 2023-09-01/);
  });

  it('claim creates an application for the unit; its earlier posts open the opened-before-approval finding', async () => {
    const before = await totals(t);
    const res = await triage(rows.undeclared.id, { action: 'claim', unitId: f.unitA.id, note: '经核实为甲镇文旅站开设' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ triage: 'claimed', triageUnit: { id: f.unitA.id }, claimedAccountId: expect.any(Number), triagedAt: expect.any(String) });
    expect((await totals(t)).accounts).toBe(before.accounts + 1);
    const account = (await t.http.get(`/api/accounts/${res.body.claimedAccountId}`).set(admin())).body;
    expect(account).toMatchObject({ unitId: f.unitA.id, platform: 'kuaishou', state: 'applied', homepageUrl: expect.stringContaining('kuaishou.com/profile/3xjiazhen01') });
    const csv = ['标题,链接,发布时间,类型', `文旅推介,https://www.kuaishou.com/short-video/${uniqueTag()},2023-08-02 09:00,发布`].join('\n');
    expect((await t.http.post(`/api/accounts/${account.id}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv')).status).toBe(200);
    expect((await t.http.post('/api/findings/scan?wait=true').set(admin())).status).toBeLessThan(300);
    const findings = await t.http.get('/api/findings').query({ kind: 'opened_before_approval', pageSize: 200 }).set(admin());
    expect(findings.body.items.some((x: { accountId: number }) => x.accountId === account.id)).toBe(true);
  });

  it('impostor records a 假冒 case: listed in the quarter report and known to the public verification', async () => {
    const res = await triage(rows.impostor.id, { action: 'impostor', note: '冒用乙镇名称发布,截图已存档' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ triage: 'impostor', triageUnit: { id: f.unitB.id }, triageNote: '冒用乙镇名称发布,截图已存档' });
    const quarter = currentQuarter();
    const report = await t.http.get('/api/reports/quarterly').query({ quarter, live: true }).set(admin());
    expect(report.body.impostors).toEqual([expect.objectContaining({ discoveryId: rows.impostor.id, platform: 'weibo', unitId: f.unitB.id, note: '冒用乙镇名称发布,截图已存档' })]);
    const earlier = await t.http.get('/api/reports/quarterly').query({ quarter: '2023Q3', live: true }).set(admin());
    expect(earlier.body.impostors).toEqual([]);
    const forB = await t.http.get('/api/reports/quarterly').query({ quarter, live: true }).set(bearer(f.operatorBToken));
    expect(forB.body.impostors).toHaveLength(1);
    const forA = await t.http.get('/api/reports/quarterly').query({ quarter, live: true }).set(bearer(f.operatorAToken));
    expect(forA.body.impostors).toEqual([]);
    for (const query of [{ platform: 'weibo', id: '9988776655' }, { url: 'https://m.weibo.cn/u/9988776655?luicode=1' }]) {
      const verified = await t.http.get('/api/public/verify').query(query);
      expect(verified.body).toMatchObject({ verified: false, status: 'impostor', platform: 'weibo', platformName: '微博' });
    }
    const docx = await t.http
      .get('/api/reports/quarterly')
      .query({ quarter, live: true, format: 'docx' })
      .set(admin())
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const xml = await (await JSZip.loadAsync(docx.body as Buffer)).file('word/document.xml')!.async('string');
    expect([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')).toContain(
      `发现假冒政务新媒体账号。微博“${f.unitB.name}发布厅”（冒用${f.unitB.name}名义）`,
    );
    const page = await t.http.get('/directory').query({ verify: 'https://weibo.com/u/9988776655' });
    expect(page.text).toContain('假冒账号');
  });

  it('the XLSX statistics table lists the quarter’s impostors on a sheet of their own (title, borders, A4, 宋体)', async () => {
    const quarter = currentQuarter();
    const file = await t.http.get('/api/reports/quarterly').query({ quarter, live: true, format: 'xlsx' }).set(admin()).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['监管情况统计表', '假冒账号']);
    const sheet = workbook.getWorksheet('假冒账号')!;
    expect(String(sheet.getCell('A1').value)).toMatch(/年第.季度发现的假冒政务新媒体账号$/);
    expect(String(sheet.getCell('A2').value)).toContain('共 1 个');
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['序号', '平台', '账号名称', '账号ID', '主页链接', '认证主体', '冒用单位', '证据及处置', '认定日期']);
    const row = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(row.slice(0, 4)).toEqual([1, '微博', `${f.unitB.name}发布厅`, '9988776655']);
    expect(row.slice(5, 8)).toEqual([`${f.unitB.name}(冒用)`, f.unitB.name, '冒用乙镇名称发布,截图已存档']);
    expect(row[8]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const cell of [sheet.getCell('A1'), sheet.getCell('C4'), sheet.getCell('H4')]) expect(cell.font?.name).toBe('宋体');
    expect(sheet.getCell('C4').border?.left?.style).toBe('thin');
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
    // A quarter without any: the sheet says so rather than being left out.
    const earlier = await t.http.get('/api/reports/quarterly').query({ quarter: '2023Q3', live: true, format: 'xlsx' }).set(admin()).buffer(true).parse(binary);
    const before = new ExcelJS.Workbook();
    await before.xlsx.load(earlier.body as unknown as ArrayBuffer);
    expect(before.getWorksheet('假冒账号')!.getCell('A4').value).toBe('本季度未发现假冒账号');
  });

  it('dismiss needs a note and closes the row; a row is triaged once (409)', async () => {
    const noNote = await triage(rows.unrelated.id, { action: 'dismiss' });
    expectError(noNote, 400);
    expect(noNote.body.message).toContain('说明');
    const res = await triage(rows.unrelated.id, { action: 'dismiss', note: '外地商家账号，与本区无关' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ triage: 'dismissed', triageNote: '外地商家账号，与本区无关' });
    for (const [row, body] of [
      [rows.unrelated, { action: 'dismiss', note: '再来一次' }],
      [rows.undeclared, { action: 'claim', unitId: f.unitA.id }],
      [rows.impostor, { action: 'dismiss', note: 'x' }],
    ] as const) {
      const again = await triage(row.id, body);
      expectError(again, 409);
      expect(again.body.message).toContain('不能重复处理');
    }
    const untriaged = await t.http.get('/api/discoveries').query({ batchId, triage: 'none' }).set(admin());
    expect(untriaged.body.items.map((r: { id: number }) => r.id).sort()).toEqual([rows.reg.id, rows.active.id, rows.dereg.id].sort());
  });

  it('refuses a claim without a unit, of a registered account, or one the one-per-platform rule forbids; the row stays untriaged', async () => {
    const before = await totals(t);
    expectError(await triage(rows.active.id, { action: 'claim' }), 400);
    expectError(await triage(rows.reg.id, { action: 'claim', unitId: f.unitA.id }), 409);
    expectError(await triage(rows.reg.id, { action: 'impostor' }), 409);
    // 乙镇 has no live 抖音 account (deregistered), but 甲镇 gets one first.
    await createAccount(t, f.adminToken, { unitId: f.unitA.id, platform: 'douyin', name: '甲镇抖音' });
    const refused = await triage(rows.active.id, { action: 'claim', unitId: f.unitA.id });
    expectError(refused, 409);
    expect(refused.body.message).toContain('抖音');
    expect((await totals(t)).accounts).toBe(before.accounts + 1);
    const row = (await t.http.get('/api/discoveries').query({ batchId, status: 'deregistered_active' }).set(admin())).body.items[0];
    expect(row.triage).toBeNull();
    expectError(await triage(999999, { action: 'dismiss', note: 'x' }), 404);
    expectError(await triage(rows.active.id, { action: 'promote' }), 400);
  });

  it('refuses bad files naming the rows, and imports nothing', async () => {
    const before = await batchCount();
    const missing = await upload('账号名称,账号ID\n甲镇发布,1');
    expectError(missing, 400);
    expect(missing.body.message).toContain('平台');
    const bad = await upload([HEADER, '脸书,甲镇脸书,123,,,', '微博,没有标识,,,,', '微博,好的一行,1234,,,'].join('\n'));
    expectError(bad, 400);
    expect(bad.body.errors).toEqual([
      { row: 2, message: expect.stringContaining('平台“脸书”无法识别') },
      { row: 3, message: expect.stringContaining('账号ID和主页链接至少填写一项') },
    ]);
    expectError(await upload(Buffer.alloc(0)), 400);
    expectError(await t.http.post('/api/discoveries/import').set(admin()), 400);
    expect(await batchCount()).toBe(before);
    expectError(await t.http.get('/api/discoveries').query({ status: 'lost' }).set(admin()), 400);
    expectError(await t.http.get('/api/discoveries').query({ batchId: 999999 }).set(admin()), 404);
  });

  it('is office work: operators and viewers get 403', async () => {
    for (const token of [f.operatorAToken, f.viewerToken]) {
      expectError(await upload([HEADER, '微博,x,1,,,'].join('\n'), 'd.csv', token), 403);
      expectError(await t.http.get('/api/discoveries').set(bearer(token)), 403);
      expectError(await t.http.get('/api/discoveries/batches').set(bearer(token)), 403);
      expectError(await triage(rows.dereg.id, { action: 'dismiss', note: 'x' }, token), 403);
    }
    const reviewer = await t.http.get('/api/discoveries').set(bearer(f.reviewerToken));
    expect(reviewer.status).toBe(200);
  });
});

function currentQuarter(): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  return `${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}
