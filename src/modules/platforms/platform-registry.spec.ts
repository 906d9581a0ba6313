import { BUILT_IN_PLATFORMS } from './builtin';
import type { PlatformDefinition } from './platform-definition';
import { PlatformRegistry, platformRegistry } from './platform-registry';
import { hostPattern, parseHttpUrl } from './url-parts';

const CONTRACT = [
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

/** A platform as an admin might add one later (POST /api/platforms). */
const custom: PlatformDefinition = { code: 'zhihu', name: '知乎', urlPatterns: [hostPattern('zhihu.com')], icon: { color: '#0066FF', glyph: '知' } };

describe('platform registry', () => {
  it('lists the built-ins of the contract, 其他 last', () => {
    expect(platformRegistry.list().map((p) => [p.code, p.name])).toEqual(CONTRACT);
    expect(platformRegistry.codes()).toEqual(CONTRACT.map(([code]) => code));
    expect(platformRegistry.names()).toEqual(CONTRACT.map(([, name]) => name));
  });

  it('serves entries with their URL patterns as text and their source kinds', () => {
    const entries = platformRegistry.listEntries();
    expect(entries).toHaveLength(10);
    const weibo = entries.find((e) => e.code === 'weibo')!;
    expect(weibo).toEqual({
      code: 'weibo',
      name: '微博',
      builtIn: true,
      urlPatterns: [expect.any(String)],
      sourceKinds: ['feed', 'weibo_api', 'manual'],
      icon: { color: '#E6162D', glyph: '微', textColor: '#FFFFFF' },
      idHint: expect.stringContaining('UID'),
      homepageHint: expect.stringContaining('weibo.com'),
    });
    expect(new RegExp(weibo.urlPatterns[0], 'i').test('m.weibo.cn/u/1234567890')).toBe(true);
    expect(entries.every((e) => e.builtIn)).toBe(true);
  });

  it('knows codes and names, and shows an unknown code as itself', () => {
    expect(platformRegistry.has('xiaohongshu')).toBe(true);
    expect(platformRegistry.has('myspace')).toBe(false);
    expect(platformRegistry.has(3)).toBe(false);
    expect(platformRegistry.nameOf('wechat_channels')).toBe('视频号');
    expect(platformRegistry.nameOf('myspace')).toBe('myspace');
  });

  it.each([
    ['微信公众号', 'wechat'],
    ['公众号', 'wechat'],
    ['微信', 'wechat'],
    ['新浪微博', 'weibo'],
    ['头条号', 'toutiao'],
    [' 抖 音 ', 'douyin'],
    ['B站', 'bilibili'],
    ['douyin', 'douyin'],
    ['Wechat_Channels', 'wechat_channels'],
    ['视频号', 'wechat_channels'],
    ['小红书', 'xiaohongshu'],
    ['微信小程序', 'mini_program'],
    ['其它', 'other'],
    ['其他平台', 'other'],
  ])('reads %p in a spreadsheet as %s', (text, code) => {
    expect(platformRegistry.parse(text)).toBe(code);
  });

  it.each(['脸书', '', '   ', 'wechat_api'])('does not read %p as a platform', (text) => {
    expect(platformRegistry.parse(text)).toBeNull();
  });

  it('names the valid codes with their names, for messages', () => {
    expect(platformRegistry.describeCodes()).toBe(CONTRACT.map(([code, name]) => `${code}(${name})`).join('、'));
  });

  it('gives reports v1’s platforms always and the others once used', () => {
    expect(platformRegistry.reportColumns([])).toEqual(['wechat', 'weibo', 'toutiao', 'douyin', 'kuaishou', 'bilibili', 'other']);
    expect(platformRegistry.reportColumns(['xiaohongshu', 'weibo', 'legacy_code'])).toEqual([
      'wechat',
      'weibo',
      'toutiao',
      'douyin',
      'xiaohongshu',
      'kuaishou',
      'bilibili',
      'other',
      'legacy_code',
    ]);
  });

  describe('with a custom platform (the seam for POST /api/platforms)', () => {
    const registry = new PlatformRegistry(BUILT_IN_PLATFORMS, [custom]);

    it('lists it before 其他, not built in, and recognises its URLs', () => {
      expect(registry.codes().slice(-2)).toEqual(['zhihu', 'other']);
      expect(registry.listEntries().find((e) => e.code === 'zhihu')).toEqual({
        code: 'zhihu',
        name: '知乎',
        builtIn: false,
        urlPatterns: [custom.urlPatterns[0].source],
        sourceKinds: ['feed', 'manual'],
        icon: { color: '#0066FF', glyph: '知', textColor: '#FFFFFF' },
        idHint: null,
        homepageHint: null,
      });
      expect(registry.ofUrl(parseHttpUrl('https://www.zhihu.com/people/fengxiang'))).toEqual({ code: 'zhihu', account: undefined });
      expect(registry.parse('知乎')).toBe('zhihu');
      expect(registry.idForms('zhihu', 'x')).toEqual([]);
      // The application's registry is untouched.
      expect(platformRegistry.has('zhihu')).toBe(false);
    });

    it('refuses a bad or taken code and a taken name', () => {
      const fresh = () => new PlatformRegistry(BUILT_IN_PLATFORMS);
      expect(() => fresh().add({ ...custom, code: 'Zhihu' })).toThrow(/does not match/);
      expect(() => fresh().add({ ...custom, code: 'weibo' })).toThrow(/twice/);
      expect(() => fresh().add({ ...custom, name: '新浪微博' })).toThrow(/already stands for "weibo"/);
      expect(() => fresh().add({ ...custom, aliases: ['douyin'] })).toThrow(/already stands for "douyin"/);
    });
  });
});
