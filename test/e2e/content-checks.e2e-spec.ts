import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { PlatformSimulator } from '../simulator/platform-simulator';
import { ledgerAccounts, pollNow, POLLING_ENV, putSource } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { Fixture, seedFixture, uniqueTag } from './support/fixtures';

/** Full numbers planted in posts: none may come back in any answer. */
const ID = '610102199003071238';
const MOBILE = '13812345678';
const CARD = '6222021234567890128';
const FULL_NUMBERS = [ID, MOBILE, CARD];

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** Every cell of every sheet (values, rich text, formulas' results), read back with exceljs. */
async function xlsxText(body: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const sheet of workbook.worksheets) {
    sheet.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (cell) => void cells.push(cell.text)));
    cells.push(sheet.headerFooter?.oddHeader ?? '', sheet.headerFooter?.oddFooter ?? '');
  }
  return cells.join('\n');
}

/** Every XML part of a DOCX: the text of its runs joined (a number split over runs is whole again) and the raw XML. */
async function docxText(body: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(body);
  const parts: string[] = [];
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml'))) {
    const xml = await zip.file(name)!.async('string');
    parts.push(xml, [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
  }
  return parts.join('\n');
}

describe.each(databasesUnderTest())('content checks: bodies, error words, privacy leaks, leaders (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let sim: PlatformSimulator;
  const answers: string[] = [];

  beforeAll(async () => {
    sim = new PlatformSimulator();
    await sim.start();
    t = await startApp(kind, POLLING_ENV);
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
    await sim.stop();
  });

  const admin = () => bearer(t.adminToken);
  /** A GET whose answer is kept for the "never a full number" check. */
  const get = async (path: string, token = t.adminToken) => {
    const res = await t.http.get(path).set(bearer(token));
    expect(res.status).toBe(200);
    answers.push(res.text);
    return res.body;
  };
  const scan = async () => {
    const res = await t.http.post('/api/findings/scan?wait=true').set(admin());
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('done');
  };
  const findingsOf = async (accountId: number, findingKind: string) =>
    ((await get(`/api/findings?pageSize=200&kind=${findingKind}&accountId=${accountId}`)).items as any[]).filter((x) => x.status === 'open');

  it('refuses malformed leaders with a Chinese 400 and stores a valid list (admin only)', async () => {
    const put = (body: unknown, token = t.adminToken) =>
      t.http
        .put('/api/leaders')
        .set(bearer(token))
        .send(body as object);
    for (const [body, says] of [
      [[{ title: '区长' }], '姓名不能为空'],
      [[{ name: '张三', title: '区长', validFrom: '2021-05-01', validTo: '2021-04-01' }], '早于'],
      [
        [
          { name: '张三', title: '区长', validFrom: '2020-01-01', validTo: '2021-06-30' },
          { name: '张三', title: '区委书记', validFrom: '2021-06-01' },
        ],
        '重叠',
      ],
      [[{ name: '张三', title: '区长', validFrom: '2021/05/01' }], 'YYYY-MM-DD'],
      [[{ name: '张'.repeat(30), title: '区长' }], '姓名不能超过'],
    ] as const) {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(says);
    }
    expect((await put({ name: '张三' })).status).toBe(400);
    expect((await put([{ name: '张三', title: '区长', extra: 1 }])).status).toBe(400);
    expect((await put([], f.operatorAToken)).status).toBe(403);
    expect(await get('/api/leaders')).toEqual([]);

    const ok = await put([
      { name: '张三', title: '区长', validFrom: '2018-01-01', validTo: '2021-05-31' },
      { name: '张三', title: '区委书记', validFrom: '2021-06-01', validTo: null },
      { name: '李四', title: '区长', validFrom: '2021-06-01' },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveLength(3);
    expect(await get('/api/leaders', f.viewerToken)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: '李四', title: '区长', validFrom: '2021-06-01', validTo: null })]),
    );
  });

  it('keeps the severity of error words; bad severities and over-long words are refused', async () => {
    const word = `测试错词${uniqueTag()}`;
    const created = await t.http.post('/api/error-words').set(admin()).send({ wrong: word, correct: '正确', category: 'common', severity: 'serious' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ severity: 'serious', severityLabel: '严重' });
    const plain = await t.http
      .post('/api/error-words')
      .set(admin())
      .send({ wrong: `${word}乙`, correct: '正确', category: 'common' });
    expect(plain.body.severity).toBe('general');
    expect(
      (
        await t.http
          .post('/api/error-words')
          .set(admin())
          .send({ wrong: `${word}丙`, correct: '正确', category: 'common', severity: 'fatal' })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .post('/api/error-words')
          .set(admin())
          .send({ wrong: '错'.repeat(101), correct: '正确', category: 'common' })
      ).status,
    ).toBe(400);
    expect((await t.http.post('/api/error-words').set(admin()).send({ wrong: '   ', correct: '正确', category: 'common' })).status).toBe(400);
    const patched = await t.http.patch(`/api/error-words/${plain.body.id}`).set(admin()).send({ severity: 'serious' });
    expect(patched.body.severity).toBe('serious');
    // The default library carries the serious forms of the country's name.
    const defaults = await get(`/api/error-words?q=${encodeURIComponent('中华人民共合国')}`);
    expect(defaults.items[0]).toMatchObject({ wrong: '中华人民共合国', severity: 'serious' });
  });

  it('reads bodies from a feed, checks titles and bodies, masks numbers, and a rescan adds nothing', async () => {
    const [accountId] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
    const at = new Date('2023-08-15T02:00:00Z');
    const feed = sim.addFeed(`content-${kind}`, {
      format: 'rss',
      posts: [
        {
          id: 'c-1',
          title: '张三区长调研防汛工作',
          publishedAt: at,
          bodyHtml: `<p>庆祝<b>中华人民共合国</b>成立。</p><p>联系人身份证号${ID},手机${MOBILE}。</p><p>退款卡号 ${CARD}</p>`,
        },
        { id: 'c-2', title: '干净的发布', publishedAt: at, bodyHtml: '<p>身份证 6101**********1238,咨询电话 0917-3212345,李四区长出席。</p>' },
        // 2020: 张三 was 区长 then — no hit.
        { id: 'c-3', title: '张三区长检查安全生产', publishedAt: new Date('2020-05-01T02:00:00Z'), bodyHtml: '<p>正文</p>' },
      ],
    });
    await putSource(t, accountId, { kind: 'feed', url: `${feed}.rss` });
    expect(await pollNow(t, [accountId])).toMatchObject({ succeeded: 1, newPosts: 3 });

    const posts = (await get(`/api/posts?accountId=${accountId}&pageSize=50`)).items as any[];
    const first = posts.find((p) => p.platformPostId === 'c-1');
    expect(first.body).toContain('中华人民共合国');
    expect(first.body).toContain('6101**********1238');
    expect(first.bodyTruncated).toBe(false);

    await scan();
    const [errorWord] = await findingsOf(accountId, 'error_word');
    expect(errorWord.evidence.severity).toBe('serious');
    expect(errorWord.evidence.words).toEqual([
      expect.objectContaining({ wrong: '中华人民共合国', severity: 'serious', field: 'body', offset: 2, context: expect.stringContaining('中华人民共合国') }),
    ]);

    const leaks = await findingsOf(accountId, 'privacy_leak');
    expect(leaks).toHaveLength(1);
    expect(leaks[0].evidence.leaks.map((l: any) => [l.field, l.type, l.value])).toEqual([
      ['body', 'resident_id', '6101**********1238'],
      ['body', 'mobile', '138****5678'],
      ['body', 'bank_card', '6222***********0128'],
    ]);

    const leaders = await findingsOf(accountId, 'leader_title_error');
    expect(leaders).toHaveLength(1);
    expect(leaders[0].evidence.mentions).toEqual([expect.objectContaining({ name: '张三', written: '区长', actual: ['区委书记'], field: 'title', offset: 0 })]);
    expect(leaders[0].message).toContain('区委书记');
    await get(`/api/findings/${leaks[0].id}`);

    // Rescans: the same findings, no duplicates.
    const before = (await get(`/api/findings?pageSize=200&accountId=${accountId}`)).items.map((x: any) => x.id).sort();
    await scan();
    await scan();
    const after = (await get(`/api/findings?pageSize=200&accountId=${accountId}`)).items.map((x: any) => x.id).sort();
    expect(after).toEqual(before);
  });

  it('reads the 正文 column of the posts import, caps long bodies, and never answers with a full number', async () => {
    const [accountId] = await ledgerAccounts(t, f.unitB.name, '微博', 1);
    const long = '长'.repeat(25_000);
    const csv = [
      '标题,链接,发布时间,类型,正文',
      `通知,https://x.example.gov.cn/a1,2023-09-01 10:00,发布,办事请致电${MOBILE}`,
      `长文,https://x.example.gov.cn/a2,2023-09-02 10:00,发布,${long}`,
    ].join('\n');
    const res = await t.http.post(`/api/accounts/${accountId}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    expect(res.status).toBe(200);
    const posts = (await get(`/api/posts?accountId=${accountId}&pageSize=50`)).items as any[];
    const cut = posts.find((p) => p.title === '长文');
    expect(cut.body).toHaveLength(20_000);
    expect(cut.bodyTruncated).toBe(true);
    expect(posts.find((p) => p.title === '通知').body).toBe('办事请致电138****5678');

    await scan();
    const [leak] = await findingsOf(accountId, 'privacy_leak');
    expect(leak.evidence.leaks).toEqual([expect.objectContaining({ field: 'body', type: 'mobile', value: '138****5678', offset: 5, context: '办事请致电138****5678' })]);
    await get('/api/findings?pageSize=200');
    await get('/api/alerts?pageSize=200');

    for (const answer of answers) for (const full of FULL_NUMBERS) expect(answer).not.toContain(full);
    const exported = await t.http.get('/api/reports/quarterly?quarter=2023Q3&format=json').set(admin());
    for (const full of FULL_NUMBERS) expect(exported.text).not.toContain(full);
  });

  it('exports carry no full number: reports, inspection results, rectification and account ledgers, the dormant list', async () => {
    // A post whose title and body both show full numbers, in the quarter the reports cover.
    const [accountId] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
    const csv = ['标题,链接,发布时间,类型,正文', `公示${ID}名单,https://x.example.gov.cn/e1,2023-09-05 10:00,发布,退款卡号${CARD}。联系${MOBILE}`].join('\n');
    expect((await t.http.post(`/api/accounts/${accountId}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv')).status).toBe(200);
    await t.app.get<JobQueue>(JOB_QUEUE).drain();
    await scan();
    const [leak] = await findingsOf(accountId, 'privacy_leak');
    expect(leak.evidence.leaks.map((l: any) => l.type).sort()).toEqual(['bank_card', 'mobile', 'resident_id']);
    // A rectification raised from the finding carries its (masked) text into the ledger.
    expect((await t.http.post(`/api/findings/${leak.id}/rectification`).set(admin()).send({ dueAt: '2030-10-15' })).status).toBe(201);
    // An inspection round of the quarter: the leak fails the account (安全泄密) and its reason is exported.
    const round = await t.http.post('/api/inspections').set(admin()).send({ quarter: '2023Q3' });
    expect(round.status).toBe(201);
    expect((await t.http.post(`/api/inspections/${round.body.id}/evaluate`).set(admin())).status).toBe(202);
    await t.app.get<JobQueue>(JOB_QUEUE).drain();

    const download = async (path: string) => {
      const res = await t.http.get(path).set(admin()).buffer(true).parse(binary);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.body as Buffer;
    };
    const exports: [string, string][] = [
      ['quarterly report XLSX', await xlsxText(await download('/api/reports/quarterly?quarter=2023Q3&format=xlsx&live=true'))],
      ['quarterly report DOCX', await docxText(await download('/api/reports/quarterly?quarter=2023Q3&format=docx&live=true'))],
      ['inspection results XLSX', await xlsxText(await download(`/api/inspections/${round.body.id}/report?format=xlsx`))],
      ['inspection bulletin DOCX', await docxText(await download(`/api/inspections/${round.body.id}/report?format=docx`))],
      ['inspection JSON', (await t.http.get(`/api/inspections/${round.body.id}/report`).set(admin())).text],
      ['inspection accounts', (await t.http.get(`/api/inspections/${round.body.id}/accounts?pageSize=200`).set(admin())).text],
      ['rectification ledger XLSX', await xlsxText(await download('/api/rectifications/export'))],
      ['rectifications', (await t.http.get('/api/rectifications?pageSize=200').set(admin())).text],
      ['account ledger XLSX', await xlsxText(await download('/api/accounts/export?format=xlsx'))],
      ['account ledger CSV', (await download('/api/accounts/export?format=csv')).toString('utf8')],
      ['dormant accounts XLSX', await xlsxText(await download('/api/reports/dormant/export?days=1'))],
      ['dormant accounts', (await t.http.get('/api/reports/dormant?days=1').set(admin())).text],
      ['quarterly report JSON', (await t.http.get('/api/reports/quarterly?quarter=2023Q3&live=true').set(admin())).text],
      ['posts', (await t.http.get(`/api/posts?accountId=${accountId}&pageSize=50`).set(admin())).text],
    ];
    // The exports are about this quarter's problems: the leak is in them (masked), so the check below is not vacuous.
    const reportXlsx = exports.find(([name]) => name === 'inspection results XLSX')![1];
    expect(reportXlsx).toContain('泄密');
    expect(exports.find(([name]) => name === 'rectification ledger XLSX')![1]).toContain('6101**********1238');
    for (const [name, text] of exports) for (const full of FULL_NUMBERS) expect({ name, leaks: text.includes(full) }).toEqual({ name, leaks: false });
  });
});
