import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { ledgerAccounts, POLLING_ENV } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError } from './support/fixtures';

/** api.md v1.1 "Reports: period semantics and letterhead": a quarter as of its last instant; 发文机关/文号/成文日期. */

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function docxParts(body: Buffer): Promise<{ document: string; text: string; footers: string[] }> {
  const zip = await JSZip.loadAsync(body);
  const document = await zip.file('word/document.xml')!.async('string');
  const footers = await Promise.all(zip.file(/^word\/footer\d*\.xml$/).map((f) => f.async('string')));
  const text = [...document.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return { document, text, footers };
}

describe.each(databasesUnderTest())('quarterly report: period semantics and letterhead (%s)', (kind) => {
  let t: TestApp;
  let reviewer: string;
  let town: { id: number; name: string };
  let account: number;
  const admin = () => bearer(t.adminToken);
  const drain = () => t.app.get<JobQueue>(JOB_QUEUE).drain();
  const report = async (quarter: string) => {
    const res = await t.http.get(`/api/reports/quarterly?quarter=${quarter}`).set(admin());
    expect(res.status).toBe(200);
    return res.body;
  };
  const docx = async (quarter: string) => {
    const res = await t.http.get(`/api/reports/quarterly?quarter=${quarter}&format=docx`).set(admin()).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    return docxParts(res.body);
  };

  beforeAll(async () => {
    // No RECERTIFY_START_DATE: the cycle starts the day the system first runs it (today).
    t = await startApp(kind, POLLING_ENV);
    const unit = await t.http.post('/api/units').set(admin()).send({ name: '期末镇', kind: 'town', code: 'P1' });
    town = unit.body;
    await t.http.post('/api/units').set(admin()).send({ name: '无帖局', kind: 'department', code: 'P2' });
    [account] = await ledgerAccounts(t, town.name, '微信公众号', 1); // opened 2021-03-05
    const word = await t.http.post('/api/error-words').set(admin()).send({ wrong: '再接再励', correct: '再接再厉', category: 'common' });
    expect([201, 409]).toContain(word.status); // 409: already in the built-in library
    const csv = [
      '标题,链接,发布时间,类型,来源链接',
      '期末镇再接再励推进工作,https://example.gov.cn/p/1,2023-08-01T09:00:00+08:00,发布,',
      '期末镇九月,https://example.gov.cn/p/2,2023-09-20T09:00:00+08:00,发布,',
    ].join('\n');
    const imported = await t.http.post(`/api/accounts/${account}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    expect(imported.status).toBe(200);
    await drain();
    const scan = await t.http.post('/api/findings/scan?wait=true').set(admin());
    expect(scan.status).toBeLessThan(300);
    const user = await t.http.post('/api/users').set(admin()).send({ username: 'reviewer_period', password: 'Password#1', role: 'reviewer' });
    expect(user.status).toBe(201);
    reviewer = await t.login('reviewer_period', 'Password#1');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a quarter before the re-certification cycle started has no re-certification lines', async () => {
    const r = await report('2023Q3');
    expect(r.recertifyOverdueAccounts).toEqual([]);
    expect(r.units.every((u: { recertifyOverdue: number }) => u.recertifyOverdue === 0)).toBe(true);
    const { text } = await docx('2023Q3');
    expect(text).not.toContain('备案信息核查不及时');
    // The account page agrees: the cycle counts from its start, so the account is not overdue now.
    const status = await t.http.get(`/api/accounts/${account}/recertification`).set(admin());
    expect(status.body.status).toBe('ok');
  });

  it('counts a violation whose evidence lies in the quarter, although it was detected years later', async () => {
    const r = await report('2023Q3');
    expect(r.findings).toEqual([expect.objectContaining({ kind: 'error_word', count: 1, units: ['期末镇'] })]);
    const { text } = await docx('2023Q3');
    expect(text).toContain('错敏词问题1条（涉及期末镇）');
    // The quarter before holds no such evidence.
    expect((await report('2023Q2')).findings).toEqual([]);
  });

  it('a unit without a target for the quarter gets no 发布数量不足 line; with one it does', async () => {
    const before = await report('2023Q3');
    expect(before.unmetUnits).toEqual([]);
    expect(before.units.find((u: { unitName: string }) => u.unitName === '无帖局')).toMatchObject({ targetSource: 'none', problems: [] });
    expect((await docx('2023Q3')).text).not.toContain('信息发布数量不足');

    const put = await t.http.put('/api/targets').set(admin()).send({ quarter: '2023Q3', posts: 5, reposts: 0 });
    expect(put.status).toBe(200);
    const after = await report('2023Q3');
    expect(after.unmetUnits).toEqual(['期末镇', '无帖局']);
    expect((await docx('2023Q3')).text).toContain('信息发布数量不足');
    await t.http.delete('/api/targets?quarter=2023Q3').set(admin());
  });

  it('the XLSX exports: titled, with the period, bordered, totals, A4 with print titles, a Chinese font', async () => {
    const sheetOf = async (url: string) => {
      const res = await t.http.get(url).set(admin()).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
      return workbook.worksheets[0];
    };
    const listing = await sheetOf('/api/reports/repost-compliance?quarter=2023Q3&format=xlsx');
    expect(listing.getCell(1, 1).value).toBe('2023年第三季度国办公开办转发任务完成情况表');
    expect(String(listing.getCell(2, 1).value)).toContain('统计区间：2023-07-01 至 2023-09-30');
    expect(listing.getRow(3).getCell(1).value).toBe('序号');
    const last = listing.getRow(listing.rowCount);
    expect(last.getCell(2).value).toBe('合计');
    expect(last.getCell(2).border).toMatchObject({ top: { style: 'thin' }, bottom: { style: 'thin' } });
    expect(listing.getRow(3).getCell(1).border).toMatchObject({ left: { style: 'thin' } });
    expect(listing.getCell(1, 1).font?.name).toBe('宋体');
    expect(listing.pageSetup).toMatchObject({ paperSize: 9, printTitlesRow: '1:3' });
    expect(listing.headerFooter.oddFooter).toContain('&P');

    const stats = await sheetOf('/api/reports/quarterly?quarter=2023Q3&format=xlsx');
    expect(stats.getCell(1, 1).value).toBe('2023年第三季度政务新媒体监管情况统计表');
    expect(stats.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '1:3' });
    for (let r = 1; r <= stats.rowCount; r++) {
      stats.getRow(r).eachCell((cell) => expect(cell.font?.name ?? '宋体').not.toBe('Calibri'));
    }
    expect(stats.getCell(4, 2).font?.name).toBe('宋体');
    // A data row whose 存在问题 wraps is tall enough for its lines.
    const problems = stats.getRow(4).getCell(stats.columnCount).value;
    const width = stats.getColumn(stats.columnCount).width ?? 10;
    const lines = Math.ceil([...String(problems ?? '')].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0) / (width - 1));
    expect(stats.getRow(4).height ?? 0).toBeGreaterThanOrEqual(Math.max(1, lines) * 14);
  });

  it('GET/PUT /api/settings/report: defaults, roles, validation', async () => {
    const initial = await t.http.get('/api/settings/report').set(bearer(reviewer));
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({ issuer: '政务公开办', documentNumber: null, signedAt: 'period_end' });
    const valid = { issuer: '政务公开办', documentNumber: null, signedAt: 'period_end' };
    expectError(
      await t.http
        .put('/api/settings/report')
        .set(bearer(reviewer))
        .send({ ...valid, issuer: '别处' }),
      403,
    );
    for (const bad of [{ signedAt: '2023-02-30' }, { signedAt: 'tomorrow' }, { issuer: '' }, { issuer: '   ' }, { issuer: null }, { signedAt: null }, { documentNumber: 5 }]) {
      const res = await t.http
        .put('/api/settings/report')
        .set(admin())
        .send({ ...valid, ...bad });
      expectError(res, 400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // PUT sets the whole letterhead: a partial body is refused.
    for (const partial of [{}, { issuer: '某办' }]) {
      const res = await t.http.put('/api/settings/report').set(admin()).send(partial);
      expectError(res, 400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await t.http.get('/api/settings/report').set(admin())).body).toEqual(initial.body);
  });

  it('the DOCX: 第三季度, the period end as date, page numbers in the footer, a fitted landscape appendix', async () => {
    const { document, text, footers } = await docx('2023Q3');
    expect(text).toContain('关于2023年第三季度政务新媒体工作检查情况的通报');
    expect(text).not.toMatch(/第\d季度/);
    expect(text).toContain('政务公开办');
    expect(text).toContain('2023年9月30日');
    expect(text).toContain('各镇人民政府，区政府各工作部门，各有关单位：');
    expect(footers.length).toBeGreaterThan(0);
    expect(footers.join('')).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    const sections = [...document.matchAll(/<w:pgSz ([^/]*)\/>/g)].map((m) => m[1]);
    expect(sections).toHaveLength(2);
    expect(sections[0]).toMatch(/w:w="11906"/);
    expect(sections[0]).toMatch(/w:h="16838"/);
    expect(sections[1]).toMatch(/w:w="16838"/);
    expect(sections[1]).toMatch(/w:orient="landscape"/);
    expect(document).toContain('<w:tblLayout w:type="fixed"/>');
    const grid = [...document.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid.reduce((s, w) => s + w, 0)).toBeLessThanOrEqual(16838 - 2 * 720);
    expect(new Set(grid).size).toBeGreaterThan(3); // widths by content, not equal columns
  });

  it('the letterhead follows the settings: 发文机关, 文号 with {year}/{quarter}, a configured date', async () => {
    const put = await t.http
      .put('/api/settings/report')
      .set(admin())
      .send({ issuer: '宝鸡市凤翔区人民政府办公室', documentNumber: '凤政办发〔{year}〕{quarter}号', signedAt: '2023-10-11' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ issuer: '宝鸡市凤翔区人民政府办公室', documentNumber: '凤政办发〔{year}〕{quarter}号', signedAt: '2023-10-11' });
    const { text } = await docx('2023Q3');
    expect(text).toContain('凤政办发〔2023〕3号');
    expect(text).toContain('宝鸡市凤翔区人民政府办公室');
    expect(text).toContain('2023年10月11日');
    expect((await report('2023Q3')).bulletin).toMatchObject({ issuer: '宝鸡市凤翔区人民政府办公室', documentNumber: '凤政办发〔2023〕3号', signedOn: '2023-10-11' });
    const cleared = await t.http.put('/api/settings/report').set(admin()).send({ issuer: '宝鸡市凤翔区人民政府办公室', documentNumber: null, signedAt: 'period_end' });
    expect(cleared.body).toMatchObject({ documentNumber: null, signedAt: 'period_end', issuer: '宝鸡市凤翔区人民政府办公室' });
    expect((await docx('2023Q3')).text).not.toContain('凤政办发');
  });
});
