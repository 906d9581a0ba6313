import { classify, KnownAccount, SeenAccount } from './discovery-classify';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const seen = (fields: Partial<SeenAccount>): SeenAccount => ({
  platform: 'weibo',
  name: '某账号',
  platformAccountId: null,
  homepageUrl: null,
  certifiedSubject: null,
  lastPostedAt: null,
  ...fields,
});
const account = (fields: Partial<KnownAccount>): KnownAccount => ({
  id: 1,
  unitId: 10,
  name: '凤翔发布',
  platform: 'weibo',
  platformAccountId: null,
  homepageUrl: null,
  state: 'opened',
  deregisteredAt: null,
  latestPostAt: null,
  ...fields,
});
const units = [
  { id: 10, name: '凤翔区人民政府' },
  { id: 11, name: '凤翔区教育局' },
  { id: 12, name: '区' },
];

describe('discovery classification', () => {
  it('registered: the same platform ID as an account that is not deregistered', () => {
    const result = classify(seen({ platformAccountId: '1234567890' }), [account({ platformAccountId: '1234567890' })], units);
    expect(result).toEqual({ status: 'registered', reason: expect.stringContaining('账号ID“1234567890”相同'), accountId: 1, unitId: 10 });
    expect(result.reason).toContain('凤翔发布');
  });

  it('registered: the same canonical homepage, whatever its form (mobile host, tracking parameters)', () => {
    const result = classify(seen({ homepageUrl: 'https://m.weibo.cn/u/1234567890?luicode=10000011' }), [account({ homepageUrl: 'https://weibo.com/u/1234567890' })], units);
    expect(result.status).toBe('registered');
    expect(result.reason).toContain('主页链接相同');
  });

  it('registered: an ID matching the homepage on record, and a homepage matching the ID on record', () => {
    expect(classify(seen({ platformAccountId: '1234567890' }), [account({ homepageUrl: 'https://weibo.com/u/1234567890/' })], units).status).toBe('registered');
    expect(classify(seen({ homepageUrl: 'weibo.com/1234567890' }), [account({ platformAccountId: '1234567890' })], units).status).toBe('registered');
  });

  it('never matches across platforms', () => {
    const result = classify(seen({ platform: 'douyin', platformAccountId: '1234567890', name: '外地账号' }), [account({ platformAccountId: '1234567890' })], units);
    expect(result.status).toBe('unrelated');
  });

  it('deregistered_active: a deregistered account whose 最近发布 or latest stored post is after the deregistration', () => {
    const gone = account({ state: 'deregistered', deregisteredAt: day('2023-03-01'), platformAccountId: '1234567890' });
    const byFile = classify(seen({ platformAccountId: '1234567890', lastPostedAt: day('2023-08-01') }), [gone], units);
    expect(byFile).toMatchObject({ status: 'deregistered_active', accountId: 1, unitId: 10 });
    expect(byFile.reason).toMatch(/注销于 2023-03-01，最近发布于 2023-08-01/);
    const byPosts = classify(seen({ platformAccountId: '1234567890' }), [{ ...gone, latestPostAt: day('2023-05-01') }], units);
    expect(byPosts.status).toBe('deregistered_active');
  });

  it('deregistered: such a match without later activity', () => {
    const gone = account({ state: 'deregistered', deregisteredAt: day('2023-03-01'), platformAccountId: '1234567890', latestPostAt: day('2023-02-01') });
    expect(classify(seen({ platformAccountId: '1234567890', lastPostedAt: day('2023-02-15') }), [gone], units)).toMatchObject({ status: 'deregistered', accountId: 1 });
  });

  it('prefers a live account over a deregistered one with the same ID', () => {
    const gone = account({ id: 1, state: 'deregistered', deregisteredAt: day('2023-03-01'), platformAccountId: 'x1234' });
    const live = account({ id: 2, state: 'opened', platformAccountId: 'x1234' });
    expect(classify(seen({ platformAccountId: 'x1234' }), [gone, live], units)).toMatchObject({ status: 'registered', accountId: 2 });
  });

  it('undeclared: its name or 认证主体 contains a unit name (the longest unit name; too-short names ignored)', () => {
    const byName = classify(seen({ name: '凤翔区教育局发布', platformAccountId: '999' }), [], units);
    expect(byName).toEqual({ status: 'undeclared', reason: '账号名称包含单位名称“凤翔区教育局”，但未在台账中登记', accountId: null, unitId: 11 });
    const bySubject = classify(seen({ name: '凤翔旅游', certifiedSubject: '凤翔区人民政府办公室', platformAccountId: '999' }), [], units);
    expect(bySubject).toMatchObject({ status: 'undeclared', unitId: 10, reason: expect.stringContaining('认证主体') });
  });

  it('unrelated: nothing matched', () => {
    expect(classify(seen({ name: '某区美食', platformAccountId: '999' }), [account({ platformAccountId: '1' })], units)).toMatchObject({
      status: 'unrelated',
      accountId: null,
      unitId: null,
    });
  });
});
