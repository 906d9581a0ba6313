import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createUnit, expectError, Fixture, historyOf, seedFixture, totals, uniqueTag } from './support/fixtures';

const HEADERS = ['单位', '平台', '账号名称', '账号ID', '主页链接', '开设时间', '负责人', '联系电话', '状态'];
type Row = ExcelJS.CellValue[];

async function xlsx(rows: Row[], headers: string[] = HEADERS): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('台账').addRows([headers, ...rows]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csv(rows: Row[]): string {
  const quote = (v: Row[number]) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [HEADERS, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** Reads a binary response body into a Buffer. */
function binary(res: any, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe.each(databasesUnderTest())('ledger import (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, name = 'ledger.xlsx', token = t.adminToken, app = t) => app.http.post('/api/accounts/import').set(bearer(token)).attach('file', file, name);
  const accountsOf = async (unitId: number) => (await t.http.get(`/api/accounts?unitId=${unitId}&pageSize=200`).set(bearer(t.adminToken))).body.items;
  /** Three good rows for a fresh unit, one per platform. */
  const goodRows = (unit: string): Row[] => [
    [unit, '微信公众号', `${unit}发布`, 'gh_0001', 'https://mp.weixin.qq.com/', '2021-03-05', '张三', '0917-0000001', '已开设'],
    // As Excel stores them: numbers for IDs and phones, a date cell, a clickable link.
    [
      unit,
      '微博',
      `${unit}微博`,
      10001,
      { text: 'https://weibo.com/u/10001', hyperlink: 'https://weibo.com/u/10001' },
      new Date(Date.UTC(2020, 11, 31)),
      '李四',
      13800000000,
      '正常',
    ],
    [unit, '抖音', `${unit}抖音`, null, null, '2019/7/1', null, null, null],
  ];

  /** Expects a refused import that names exactly these spreadsheet rows and adds nothing. */
  async function refused(file: Buffer, rows: number[], mentions: string[] = [], name?: string) {
    const before = await totals(t);
    const res = await upload(file, name);
    expectError(res, 400);
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual(rows);
    for (const [i, text] of mentions.entries()) expect(res.body.errors[i].message).toContain(text);
    expect(await totals(t)).toEqual(before);
    return res;
  }

  it('imports a good file: opened accounts, dates at midnight Asia/Shanghai, an import entry in history', async () => {
    const unit = await createUnit(t);
    const before = await totals(t);
    const res = await upload(await xlsx(goodRows(unit.name)));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 3 });
    expect((await totals(t)).accounts).toBe(before.accounts + 3);
    const byName = new Map((await accountsOf(unit.id)).map((a: { name: string }) => [a.name, a]));
    expect(byName.get(`${unit.name}发布`)).toMatchObject({
      state: 'opened',
      platform: 'wechat',
      platformAccountId: 'gh_0001',
      homepageUrl: 'https://mp.weixin.qq.com/',
      operatorName: '张三',
      operatorPhone: '0917-0000001',
      openedAt: '2021-03-04T16:00:00.000Z',
    });
    expect(byName.get(`${unit.name}微博`)).toMatchObject({
      state: 'opened',
      platform: 'weibo',
      platformAccountId: '10001',
      homepageUrl: 'https://weibo.com/u/10001',
      operatorPhone: '13800000000',
      openedAt: '2020-12-30T16:00:00.000Z',
    });
    expect(byName.get(`${unit.name}抖音`)).toMatchObject({ state: 'opened', platform: 'douyin', openedAt: '2019-06-30T16:00:00.000Z', platformAccountId: null });
    const history = await historyOf(t, (byName.get(`${unit.name}发布`) as { id: number }).id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'import', fromState: null, toState: 'opened', actor: { username: 'admin' }, at: '2021-03-04T16:00:00.000Z' });
  });

  describe('one bad row among good ones: 400 naming the row, nothing imported', () => {
    const variants: [string, (unit: string) => Row, string][] = [
      ['an unknown unit', () => ['不存在的镇', '快手', '某快手号', null, null, '2021-03-05', null, null, null], '不存在的镇'],
      ['an unknown platform', (u) => [u, '脸书', '某脸书号', null, null, '2021-03-05', null, null, null], '脸书'],
      ['an impossible date', (u) => [u, '快手', '某快手号', null, null, '2021-02-30', null, null, null], '开设时间'],
      ['a date in words', (u) => [u, '快手', '某快手号', null, null, '去年三月', null, null, null], '开设时间'],
      ['a date in the future', (u) => [u, '快手', '某快手号', null, null, `${new Date().getFullYear() + 1}-01-01`, null, null, null], '不能晚于'],
      ['a non-http homepage', (u) => [u, '快手', '某快手号', null, 'ftp://example.com/x', '2021-03-05', null, null, null], 'ftp://example.com/x'],
      ['a missing account name', (u) => [u, '快手', null, 'ks1', null, '2021-03-05', null, null, null], '账号名称'],
      ['an unknown state', (u) => [u, '快手', '某快手号', null, null, '2021-03-05', null, null, '暂停'], '暂停'],
    ];
    it.each(variants)('%s', async (_label, bad, mention) => {
      const unit = await createUnit(t);
      const [first, second] = goodRows(unit.name);
      await refused(await xlsx([first, bad(unit.name), second]), [3], [mention]);
      expect(await accountsOf(unit.id)).toEqual([]);
    });

    it('lists every bad row by its spreadsheet row number', async () => {
      const unit = await createUnit(t);
      const [a, b, c] = goodRows(unit.name);
      const rows: Row[] = [
        a,
        ['', '', '', '', '', '', '', '', ''],
        [unit.name, '脸书', 'x', null, null, null, null, null, null],
        b,
        [unit.name, '快手', null, null, null, null, null, null, null],
        c,
      ];
      await refused(await xlsx(rows), [4, 6], ['脸书', '账号名称']);
    });
  });

  it('takes only deregistered accounts for an abolished unit', async () => {
    const unit = await createUnit(t);
    await t.http.post(`/api/units/${unit.id}/abolish`).set(bearer(t.adminToken)).send({ reason: '撤并' }).expect(200);
    const headers = [...HEADERS, '注销时间'];
    const live = [unit.name, '微信', '撤并前发布', null, null, '2018-01-01', null, null, '已开设', null];
    const closed = [unit.name, '微博', '撤并前微博', null, null, '2018-01-01', null, null, '已注销', '2020-06-30'];
    await refused(await xlsx([closed, live], headers), [3], ['已撤并']);
    expect((await upload(await xlsx([closed], headers))).body).toEqual({ imported: 1 });
    expect(await accountsOf(unit.id)).toEqual([expect.objectContaining({ state: 'deregistered', deregisteredAt: '2020-06-29T16:00:00.000Z' })]);
  });

  it('refuses importing the same file twice, naming the duplicates', async () => {
    const unit = await createUnit(t);
    const file = await xlsx(goodRows(unit.name));
    expect((await upload(file)).body).toEqual({ imported: 3 });
    const again = await refused(file, [2, 3, 4]);
    expect(again.body.errors[0].message).toContain(`${unit.name}发布`);
    expect(await accountsOf(unit.id)).toHaveLength(3);
  });

  it('reads CSV saved by Excel on Chinese Windows (GB18030) and UTF-8 with a BOM', async () => {
    const unit = await createUnit(t, { name: `城关镇${uniqueTag()}` });
    const gbk = iconv.encode(csv([[unit.name, '今日头条', '城关镇头条号', 'tt01', 'https://www.toutiao.com/c/user/tt01/', '2022年1月2日', '王五', null, '已开设']]), 'gb18030');
    expect(gbk.includes(Buffer.from('城关镇头条号'))).toBe(false);
    expect((await upload(gbk, 'ledger.csv')).body).toEqual({ imported: 1 });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv([[unit.name, '哔哩哔哩', '城关镇B站, "官方"', null, null, '2022.1.3', null, null, null]]))]);
    expect((await upload(bom, 'ledger.csv')).body).toEqual({ imported: 1 });
    const names = (await accountsOf(unit.id)).map((a: { name: string; openedAt: string }) => [a.name, a.openedAt]);
    expect(names).toEqual(
      expect.arrayContaining([
        ['城关镇头条号', '2022-01-01T16:00:00.000Z'],
        ['城关镇B站, "官方"', '2022-01-02T16:00:00.000Z'],
      ]),
    );
  });

  describe('refuses what is not a ledger', () => {
    let seed = 42;
    const noise = Buffer.from(Array.from({ length: 3000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256));
    const files: [string, Buffer, string][] = [
      ['random bytes', noise, 'ledger.xlsx'],
      ['a PNG image', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), noise]), 'ledger.png'],
      ['an old .xls (OLE) file', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise]), 'ledger.xls'],
      ['a broken zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), noise]), 'ledger.xlsx'],
      ['an empty file', Buffer.alloc(0), 'ledger.xlsx'],
      ['a CSV without the required headers', Buffer.from('name,platform\n甲,微信\n'), 'ledger.csv'],
    ];
    it.each(files)('%s', async (_label, file, name) => {
      const before = await totals(t);
      const res = await upload(file, name);
      expectError(res, 400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await totals(t)).toEqual(before);
    });

    it('an old .xls, with advice to save as .xlsx', async () => {
      const res = await upload(files[2][1], 'ledger.xls');
      expect(res.body.message).toContain('.xlsx');
    });

    it('a request without a file, or with the file under another field name', async () => {
      expectError(await t.http.post('/api/accounts/import').set(bearer(t.adminToken)), 400);
      expectError(await t.http.post('/api/accounts/import').set(bearer(t.adminToken)).field('note', 'x'), 400);
      expectError(
        await t.http
          .post('/api/accounts/import')
          .set(bearer(t.adminToken))
          .attach('upload', Buffer.from(csv([])), 'ledger.csv'),
        400,
      );
    });
  });

  it('answers 413 for a file over UPLOAD_MAX_BYTES and accepts one under it', async () => {
    const small = await startApp(kind, { UPLOAD_MAX_BYTES: '2048' });
    try {
      const unit = await createUnit(small);
      const big = await upload(Buffer.from(csv([[unit.name, '微信', '大文件号', null, null, null, null, null, null]]) + ','.repeat(3000)), 'ledger.csv', small.adminToken, small);
      expectError(big, 413);
      expect((await totals(small)).accounts).toBe(0);
      const ok = await upload(Buffer.from(csv([[unit.name, '微信', '小文件号', null, null, null, null, null, null]])), 'ledger.csv', small.adminToken, small);
      expect(ok.body).toEqual({ imported: 1 });
    } finally {
      await small.close();
    }
  });

  it("lets an operator import only their own unit's rows, and a viewer nothing", async () => {
    const rowFor = (unit: string, platform: string) => [unit, platform, `${unit}${platform}`, null, null, '2021-03-05', null, null, null];
    const mixed = await xlsx([rowFor(f.unitA.name, '微信'), rowFor(f.unitB.name, '微信')]);
    const before = await totals(t);
    const res = await upload(mixed, 'ledger.xlsx', f.operatorAToken);
    expectError(res, 400);
    expect(res.body.errors).toEqual([{ row: 3, message: expect.stringContaining(f.unitB.name) }]);
    expectError(await upload(mixed, 'ledger.xlsx', f.viewerToken), 403);
    expect(await totals(t)).toEqual(before);
    const own = await upload(await xlsx([rowFor(f.unitA.name, '微信')]), 'ledger.xlsx', f.operatorAToken);
    expect(own.body).toEqual({ imported: 1 });
    expect(await accountsOf(f.unitB.id)).toEqual([]);
  });

  it('serves a template that, once filled in, imports', async () => {
    const res = await t.http.get('/api/accounts/import/template').set(bearer(f.viewerToken)).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(HEADERS));
    const unit = await createUnit(t);
    const unitColumn = header.indexOf('单位') + 1;
    expect(sheet.rowCount).toBe(2);
    sheet.getRow(2).getCell(unitColumn).value = unit.name;
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    expect((await upload(filled)).body).toEqual({ imported: 1 });
    const [account] = await accountsOf(unit.id);
    expect(account).toMatchObject({ state: 'opened', platform: 'wechat', openedAt: '2021-03-04T16:00:00.000Z' });
  });
});
