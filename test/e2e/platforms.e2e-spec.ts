import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, createUnit, expectError, Fixture, seedFixture, totals } from './support/fixtures';

/** The platforms of api.md ("Platforms and discovery"), in the order the registry lists them. */
const BUILT_INS = [
  ['wechat', '微信公众号'],
  ['weibo', '微博'],
  ['toutiao', '今日头条'],
  ['douyin', '抖音'],
  ['wechat_channels', '视频号'],
  ['xiaohongshu', '小红书'],
  ['kuaishou', '快手'],
  ['bilibili', '哔哩哔哩'],
  ['mini_program', '小程序'],
  ['other', '其他'],
];

describe.each(databasesUnderTest())('platform registry (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const apply = (body: Record<string, unknown>, token = f.adminToken) => t.http.post('/api/accounts').set(bearer(token)).send(body);
  const act = async (token: string, id: number, body: Record<string, unknown>) => {
    const res = await t.http.post(`/api/accounts/${id}/transitions`).set(bearer(token)).send(body);
    if (res.status !== 200) throw new Error(`transition ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  };

  describe('GET /api/platforms', () => {
    it('lists the ten built-ins with their Chinese names, URL patterns and source kinds', async () => {
      const res = await t.http.get('/api/platforms').set(bearer(f.adminToken));
      expect(res.status).toBe(200);
      expect(res.body.map((p: { code: string; name: string }) => [p.code, p.name])).toEqual(BUILT_INS);
      for (const p of res.body) {
        expect(Object.keys(p).sort()).toEqual(['builtIn', 'code', 'homepageHint', 'icon', 'idHint', 'name', 'sourceKinds', 'urlPatterns']);
        expect(p.icon).toEqual({
          color: expect.stringMatching(/^#[0-9A-F]{6}$/),
          glyph: expect.stringMatching(/^.{1,2}$/u),
          textColor: expect.stringMatching(/^#(FFFFFF|1F1F1F)$/),
        });
        expect(p.idHint).toEqual(expect.any(String));
        expect(p.builtIn).toBe(true);
        expect(p.sourceKinds).toEqual(expect.arrayContaining(['feed', 'manual']));
        for (const pattern of p.urlPatterns) expect(() => new RegExp(pattern, 'i')).not.toThrow();
      }
      const byCode = new Map(res.body.map((p: { code: string }) => [p.code, p]));
      expect(byCode.get('wechat')).toMatchObject({ sourceKinds: ['feed', 'wechat_api', 'manual'] });
      expect(byCode.get('weibo')).toMatchObject({ sourceKinds: ['feed', 'weibo_api', 'manual'] });
      expect(byCode.get('xiaohongshu')).toMatchObject({ sourceKinds: ['feed', 'manual'] });
      const xhs = byCode.get('xiaohongshu') as { urlPatterns: string[] };
      expect(xhs.urlPatterns.some((p) => new RegExp(p, 'i').test('www.xiaohongshu.com/user/profile/5ff0e6410000000001008400'))).toBe(true);
      expect(byCode.get('mini_program')).toMatchObject({ urlPatterns: [] });
      // A recognisable mark per platform: 微信 green, 微博 red, 抖音 black, 哔哩哔哩 pink…
      expect(byCode.get('wechat')).toMatchObject({ icon: { color: '#07C160', glyph: '公', textColor: '#FFFFFF' }, idHint: expect.stringContaining('gh_') });
      expect(byCode.get('weibo')).toMatchObject({ icon: { color: '#E6162D', glyph: '微' } });
      expect(byCode.get('douyin')).toMatchObject({ icon: { color: '#161823', glyph: '抖' } });
      expect(byCode.get('bilibili')).toMatchObject({ icon: { color: '#FB7299' }, homepageHint: expect.stringContaining('space.bilibili.com') });
      const marks = res.body.map((p: { icon: { color: string; glyph: string } }) => p.icon.color + p.icon.glyph);
      expect(new Set(marks).size).toBe(marks.length);
    });

    it('is open to every logged-in role', async () => {
      for (const token of [f.reviewerToken, f.operatorAToken, f.viewerToken]) {
        const res = await t.http.get('/api/platforms').set(bearer(token));
        expect(res.status).toBe(200);
        expect(res.body).toHaveLength(BUILT_INS.length);
      }
    });

    it('answers 401 without a token', async () => {
      expectError(await t.http.get('/api/platforms'), 401);
    });
  });

  describe('accounts on the new platforms', () => {
    it('can be created on 小红书 and 视频号', async () => {
      const xhs = await createAccount(t, f.operatorAToken, {
        unitId: f.unitA.id,
        platform: 'xiaohongshu',
        name: '甲镇小红书',
        homepageUrl: 'https://www.xiaohongshu.com/user/profile/5ff0e6410000000001008400',
      });
      expect(xhs).toMatchObject({ platform: 'xiaohongshu', state: 'applied' });
      const channels = await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'wechat_channels', name: '甲镇视频号', platformAccountId: 'sphFengxiang01' });
      expect(channels).toMatchObject({ platform: 'wechat_channels', state: 'applied' });
      const listed = await t.http.get('/api/accounts').query({ platform: 'wechat_channels' }).set(bearer(f.adminToken));
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((a: { id: number }) => a.id)).toEqual([channels.id]);
    });

    it('refuses an unknown platform code with 400 naming the valid ones in Chinese', async () => {
      const before = await totals(t);
      const res = await apply({ unitId: f.unitA.id, platform: 'myspace', name: '甲镇聚友' });
      expectError(res, 400);
      expect(res.body.errors).toEqual([{ field: 'platform', message: expect.stringContaining('平台') }]);
      for (const [code, name] of BUILT_INS) expect(res.body.message).toContain(`${code}(${name})`);
      expectError(await t.http.get('/api/accounts').query({ platform: 'myspace' }).set(bearer(f.adminToken)), 400);
      expect(await totals(t)).toEqual(before);
    });

    it('keeps one live account per unit on a new platform, unless a justification is given', async () => {
      const unit = await createUnit(t);
      const first = await createAccount(t, f.adminToken, { unitId: unit.id, platform: 'xiaohongshu', name: '某镇小红书' });
      const second = await apply({ unitId: unit.id, platform: 'xiaohongshu', name: '某镇小红书二号' });
      expectError(second, 409);
      expect(second.body.message).toContain('小红书');
      expect(second.body.existingAccounts).toEqual([{ id: first.id, name: '某镇小红书', state: 'applied' }]);
      expect((await apply({ unitId: unit.id, platform: 'wechat_channels', name: '某镇视频号' })).status).toBe(201);
      expect((await apply({ unitId: unit.id, platform: 'xiaohongshu', name: '某镇小红书二号', justification: '一号发布政务信息，二号发布文旅推介' })).status).toBe(201);
    });

    it('verifies an opened 小红书 account in the public directory by any form of its URL', async () => {
      const homepage = 'https://www.xiaohongshu.com/user/profile/64a1b2c3d4e5f60718293a4b';
      const account = await createAccount(t, f.operatorBToken, {
        unitId: f.unitB.id,
        platform: 'xiaohongshu',
        name: '乙镇小红书',
        homepageUrl: homepage,
        platformAccountId: '95270001',
      });
      await act(f.reviewerToken, account.id, { action: 'approve' });
      await act(f.operatorBToken, account.id, { action: 'open', at: '2023-07-03T09:00:00.000Z' });
      const shared = 'https://xiaohongshu.com/user/profile/64a1b2c3d4e5f60718293a4b/?xsec_token=AB1234&xsec_source=app_share';
      const res = await t.http.get('/api/public/verify').query({ url: shared });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ verified: true, account: { name: '乙镇小红书', platform: 'xiaohongshu', platformName: '小红书' } });
      // By the user ID in its URL, and by the 小红书号 on record.
      for (const id of ['64a1b2c3d4e5f60718293a4b', '95270001']) {
        const byId = await t.http.get('/api/public/verify').query({ platform: 'xiaohongshu', id });
        expect(byId.body).toMatchObject({ verified: true, account: { name: '乙镇小红书' } });
      }
      // The public directory shows the platform's mark (red 小红书) beside its name, allowed by its CSP (no inline styles).
      const page = await t.http.get('/directory').query({ platform: 'xiaohongshu' });
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<h3><svg class="platform-icon"[^>]*>.*fill="#FF2442".*>红<\/text><\/svg>小红书<\/h3>/);
      expect(page.text).not.toMatch(/<svg class="platform-icon"[^>]*style=/);
    });
  });
});
