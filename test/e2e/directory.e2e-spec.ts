/**
 * The public directory (公开名录) and verification (账号核验): no login, only opened
 * accounts, only public fields, verification of canonical URL variants, exports, CORS on
 * /api/public/* only, ETag caching, bad input → 400, and the per-client rate limit.
 */
import ExcelJS from 'exceljs';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError, Fixture, seedFixture } from './support/fixtures';

const PUBLIC_FIELDS = ['homepageUrl', 'name', 'openedAt', 'openedOn', 'platform', 'platformAccountId', 'platformName', 'unitId', 'unitName'].sort();

/** Text that belongs to no public view: contacts, phones, purposes, filing numbers, reasons. */
const SECRETS = ['13912345678', '王秘密', '内部用途说明', 'BA-SECRET-001', '多账号理由甲', '0571-88886666', '赵联系', '拒绝原因保密'];

interface Seeded {
  id: number;
  name: string;
  homepageUrl: string;
  platformAccountId: string;
}

describe.each(databasesUnderTest())('public directory (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  const opened: Record<string, Seeded> = {};
  const hidden: Record<string, Seeded> = {};
  let deregistered: Seeded;
  let hiddenUnitId: number;

  const act = async (token: string, id: number, body: Record<string, unknown>) => {
    const res = await t.http.post(`/api/accounts/${id}/transitions`).set(bearer(token)).send(body);
    if (res.status !== 200) throw new Error(`transition ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  /** Applies as the unit's operator and walks the account to `state`. */
  const seed = async (unit: 'A' | 'B', state: string, platform: string, name: string, homepageUrl: string, platformAccountId: string): Promise<Seeded> => {
    const operator = unit === 'A' ? f.operatorAToken : f.operatorBToken;
    const unitId = unit === 'A' ? f.unitA.id : f.unitB.id;
    const res = await t.http.post('/api/accounts').set(bearer(operator)).send({
      unitId,
      platform,
      name,
      homepageUrl,
      platformAccountId,
      operatorName: '王秘密',
      operatorPhone: '13912345678',
      purpose: '内部用途说明',
      justification: '多账号理由甲',
    });
    if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`);
    const id = res.body.id as number;
    if (state === 'rejected') await act(f.reviewerToken, id, { action: 'reject', reason: '拒绝原因保密' });
    if (['approved', 'opened', 'deregistration_requested', 'deregistered'].includes(state)) await act(f.reviewerToken, id, { action: 'approve' });
    if (['opened', 'deregistration_requested', 'deregistered'].includes(state)) {
      await act(operator, id, { action: 'open', filingNumber: 'BA-SECRET-001', at: '2023-07-03T09:00:00.000Z' });
    }
    if (['deregistration_requested', 'deregistered'].includes(state)) await act(operator, id, { action: 'request_deregistration', reason: '拒绝原因保密' });
    if (state === 'deregistered') await act(f.reviewerToken, id, { action: 'deregister', at: '2024-01-15T02:00:00.000Z' });
    return { id, name, homepageUrl, platformAccountId };
  };

  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
    await t.http.patch(`/api/units/${f.unitA.id}`).set(bearer(t.adminToken)).send({ contactName: '赵联系', contactPhone: '0571-88886666' });
    opened.wechat = await seed('A', 'opened', 'wechat', '甲镇发布', 'https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzAxOPENED01==#wechat_redirect', 'gh_open0001');
    opened.weibo = await seed('A', 'opened', 'weibo', '甲镇微博', 'https://weibo.com/u/1111111111', '1111111111');
    opened.toutiao = await seed('A', 'opened', 'toutiao', '甲镇头条', 'https://www.toutiao.com/c/user/token/MS4wLjABAAAAtoutiao1/', 'tt-1');
    opened.douyin = await seed('A', 'opened', 'douyin', '<b>甲镇抖音</b>&"', 'https://www.douyin.com/user/MS4wLjABAAAAdouyin1', 'dy-1');
    hidden.applied = await seed('B', 'applied', 'weibo', '乙镇申请中', 'https://weibo.com/u/2222222222', '2222222222');
    hidden.approved = await seed('B', 'approved', 'douyin', '乙镇已批准', 'https://www.douyin.com/user/MS4wLjABAAAAapproved', 'dy-approved');
    hidden.rejected = await seed('B', 'rejected', 'wechat', '乙镇被拒绝', 'https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzAxREJECTED=', 'gh_rejected1');
    hidden.deregistrationRequested = await seed('B', 'deregistration_requested', 'toutiao', '乙镇申请注销中', 'https://www.toutiao.com/c/user/token/MS4wREQUESTED/', 'tt-req');
    deregistered = await seed('B', 'deregistered', 'weibo', '乙镇旧微博', 'https://weibo.com/u/5555555555', '5555555555');
    hiddenUnitId = f.unitB.id;
  });
  afterAll(() => t.close());

  const hiddenNames = () => [...Object.values(hidden).map((a) => a.name), deregistered.name, '乙镇'];
  const expectNoLeak = (text: string) => {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    for (const name of hiddenNames()) expect(text).not.toContain(name);
    for (const a of [...Object.values(hidden), deregistered]) {
      expect(text).not.toContain(a.homepageUrl);
      expect(text).not.toContain(a.platformAccountId);
    }
    for (const marker of ['2222222222', 'MS4wLjABAAAAapproved', 'MzAxREJECTED', 'MS4wREQUESTED', '5555555555']) expect(text).not.toContain(marker);
  };

  it('lists only opened accounts, without login, with only the public fields', async () => {
    const res = await t.http.get('/api/public/accounts?pageSize=200');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, page: 1, pageSize: 200 });
    expect(res.body.items.map((a: { name: string }) => a.name).sort()).toEqual(
      Object.values(opened)
        .map((a) => a.name)
        .sort(),
    );
    for (const item of res.body.items) {
      expect(Object.keys(item).sort()).toEqual(PUBLIC_FIELDS);
      expect(item).toMatchObject({ unitId: f.unitA.id, unitName: f.unitA.name, openedAt: '2023-07-03T09:00:00.000Z', openedOn: '2023-07-03' });
    }
    const wechat = res.body.items.find((a: { platform: string }) => a.platform === 'wechat');
    expect(wechat).toEqual(expect.objectContaining({ name: '甲镇发布', platformName: '微信公众号', platformAccountId: 'gh_open0001', homepageUrl: opened.wechat.homepageUrl }));
    expectNoLeak(res.text);
  });

  it('filters by unit, platform and text, and pages', async () => {
    const byPlatform = await t.http.get('/api/public/accounts?platform=weibo');
    expect(byPlatform.body.items.map((a: { name: string }) => a.name)).toEqual(['甲镇微博']);
    const byText = await t.http.get(`/api/public/accounts?q=${encodeURIComponent('头条')}`);
    expect(byText.body.items.map((a: { name: string }) => a.name)).toEqual(['甲镇头条']);
    const byUnitName = await t.http.get(`/api/public/accounts?q=${encodeURIComponent(f.unitA.name)}`);
    expect(byUnitName.body.total).toBe(4);
    const hiddenUnit = await t.http.get(`/api/public/accounts?unitId=${hiddenUnitId}`);
    expect(hiddenUnit.status).toBe(200);
    expect(hiddenUnit.body).toMatchObject({ items: [], total: 0 });
    const unknownUnit = await t.http.get('/api/public/accounts?unitId=999999');
    expect(unknownUnit.status).toBe(200);
    expect(unknownUnit.body).toEqual(hiddenUnit.body);
    const searchHidden = await t.http.get(`/api/public/accounts?q=${encodeURIComponent('乙镇申请中')}`);
    expect(searchHidden.body.total).toBe(0);
    const paged = await t.http.get('/api/public/accounts?page=2&pageSize=3');
    expect(paged.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(paged.body.items).toHaveLength(1);
  });

  it('lists only units with an opened account, without contacts', async () => {
    const res = await t.http.get('/api/public/units');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: f.unitA.id, name: f.unitA.name, code: expect.any(String), accounts: 4 }]);
    expectNoLeak(res.text);
  });

  describe('verification', () => {
    const verify = (query: Record<string, string>) => t.http.get('/api/public/verify').query(query);

    it.each([
      ['wechat', 'https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzAxOPENED01==#wechat_redirect'],
      ['wechat', 'http://mp.weixin.qq.com/mp/profile_ext?__biz=MzAxOPENED01%3D%3D&action=home&scene=124'],
      ['wechat', 'mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzAxOPENED01'],
      ['wechat', 'https://mp.weixin.qq.com/s?__biz=MzAxOPENED01==&mid=2650000001&idx=1&sn=abc#rd'],
      ['weibo', 'https://weibo.com/u/1111111111'],
      ['weibo', 'http://www.weibo.com/1111111111/?is_all=1'],
      ['weibo', 'https://m.weibo.cn/u/1111111111?luicode=10000011'],
      ['weibo', 'https://m.weibo.cn/profile/1111111111'],
      ['weibo', 'https://weibo.cn/u/1111111111#top'],
      ['toutiao', 'https://toutiao.com/c/user/token/MS4wLjABAAAAtoutiao1'],
      ['toutiao', 'https://m.toutiao.com/c/user/token/MS4wLjABAAAAtoutiao1/?source=feed'],
      ['douyin', 'https://douyin.com/user/MS4wLjABAAAAdouyin1?from_tab_name=main'],
      ['douyin', 'https://www.iesdouyin.com/share/user/MS4wLjABAAAAdouyin1/'],
      ['douyin', 'https://www.iesdouyin.com/share/user/102030?sec_uid=MS4wLjABAAAAdouyin1&u_code=x'],
    ])('verifies a %s account from %s', async (platform, url) => {
      const res = await verify({ url });
      expect(res.status).toBe(200);
      expect(res.body.verified).toBe(true);
      expect(res.body.account).toMatchObject({ platform, name: opened[platform].name, unitName: f.unitA.name });
      expect(Object.keys(res.body.account).sort()).toEqual(PUBLIC_FIELDS);
      expectNoLeak(res.text);
    });

    it('verifies by platform and id (WeChat original id in any case, Weibo uid, __biz)', async () => {
      expect((await verify({ platform: 'wechat', id: 'GH_OPEN0001' })).body).toMatchObject({ verified: true, account: { name: '甲镇发布' } });
      expect((await verify({ platform: 'wechat', id: 'MzAxOPENED01' })).body).toMatchObject({ verified: true, account: { name: '甲镇发布' } });
      expect((await verify({ platform: 'weibo', id: '1111111111' })).body).toMatchObject({ verified: true, account: { name: '甲镇微博' } });
      expect((await verify({ platform: 'douyin', id: 'MS4wLjABAAAAdouyin1' })).body).toMatchObject({ verified: true });
      // The right id on the wrong platform is not a match.
      expect((await verify({ platform: 'douyin', id: '1111111111' })).body).toEqual({ verified: false });
    });

    it('answers every non-public state exactly like an unknown account', async () => {
      const unknown = await verify({ url: 'https://weibo.com/u/9999999999' });
      expect(unknown.status).toBe(200);
      expect(unknown.body).toEqual({ verified: false });
      for (const account of Object.values(hidden)) {
        const byUrl = await verify({ url: account.homepageUrl });
        expect({ status: byUrl.status, body: byUrl.body }).toEqual({ status: unknown.status, body: unknown.body });
        expect(byUrl.headers['content-type']).toBe(unknown.headers['content-type']);
        expectNoLeak(byUrl.text);
      }
      const byId = await verify({ platform: 'wechat', id: 'gh_rejected1' });
      expect(byId.body).toEqual({ verified: false });
      const unknownId = await verify({ platform: 'wechat', id: 'gh_nobody' });
      expect(byId.body).toEqual(unknownId.body);
    });

    it('tells a citizen that a deregistered account is no longer official', async () => {
      const queries: Array<Record<string, string>> = [{ url: 'https://m.weibo.cn/u/5555555555' }, { platform: 'weibo', id: '5555555555' }];
      for (const query of queries) {
        const res = await verify(query);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          verified: false,
          status: 'deregistered',
          deregisteredAt: '2024-01-15T02:00:00.000Z',
          deregisteredOn: '2024-01-15',
          name: '乙镇旧微博',
          platform: 'weibo',
          platformName: '微博',
        });
        for (const secret of SECRETS) expect(res.text).not.toContain(secret);
      }
    });
  });

  it('refuses bad input with 400, never 500', async () => {
    for (const path of [
      '/api/public/accounts?platform=myspace',
      `/api/public/accounts?q=${'长'.repeat(51)}`,
      '/api/public/accounts?page=0',
      '/api/public/accounts?page=abc',
      '/api/public/accounts?pageSize=201',
      '/api/public/accounts?unitId=-1',
      '/api/public/accounts?secret=1',
      '/api/public/verify',
      '/api/public/verify?platform=weibo',
      '/api/public/verify?url=javascript:alert(1)',
      '/api/public/verify?url=ftp%3A%2F%2Fweibo.com%2Fu%2F1',
      `/api/public/verify?url=${encodeURIComponent('https://weibo.com/u/' + '1'.repeat(2100))}`,
      '/api/public/verify?platform=myspace&id=1',
      '/api/public/accounts.csv?platform=myspace',
    ]) {
      const res = await t.http.get(path);
      expectError(res, 400);
    }
  });

  it('exports the directory as CSV (UTF-8 with BOM) and XLSX, with only opened accounts', async () => {
    const csv = await t.http
      .get('/api/public/accounts.csv')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toMatch(/attachment/);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('单位,平台,账号名称,平台账号ID,主页链接,开设日期');
    expect(lines).toHaveLength(5);
    expect(text).toContain(`${f.unitA.name},微博,甲镇微博,1111111111,https://weibo.com/u/1111111111,2023-07-03`);
    expect(text).toContain('"<b>甲镇抖音</b>&"""');
    expectNoLeak(text);

    const xlsx = await t.http
      .get('/api/public/accounts.xlsx')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['单位', '平台', '账号名称', '平台账号ID', '主页链接', '开设日期']);
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getColumn(5).width).toBeGreaterThan(30);
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text))));
    expectNoLeak(cells.join('\n'));
    expect(cells).toContain('甲镇头条');
  });

  it('serves an embeddable JSON grouped by unit', async () => {
    const res = await t.http.get('/api/public/embed.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, units: [{ unitId: f.unitA.id, unitName: f.unitA.name }] });
    expect(res.body.units[0].accounts).toHaveLength(4);
    for (const a of res.body.units[0].accounts) expect(Object.keys(a).sort()).toEqual(PUBLIC_FIELDS);
    expectNoLeak(res.text);
  });

  it('opens CORS on /api/public/* only, with preflight', async () => {
    for (const path of ['/api/public/accounts', '/api/public/units', '/api/public/embed.json', '/api/public/verify?url=https://weibo.com/u/1']) {
      const res = await t.http.get(path).set('Origin', 'https://www.example.gov.cn');
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
    }
    const preflight = await t.http
      .options('/api/public/accounts')
      .set('Origin', 'https://www.example.gov.cn')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'if-none-match');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toContain('GET');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/If-None-Match/i);

    const others = [
      t.http.get('/api/health'),
      t.http.get('/api/accounts').set(bearer(t.adminToken)),
      t.http.get('/api/units').set(bearer(t.adminToken)),
      t.http.get('/directory'),
      t.http.options('/api/accounts').set('Access-Control-Request-Method', 'GET'),
      t.http.options('/api/auth/login').set('Access-Control-Request-Method', 'POST'),
      t.http.post('/api/auth/login').send({ username: 'nobody', password: 'wrong-password' }),
      t.http.get('/api/publicx'),
    ];
    for (const res of await Promise.all(others.map((r) => r.set('Origin', 'https://evil.example')))) {
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-methods']).toBeUndefined();
    }
  });

  it('is cacheable: Cache-Control and an ETag answered with 304', async () => {
    for (const path of ['/api/public/accounts', '/api/public/units', '/api/public/verify?url=https://weibo.com/u/1111111111', '/directory']) {
      const first = await t.http.get(path);
      expect(first.status).toBe(200);
      expect(first.headers['cache-control']).toBe('public, max-age=60');
      const etag = first.headers.etag;
      expect(etag).toEqual(expect.any(String));
      const again = await t.http.get(path).set('If-None-Match', etag);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
    }
  });

  it('serves the /directory page without login: escaped, grouped, with QR codes and no hidden account', async () => {
    const res = await t.http.get('/directory');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html; charset=utf-8/);
    const html = res.text;
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('政务新媒体名录');
    expect(html).toContain(f.unitA.name);
    for (const a of ['甲镇发布', '甲镇微博', '甲镇头条']) expect(html).toContain(a);
    expect(html).toContain('&#60;b&#62;甲镇抖音&#60;/b&#62;&#38;&#34;');
    expect(html).not.toContain('<b>甲镇抖音</b>');
    expect((html.match(/<figure class="qr"[^>]*><svg /g) ?? []).length).toBe(4);
    // Each platform heading and each account's 平台 shows the platform's mark (4 accounts on 4 platforms).
    expect((html.match(/<svg class="platform-icon"/g) ?? []).length).toBe(8);
    expect(html).not.toMatch(/(src|href)="https?:\/\/(?!mp\.weixin|weibo|www\.toutiao|www\.douyin)/);
    expectNoLeak(html);
    // Server-side filters and verification (works without JavaScript).
    const filtered = await t.http.get(`/directory?platform=weibo&q=${encodeURIComponent('微博')}`);
    expect(filtered.text).toContain('甲镇微博');
    expect(filtered.text).not.toContain('甲镇头条');
    const verified = await t.http.get(`/directory?verify=${encodeURIComponent('https://m.weibo.cn/u/1111111111')}`);
    expect(verified.text).toContain('这是经登记的政务新媒体账号');
    const gone = await t.http.get(`/directory?verify=${encodeURIComponent('weibo.com/u/5555555555')}`);
    expect(gone.text).toContain('该账号已注销');
    expect(gone.text).toContain('注销日期：2024-01-15');
    const bad = await t.http.get(`/directory?verify=${encodeURIComponent('javascript:alert(1)')}&q=${'x'.repeat(500)}&unitId=abc&platform=nope`);
    expect(bad.status).toBe(200);
    expect(bad.text).toContain('无法核验');
    const reflected = await t.http.get(`/directory?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(reflected.text).not.toContain('<script>alert(1)');
  });
});

describe.each(databasesUnderTest())('public directory rate limit (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(kind, { PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('limits each client across the public routes with 429 in Chinese, leaving the rest of the API alone', async () => {
    expect((await t.http.get('/api/public/accounts')).status).toBe(200);
    expect((await t.http.get('/api/public/units')).status).toBe(200);
    expect((await t.http.get('/directory')).status).toBe(200);
    const limited = await t.http.get('/api/public/verify?url=https://weibo.com/u/1');
    expectError(limited, 429);
    expect(limited.body.message).toMatch(/频繁/);
    expect(limited.headers['access-control-allow-origin']).toBe('*');
    expect(limited.headers['retry-after-public']).toEqual(expect.any(String));
    expectError(await t.http.get('/directory'), 429);
    // The login budget and the authenticated API are not affected.
    expect((await t.http.post('/api/auth/login').send({ username: 'admin', password: 'Admin#12345' })).status).toBe(200);
    expect((await t.http.get('/api/accounts').set(bearer(t.adminToken))).status).toBe(200);
  });
});
