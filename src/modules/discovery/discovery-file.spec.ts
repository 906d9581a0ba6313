import { interpretDiscovery } from './discovery-file';

const HEADER = ['平台', '账号名称', '账号ID', '主页链接', '认证主体', '最近发布'];
const TZ = 'Asia/Shanghai';

describe('discovery file', () => {
  it('reads platforms by code or Chinese name, IDs, homepages and dates in the office time zone', () => {
    const { records, errors } = interpretDiscovery(
      [
        HEADER,
        ['微博', '凤翔发布', '1234567890', null, '凤翔区人民政府', '2023-08-15 10:30'],
        ['xiaohongshu', '凤翔文旅', null, 'xiaohongshu.com/user/profile/5ff0e6410000000001008400', null, null],
      ],
      TZ,
    );
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({
      rowNumber: 2,
      platform: 'weibo',
      name: '凤翔发布',
      platformAccountId: '1234567890',
      certifiedSubject: '凤翔区人民政府',
      lastPostedAt: new Date('2023-08-15T02:30:00Z'),
    });
    expect(records[1]).toMatchObject({ rowNumber: 3, platform: 'xiaohongshu', homepageUrl: 'https://xiaohongshu.com/user/profile/5ff0e6410000000001008400' });
  });

  it('refuses a header without 平台, 账号名称, or both of 账号ID and 主页链接', () => {
    expect(
      interpretDiscovery(
        [
          ['账号名称', '账号ID'],
          ['a', '1'],
        ],
        TZ,
      ).errors[0].message,
    ).toMatch(/缺少必填列：平台/);
    expect(
      interpretDiscovery(
        [
          ['平台', '账号名称', '认证主体'],
          ['微博', 'a', 'b'],
        ],
        TZ,
      ).errors[0].message,
    ).toMatch(/账号ID 或 主页链接/);
  });

  it('names every bad row: unknown platform, neither ID nor homepage, bad URL, bad date', () => {
    const { records, errors } = interpretDiscovery(
      [
        HEADER,
        ['脸书', 'a', '1', null, null, null],
        ['微博', 'b', null, null, null, null],
        ['微博', 'c', null, 'javascript:alert(1)', null, null],
        ['微博', 'd', '1', null, null, '昨天'],
        ['微博', 'e', '1', null, null, null],
      ],
      TZ,
    );
    expect(errors.map((e) => e.row)).toEqual([2, 3, 4, 5]);
    expect(errors[0].message).toMatch(/平台“脸书”无法识别/);
    expect(errors[1].message).toMatch(/账号ID和主页链接至少填写一项/);
    expect(errors[2].message).toMatch(/主页链接无效/);
    expect(errors[3].message).toMatch(/最近发布不是有效日期/);
    expect(records).toHaveLength(1);
  });

  it('refuses an empty sheet and one with a header only', () => {
    expect(interpretDiscovery([], TZ).errors[0].message).toMatch(/表格是空的/);
    expect(interpretDiscovery([HEADER], TZ).errors[0].message).toMatch(/没有账号数据行/);
  });
});
