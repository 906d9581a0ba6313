import ExcelJS from 'exceljs';
import { ledgerAccounts } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError, Fixture, seedFixture, uniqueTag } from './support/fixtures';

describe.each(databasesUnderTest())('error-words: the 错敏词 library, allow-list and matching (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());
  const admin = () => bearer(t.adminToken);
  const scan = async () => expect((await t.http.post('/api/findings/scan?wait=true').set(admin())).body.status).toBe('done');
  const wordFindings = async (accountId: number) => (await t.http.get(`/api/findings?kind=error_word&accountId=${accountId}&pageSize=200`).set(admin())).body.items as any[];

  it('ships a default set across the categories bulletins report', async () => {
    const all = await t.http.get('/api/error-words?pageSize=200').set(bearer(f.viewerToken));
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(40);
    const categories = new Set(all.body.items.map((w: any) => w.category));
    for (const c of ['country_name', 'state_body', 'statute', 'political', 'hk_mo_tw', 'common']) expect(categories).toContain(c);
    const statute = await t.http.get(`/api/error-words?q=${encodeURIComponent('政府信息公开条例')}&category=statute`).set(admin());
    expect(statute.body.items.some((w: any) => w.correct === '《中华人民共和国政府信息公开条例》')).toBe(true);
  });

  it('creates, edits and deletes entries; refuses duplicates and bad input', async () => {
    const created = await t.http.post('/api/error-words').set(bearer(f.reviewerToken)).send({ wrong: '测试错词甲', correct: '测试正词甲', category: 'common' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ wrong: '测试错词甲', correct: '测试正词甲', category: 'common', categoryLabel: '常见易错词', allows: [] });
    expectError(await t.http.post('/api/error-words').set(admin()).send({ wrong: '测试 错词甲', correct: 'x', category: 'common' }), 409);
    expectError(await t.http.post('/api/error-words').set(admin()).send({ wrong: '同样', correct: '同 样', category: 'common' }), 400);
    expectError(await t.http.post('/api/error-words').set(admin()).send({ wrong: '', correct: 'x', category: 'common' }), 400);
    expectError(await t.http.post('/api/error-words').set(admin()).send({ wrong: 'a', correct: 'b', category: 'nope' }), 400);
    expectError(await t.http.post('/api/error-words').set(bearer(f.operatorAToken)).send({ wrong: 'a', correct: 'b', category: 'common' }), 403);
    const patched = await t.http.patch(`/api/error-words/${created.body.id}`).set(admin()).send({ correct: '测试正词乙', category: 'political' });
    expect(patched.body).toMatchObject({ correct: '测试正词乙', category: 'political' });
    expectError(await t.http.patch('/api/error-words/99999999').set(admin()).send({ correct: 'x' }), 404);
    expect((await t.http.delete(`/api/error-words/${created.body.id}`).set(admin())).status).toBe(204);
    expectError(await t.http.get(`/api/error-words/${created.body.id}`).set(admin()), 404);
    expectError(await t.http.get('/api/error-words?category=nope').set(admin()), 400);
  });

  it('matches across full width and spacing; an allow phrase silences only the occurrences inside it', async () => {
    const word = (await t.http.post('/api/error-words').set(admin()).send({ wrong: '政府信息公开条例', correct: '《中华人民共和国政府信息公开条例》', category: 'statute' })).body;
    expectError(await t.http.post(`/api/error-words/${word.id}/allows`).set(admin()).send({ phrase: '信息公开' }), 400);
    const [id] = await ledgerAccounts(t, f.unitA.name, '微信公众号', 1);
    const at = new Date(Date.now() - 60_000).toISOString();
    const csv = [
      '标题,链接,发布时间,类型',
      `学习中华人民共和国政府信息公开条例,https://a.example/1,${at},发布`,
      `落实 政府信息公开条例 和中华人民共和国政府信息公开条例,https://a.example/2,${at},发布`,
      `ＱＱ群 中华人民\u3000共合国,https://a.example/3,${at},发布`,
    ].join('\n');
    expect((await t.http.post(`/api/accounts/${id}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'p.csv')).body.imported).toBe(3);
    await scan();
    let hits = await wordFindings(id);
    expect(
      hits
        .filter((h) => h.status === 'open')
        .map((h) => h.evidence.post.url)
        .sort(),
    ).toEqual(['https://a.example/1', 'https://a.example/2', 'https://a.example/3']);

    const allowed = await t.http.post(`/api/error-words/${word.id}/allows`).set(admin()).send({ phrase: '中华人民共和国 政府信息公开条例' });
    expect(allowed.status).toBe(201);
    expect(allowed.body.allows).toEqual([{ id: expect.any(Number), phrase: '中华人民共和国 政府信息公开条例' }]);
    expectError(await t.http.post(`/api/error-words/${word.id}/allows`).set(admin()).send({ phrase: '中华人民共和国政府信息公开条例' }), 409);
    await scan();
    hits = await wordFindings(id);
    const open = hits.filter((h) => h.status === 'open');
    expect(open.map((h) => h.evidence.post.url).sort()).toEqual(['https://a.example/2', 'https://a.example/3']);
    expect(hits.find((h) => h.evidence.post.url === 'https://a.example/1').status).toBe('resolved');
    const second = open.find((h) => h.evidence.post.url === 'https://a.example/2');
    expect(second.evidence.words).toEqual([expect.objectContaining({ wrong: '政府信息公开条例', correct: '《中华人民共和国政府信息公开条例》', count: 1 })]);
    const third = open.find((h) => h.evidence.post.url === 'https://a.example/3');
    expect(third.evidence.words.map((w: any) => w.correct)).toContain('中华人民共和国');

    const removed = await t.http.delete(`/api/error-words/${word.id}/allows/${allowed.body.allows[0].id}`).set(admin());
    expect(removed.body.allows).toEqual([]);
    expectError(await t.http.delete(`/api/error-words/${word.id}/allows/99999999`).set(admin()), 404);
  });

  it('imports XLSX/CSV all rows or none, and exports XLSX in the same format', async () => {
    const tag = uniqueTag();
    const bad = ['错误写法,正确写法,类别', `导入甲${tag},导入乙${tag},常见易错词`, `,缺错误写法,常见易错词`, `导入丙${tag},导入丁${tag},不存在的类别`].join('\n');
    const refused = await t.http.post('/api/error-words/import').set(admin()).attach('file', Buffer.from(bad), 'w.csv');
    expectError(refused, 400);
    expect(refused.body.errors.map((e: any) => e.row)).toEqual([3, 4]);
    expect((await t.http.get(`/api/error-words?q=${encodeURIComponent(`导入甲${tag}`)}`).set(admin())).body.total).toBe(0);

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('词库');
    sheet.addRow(['错误写法', '正确写法', '类别', '说明', '允许短语']);
    sheet.addRow([`导入甲${tag}`, `导入乙${tag}`, '常见易错词', '测试', `前缀导入甲${tag}后缀`]);
    sheet.addRow(['中华人民共合国', '中华人民共和国', 'country_name', '已存在：更新', '']);
    const ok = await t.http
      .post('/api/error-words/import')
      .set(admin())
      .attach('file', Buffer.from(await wb.xlsx.writeBuffer()), 'w.xlsx');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ imported: 1, updated: 1 });
    const mine = (await t.http.get(`/api/error-words?q=${encodeURIComponent(`导入甲${tag}`)}`).set(admin())).body.items[0];
    expect(mine).toMatchObject({ correct: `导入乙${tag}`, category: 'common', note: '测试', allows: [{ phrase: `前缀导入甲${tag}后缀` }] });
    expectError(await t.http.post('/api/error-words/import').set(admin()), 400);
    expectError(await t.http.post('/api/error-words/import').set(bearer(f.operatorAToken)).attach('file', Buffer.from(bad), 'w.csv'), 403);

    const exported = await t.http
      .get('/api/error-words/export')
      .set(admin())
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.body);
    const rows = book.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0].slice(1)).toEqual(['错误写法', '正确写法', '类别', '说明', '允许短语', '严重程度']);
    expect(rows.some((r) => r[1] === `导入甲${tag}` && r[5] === `前缀导入甲${tag}后缀`)).toBe(true);
  });
});
