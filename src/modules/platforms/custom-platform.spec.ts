import { customDefinition, patternProblem, patternProblems } from './custom-platform';
import { PlatformRegistry } from './platform-registry';
import { BUILT_IN_PLATFORMS } from './builtin';
import { parseHttpUrl } from './url-parts';

describe('custom platform patterns', () => {
  it('accepts a pattern naming a site', () => {
    expect(patternProblem('^(www\\.)?zhihu\\.com/')).toBeNull();
    expect(patternProblem('douban\\.com/people/')).toBeNull();
  });

  it('refuses patterns that do not compile', () => {
    expect(patternProblem('zhihu\\.com/(people')).toMatch(/不是有效的正则表达式/);
    expect(patternProblem('[a-')).toMatch(/不是有效的正则表达式/);
  });

  it('refuses patterns that match every URL', () => {
    for (const p of ['.*', '.', '^', '\\w', '(?:)', 'a*', '[^]']) expect(patternProblem(p)).toMatch(/会匹配任意网址/);
  });

  it('refuses blank and overlong patterns, and names each by position', () => {
    expect(patternProblem('  ')).toBe('不能为空');
    expect(patternProblem('a'.repeat(201))).toMatch(/过长/);
    expect(patternProblems(['zhihu\\.com/', '.*', '(x'])).toEqual([expect.stringMatching(/^第 2 条/), expect.stringMatching(/^第 3 条/)]);
  });
});

describe('custom platform canonical form', () => {
  const registry = new PlatformRegistry(BUILT_IN_PLATFORMS, [customDefinition({ code: 'zhihu', name: '知乎', urlPatterns: ['^(?:www\\.|m\\.)?zhihu\\.com/'] })]);
  const of = (raw: string) => registry.ofUrl(parseHttpUrl(raw));

  it('reduces mobile and desktop hosts, trailing slashes, tracking parameters and fragments to one page', () => {
    const expected = { code: 'zhihu', account: { idKind: 'page', platformId: 'zhihu.com/people/fengxiang', homepage: 'https://zhihu.com/people/fengxiang' } };
    for (const url of [
      'https://www.zhihu.com/people/fengxiang',
      'http://zhihu.com/people/fengxiang/',
      'https://m.zhihu.com/people/fengxiang?utm_psn=1&utm_source=wechat_session',
      'zhihu.com/people/fengxiang#answers',
    ]) {
      expect(of(url)).toEqual(expected);
    }
  });

  it('names no account for the front page, and leaves other sites alone', () => {
    expect(of('https://www.zhihu.com/')).toEqual({ code: 'zhihu', account: undefined });
    expect(of('https://weibo.com/u/1234567890')?.code).toBe('weibo');
    expect(of('https://example.gov.cn/a')).toBeUndefined();
  });
});
