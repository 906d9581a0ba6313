/**
 * Custom platforms (自定义平台), added by an admin: their patterns checked, and their
 * definition for the registry. Pure, no framework.
 */
import type { PlatformDefinition } from './platform-definition';
import { defaultIcon, PlatformHints, PlatformIcon } from './platform-icon';
import { pageKey } from './url-parts';

/** What the `custom_platforms` table keeps of a platform. */
export interface CustomPlatformFacts extends Partial<PlatformHints> {
  code: string;
  name: string;
  urlPatterns: string[];
  /** The parts of the mark the admin chose; the default mark (platform-icon.ts, defaultIcon) fills the rest. */
  icon?: Partial<PlatformIcon>;
}

export const MAX_PATTERN_LENGTH = 200;
export const MAX_PATTERNS = 10;

/**
 * URLs of unrelated sites a pattern must not all match: one that matches every one of them
 * (or the empty text) would claim every URL for the platform.
 */
const UNRELATED_URLS = ['weibo.com/u/1234567890', 'mp.weixin.qq.com/s/abc', 'www.example.gov.cn/xwzx/index.html', 'a.cn', 'x.org/?q=1'];

/** The problem with one pattern (Chinese, for the admin), or null when it may be used. */
export function patternProblem(source: string): string | null {
  const text = source.trim();
  if (!text) return '不能为空';
  if (text.length > MAX_PATTERN_LENGTH) return `过长，最多 ${MAX_PATTERN_LENGTH} 个字符`;
  let pattern: RegExp;
  try {
    pattern = new RegExp(text, 'i');
  } catch (error) {
    return `不是有效的正则表达式（${(error as Error).message}）`;
  }
  if (pattern.test('') || UNRELATED_URLS.every((url) => pattern.test(url))) {
    return '会匹配任意网址，请写出该平台的域名，如 ^(www\\.)?zhihu\\.com/';
  }
  return null;
}

/** The problems of a list of patterns, each naming its position (第 N 条). */
export function patternProblems(sources: readonly string[]): string[] {
  if (sources.length > MAX_PATTERNS) return [`网址规则最多 ${MAX_PATTERNS} 条`];
  return sources.flatMap((source, i) => {
    const problem = patternProblem(source);
    return problem ? [`第 ${i + 1} 条网址规则“${source}”${problem}`] : [];
  });
}

/**
 * The registry definition of a custom platform. An account on it is its page: the URL's
 * host (no www./m.), path (no trailing slash) and non-tracking query, so the mobile and
 * desktop forms, trailing slashes and share parameters of one page are one account.
 */
export function customDefinition(facts: CustomPlatformFacts): PlatformDefinition {
  return {
    code: facts.code,
    name: facts.name,
    urlPatterns: facts.urlPatterns.map((source) => new RegExp(source.trim(), 'i')),
    urlPatternSources: facts.urlPatterns.map((source) => source.trim()),
    icon: { ...defaultIcon(facts.name), ...definedParts(facts.icon) },
    idHint: facts.idHint ?? undefined,
    homepageHint: facts.homepageHint ?? undefined,
    canonical(url) {
      const page = pageKey(url);
      if (!page.includes('/')) return undefined; // a site's front page names no account
      return { idKind: 'page', platformId: page, homepage: `https://${page}` };
    },
  };
}

/** The parts of an icon that are set (so an absent colour keeps the default). */
function definedParts(icon: Partial<PlatformIcon> | undefined): Partial<PlatformIcon> {
  return Object.fromEntries(Object.entries(icon ?? {}).filter(([, value]) => typeof value === 'string' && value !== ''));
}
