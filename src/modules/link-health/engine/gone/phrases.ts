/**
 * The gone-page rule set: what platforms, CMSs and web servers write on a page whose content or
 * account is gone, grouped into rules. Each rule names the reason it reports and where on the page
 * its phrases count (judge.ts). Maintained here, tested by the page corpus
 * (test/fixtures/pages/, corpus.spec.ts): a new phrasing seen in the wild is a line here and a
 * page there. Matching ignores case and, for Chinese phrases, whitespace and punctuation.
 */
import type { ReasonCode } from '../types';

/** Where on a page a phrase counts. `short`: the main text, when it is short (an error page's body, not an article's). */
export type Place = 'title' | 'headline' | 'headings' | 'errorBox' | 'short';

export interface GoneRule {
  id: string;
  reason: ReasonCode;
  places: Place[];
  phrases: string[];
}

const PROMINENT: Place[] = ['title', 'headline', 'headings', 'errorBox', 'short'];

/** Platform pages (WeChat, Weibo, Toutiao, Douyin, Kuaishou, Bilibili, Xiaohongshu, Channels, Zhihu, Baijiahao). */
export const PLATFORM_RULES: GoneRule[] = [
  {
    id: 'wechat-deleted',
    reason: 'soft404_wechat_deleted',
    places: PROMINENT,
    phrases: ['该内容已被发布者删除', '此内容已被发布者删除', '该文章已被发布者删除', '该图文已被发布者删除', '此图文已被发布者删除'],
  },
  {
    id: 'wechat-violation',
    reason: 'soft404_wechat_violation',
    places: PROMINENT,
    phrases: [
      '此内容因违规无法查看',
      '此内容因违规已删除',
      '该内容因违规无法查看',
      '此内容因违规',
      '该内容已被投诉且经审核涉嫌侵权',
      '此内容被投诉且经审核涉嫌侵权',
      '此内容因涉嫌违反相关法律法规和政策',
    ],
  },
  {
    id: 'platform-deleted',
    reason: 'soft404_deleted',
    places: PROMINENT,
    phrases: [
      '此微博已被作者删除',
      '该微博已被删除',
      '该微博不存在',
      '微博不存在或暂无查看权限',
      '作者已删除该作品',
      '作品已删除',
      '该作品已删除',
      '该作品已被删除',
      '作品不存在',
      '作品不见了',
      '该视频已删除',
      '视频已被删除',
      '视频不见了',
      '视频去哪了呢',
      '该视频已失效',
      '稿件不可见',
      '该稿件已被删除',
      '该动态已被删除',
      '笔记不见了',
      '该笔记已被删除',
      '当前笔记暂时无法浏览',
      '该回答已被删除',
      '该文章已被删除',
      '文章已被删除',
      '文章已删除',
      '内容已删除',
      '该内容已被删除',
      '内容已被删除',
      '内容不见了',
      '文章被删除了',
      '内容已被作者删除',
      '该内容已被作者删除',
    ],
  },
  {
    id: 'platform-violation',
    reason: 'soft404_violation',
    places: PROMINENT,
    phrases: [
      '根据《微博社区公约》，已被删除',
      '因违反《微博社区公约》',
      '违反相关法律法规',
      '因违规已被删除',
      '该视频因违规',
      '该作品因违规',
      '内容因违规',
      '涉嫌违规已被删除',
      '因被投诉已删除',
      '被多人投诉',
      '内容违规无法查看',
      '内容已下架',
      '该内容已下架',
    ],
  },
  {
    id: 'platform-account',
    reason: 'soft404_account',
    places: PROMINENT,
    phrases: [
      '该公众号已迁移',
      '此帐号已迁移',
      '此账号已迁移',
      '帐号迁移流程中',
      '此帐号已被屏蔽',
      '此账号已被屏蔽',
      '该公众号已被屏蔽',
      '该公众号已被封禁',
      '此帐号已自主注销',
      '此账号已自主注销',
      '该公众号已注销',
      '该账号已注销',
      '该帐号已注销',
      '账号已注销',
      '帐号已注销',
      '该用户已注销',
      '用户已注销',
      '该账号已被封禁',
      '该帐号已被封禁',
      '账号已被封禁',
      '该用户已被封禁',
      '该头条号已被封禁',
      '该账号因被投诉',
      '该账号已停用',
      '账号已冻结',
      '该账号已冻结',
      '视频号已注销',
      '该视频号已被封禁',
      '用户不存在',
      '该用户不存在',
      '账号不存在',
      '该账号不存在',
    ],
  },
];

