import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, createUnit, expectError, Fixture, seedFixture, totals } from './support/fixtures';

/** Custom platforms (api.md v1.1 "Platforms and discovery"): added by an admin, then served like the built-ins. */
describe.each(databasesUnderTest())('custom platforms (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const admin = () => bearer(f.adminToken);
  const add = (body: Record<string, unknown>, token = f.adminToken) => t.http.post('/api/platforms').set(bearer(token)).send(body);
  const act = async (token: string, id: number, body: Record<string, unknown>) => {
    const res = await t.http.post(`/api/accounts/${id}/transitions`).set(bearer(token)).send(body);
    if (res.status !== 200) throw new Error(`transition ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const platformCodes = async () => ((await t.http.get('/api/platforms').set(admin())).body as { code: string }[]).map((p) => p.code);

  it('adds 知乎 (admin): listed before 其他, not built in, with its patterns', async () => {
    const res = await add({ code: 'zhihu_gov', name: '知乎', urlPatterns: ['^(?:www\\.|m\\.)?zhihu\\.com/'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      code: 'zhihu_gov',
      name: '知乎',
      builtIn: false,
      urlPatterns: ['^(?:www\\.|m\\.)?zhihu\\.com/'],
      sourceKinds: ['feed', 'manual'],
      // No mark chosen: the default slate with the first character of the name.
      icon: { color: '#5B6B7F', glyph: '知', textColor: '#FFFFFF' },
      idHint: null,
      homepageHint: null,
    });
    const codes = await platformCodes();
    expect(codes.slice(-2)).toEqual(['zhihu_gov', 'other']);
    for (const token of [f.operatorAToken, f.viewerToken]) {
      const list = await t.http.get('/api/platforms').set(bearer(token));
      expect(list.body.find((p: { code: string }) => p.code === 'zhihu_gov')).toMatchObject({ name: '知乎', builtIn: false });
    }
  });

  it('refuses others than the admin, duplicate codes and names, and bad patterns; nothing is added', async () => {
    const before = await platformCodes();
    for (const token of [f.reviewerToken, f.operatorAToken, f.viewerToken]) expectError(await add({ code: 'douban', name: '豆瓣' }, token), 403);
    const dupCode = await add({ code: 'zhihu_gov', name: '知乎二' });
    expectError(dupCode, 409);
    expect(dupCode.body.message).toContain('zhihu_gov');
    expectError(await add({ code: 'weibo', name: '另一个微博' }), 409);
    expectError(await add({ code: 'weibo_two', name: '新浪微博' }), 409);
    const badCode = await add({ code: 'Douban!', name: '豆瓣' });
    expectError(badCode, 400);
    expect(badCode.body.errors).toEqual([{ field: 'code', message: expect.stringContaining('平台代码') }]);
    const broken = await add({ code: 'douban', name: '豆瓣', urlPatterns: ['douban\\.com/(people'] });
    expectError(broken, 400);
    expect(broken.body.message).toMatch(/第 1 条网址规则.*不是有效的正则表达式/);
    const everything = await add({ code: 'douban', name: '豆瓣', urlPatterns: ['douban\\.com/', '.*'] });
    expectError(everything, 400);
    expect(everything.body.message).toMatch(/第 2 条网址规则.*会匹配任意网址/);
    expect(await platformCodes()).toEqual(before);
  });

  it('lets the admin set a custom platform’s mark and form hints; bad colours and glyphs are refused in Chinese, nothing changed', async () => {
    const patch = (code: string, body: Record<string, unknown>, token = f.adminToken) => t.http.patch(`/api/platforms/${code}`).set(bearer(token)).send(body);
    const set = await patch('zhihu_gov', {
      icon: { color: '#0066ff', glyph: '知乎' },
      idHint: '知乎用户主页 /people/ 后的一串字符',
      homepageHint: '如 https://www.zhihu.com/people/…',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      code: 'zhihu_gov',
      icon: { color: '#0066FF', glyph: '知乎' },
      idHint: '知乎用户主页 /people/ 后的一串字符',
      homepageHint: '如 https://www.zhihu.com/people/…',
    });
    const listed = async () => ((await t.http.get('/api/platforms').set(bearer(f.viewerToken))).body as { code: string }[]).find((p) => p.code === 'zhihu_gov');
    expect(await listed()).toMatchObject({ icon: { color: '#0066FF', glyph: '知乎' } });
    // A light colour gets a dark glyph, so the mark stays legible.
    expect((await patch('zhihu_gov', { icon: { color: '#FFE58F' } })).body.icon).toEqual({ color: '#FFE58F', glyph: '知乎', textColor: '#1F1F1F' });
    expect((await patch('zhihu_gov', { icon: { color: '#0066FF' } })).body.icon).toMatchObject({ color: '#0066FF', textColor: '#FFFFFF' });

    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ icon: { color: 'blue' } }, 'icon.color', /图标颜色“blue”无效，须为 # 加 6 位十六进制数字/],
      [{ icon: { color: '#06f' } }, 'icon.color', /图标颜色/],
      [{ icon: { glyph: '知乎网' } }, 'icon.glyph', /图标文字“知乎网”过长，最多 2 个字/],
      [{ icon: { glyph: ' ' } }, 'icon.glyph', /图标文字不能为空/],
      [{ icon: { glyph: '知\u200b' } }, 'icon.glyph', /不可见/],
      [{ icon: { glyph: 7 } }, 'icon.glyph', /图标文字/],
      [{ idHint: 'x'.repeat(101) }, 'idHint', /100/],
    ];
    for (const [body, field, message] of cases) {
      const res = await patch('zhihu_gov', body);
      expectError(res, 400);
      expect(res.body.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    }
    // On creation too: nothing is added.
    const bad = await add({ code: 'douban', name: '豆瓣', icon: { color: 'rgb(0,0,0)', glyph: '豆' } });
    expectError(bad, 400);
    expect(bad.body.message).toContain('图标颜色');
    expect(await platformCodes()).not.toContain('douban');
    expect(await listed()).toMatchObject({ icon: { color: '#0066FF', glyph: '知乎' }, idHint: '知乎用户主页 /people/ 后的一串字符' });

    // Built-ins keep their marks; unknown codes are 404; only the admin may change a mark.
    expectError(await patch('weibo', { icon: { color: '#000000' } }), 409);
    expectError(await patch('no_such', { icon: { color: '#000000' } }), 404);
    // A code that cannot be one (upper case) is malformed: 400, not looked up.
    const malformed = await patch('ZHIHU_GOV', { icon: { color: '#000000' } });
    expectError(malformed, 400);
    expect(malformed.body.message).toContain('平台代码');
    expectError(await patch('zhihu_gov', { icon: { color: '#000000' } }, f.reviewerToken), 403);
    // A hint sent as null is cleared; the mark stays.
    const cleared = await patch('zhihu_gov', { homepageHint: null });
    expect(cleared.body).toMatchObject({ icon: { color: '#0066FF', glyph: '知乎' }, homepageHint: null, idHint: '知乎用户主页 /people/ 后的一串字符' });
  });

  it('takes accounts and a feed source, keeps one per unit on it, and still refuses unknown codes', async () => {
    const unit = await createUnit(t);
    const first = await createAccount(t, f.adminToken, { unitId: unit.id, platform: 'zhihu_gov', name: '某镇知乎' });
    expect(first).toMatchObject({ platform: 'zhihu_gov', state: 'applied' });
    // Feeds work for any platform.
    const feed = await t.http.put(`/api/accounts/${first.id}/source`).set(admin()).send({ kind: 'feed', url: 'https://rsshub.example/zhihu/people/activities/mouzhen' });
    expect(feed.status).toBe(200);
    expect(feed.body).toMatchObject({ accountId: first.id, kind: 'feed' });
    const second = await t.http.post('/api/accounts').set(admin()).send({ unitId: unit.id, platform: 'zhihu_gov', name: '某镇知乎二号' });
    expectError(second, 409);
    expect(second.body.message).toContain('知乎');
    const before = await totals(t);
    expectError(await t.http.post('/api/accounts').set(admin()).send({ unitId: unit.id, platform: 'douban', name: '某镇豆瓣' }), 400);
    expect(await totals(t)).toEqual(before);
  });

  it('goes through the lifecycle, the public directory, verification by any URL form, and the quarterly report', async () => {
    const homepage = 'https://www.zhihu.com/people/jiazhen-gov';
    const account = await createAccount(t, f.operatorAToken, {
      unitId: f.unitA.id,
      platform: 'zhihu_gov',
      name: '甲镇知乎号',
      homepageUrl: homepage,
      platformAccountId: 'jiazhen-gov',
    });
    await act(f.reviewerToken, account.id, { action: 'approve' });
    await act(f.operatorAToken, account.id, { action: 'open', at: '2023-07-03T09:00:00.000Z' });
    const listed = await t.http.get('/api/public/accounts').query({ platform: 'zhihu_gov' });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ name: '甲镇知乎号', platform: 'zhihu_gov', platformName: '知乎' })]);
    for (const url of ['https://m.zhihu.com/people/jiazhen-gov/?utm_source=wechat_session', 'zhihu.com/people/jiazhen-gov#posts']) {
      const verified = await t.http.get('/api/public/verify').query({ url });
      expect(verified.body).toMatchObject({ verified: true, account: { name: '甲镇知乎号', platformName: '知乎' } });
    }
    expect((await t.http.get('/api/public/verify').query({ url: 'https://www.zhihu.com/people/someone-else' })).body).toEqual({ verified: false });
    const report = await t.http.get('/api/reports/quarterly').query({ quarter: '2023Q3', live: true }).set(admin());
    expect(report.status).toBe(200);
    expect(report.body.totals.accountsByPlatform.zhihu_gov).toBe(1);
    expect(report.body.units.find((u: { unitId: number }) => u.unitId === f.unitA.id).accountsByPlatform.zhihu_gov).toBe(1);
    const xlsx = await t.http.get('/api/reports/quarterly').query({ quarter: '2023Q3', live: true, format: 'xlsx' }).set(admin()).buffer(true);
    expect(xlsx.status).toBe(200);
  });
});