/** CMS phrasings for expired, withdrawn or removed items. */
export const CMS_RULES: GoneRule[] = [
  {
    id: 'cms-expired',
    reason: 'soft404_expired',
    places: PROMINENT,
    phrases: [
      '信息已过期',
      '该信息已过期',
      '此信息已过期',
      '信息已失效',
      '该信息已失效',
      '页面已过期',
      '该页面已过期',
      '页面已失效',
      '链接已失效',
      '该链接已失效',
      '链接已过期',
      '已撤稿',
      '稿件已撤回',
      '文章已撤回',
      '信息已撤销',
      '该信息已被撤销',
      '信息已撤回',
      '信息已下线',
      '内容已下线',
      '该文章已下线',
      '文章已下线',
      '栏目已撤销',
      '该栏目已撤销',
      '栏目已关闭',
      '该栏目已关闭',
      '栏目已停用',
      '该栏目已停用',
    ],
  },
  {
    id: 'cms-removed',
    reason: 'soft404_deleted',
    places: PROMINENT,
    phrases: ['该信息已删除', '信息已删除', '此信息已被删除', '该信息已被删除', '文档已删除', '该文档已删除', '附件已删除', '该栏目已删除', '栏目已删除'],
  },
];

/** Generic not-found pages, Chinese and English. */
export const NOT_FOUND_RULE: GoneRule = {
  id: 'not-found',
  reason: 'soft404_not_found',
  places: PROMINENT,
  phrases: [
    '页面不存在',
    '网页不存在',
    '页面未找到',
    '找不到页面',
    '找不到该页面',
    '找不到您要的页面',
    '页面找不到',
    '页面走丢了',
    '页面丢失',
    '页面去火星了',
    '内容不存在',
    '文章不存在',
    '信息不存在',
    '栏目不存在',
    '资源不存在',
    '记录不存在',
    '无此页面',
    '该页面已删除',
    '页面已删除',
    '无法找到该页',
    '该页面无法访问',
    'page not found',
    'page cannot be found',
    'page could not be found',
    "page doesn't exist",
    'page does not exist',
    'requested url was not found',
    'resource cannot be found',
    'no longer available',
    'file or directory not found',
    'not found',
  ],
};

/** Titles (or headlines) that are nothing but an error: a 200 answer with such a title is an error page. */
export const ERROR_TITLE =
  /^(?:(?:http\s*)?(?:错误\s*)?[45]\d\d(?:\s*(?:错误|error|页面|page|not found|forbidden|bad gateway|bad request|service unavailable|internal server error|gateway time-?out))?|error(?: page)?|系统错误|服务器错误|系统繁忙|出错了|出错啦|访问出错|访问错误|错误页面?|错误提示|操作失败|internal server error|service unavailable|bad gateway|bad request|runtime error|server error in '.*' application\.?)$/i;

/** A title that is a document's own (关于……的通知): its words are the document's subject, never the page's state. */
export const DOCUMENT_TITLE = /关于.{2,80}的(通知|公告|通告|通报|决定|意见|办法|规定|函|批复|报告|请示|方案|公示)/;

/** Where a redirect (HTTP, meta refresh or script) lands that is an error page. */
export const ERROR_PATH =
  /(^|\/)(404|40\d|50\d|error|errors|err|errpage|error[-_]?page|notfound|not[-_]found|nopage|no[-_]page|pagenotfound|page[-_]?404|deleted)(\.(s?html?|jsp|aspx?|php))?(\/|$)|[?&](error|err|code)=(40\d|50\d|not_?found)/i;

export const VERIFICATION = [
  '操作过于频繁',
  '环境异常',
  '完成验证',
  '安全验证',
  '请输入验证码',
  '人机验证',
  '滑动验证',
  '访问验证',
  'captcha',
  'verify you are human',
  'are you a robot',
];
export const LOGIN = ['统一身份认证', '请先登录', '用户登录', '登录后查看', '请登录', '单点登录', 'sign in', 'log in'];
export const LOGIN_URL = /(^|[/._-])(login|signin|sign-in|sso|cas|passport|auth|oauth|uias|logon)([/._?-]|$)/i;
