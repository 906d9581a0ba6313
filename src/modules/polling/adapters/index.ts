import { FeedSource } from './feed.adapter';
import { PlatformSource, SourceKind } from './types';
import { WechatApiSource, WechatTokenCache } from './wechat.adapter';
import { WeiboApiSource } from './weibo.adapter';

export * from './types';
export { SourceHttpClient, RequestBudget } from './http-client';
export { parseFeed, FeedParseError } from './feed-parser';
export { WechatTokenCache } from './wechat.adapter';

/** The adapters of the polled kinds (`manual` is imported, never polled). */
export function createSources(tokens = new WechatTokenCache()): Partial<Record<SourceKind, PlatformSource>> {
  return { feed: new FeedSource(), wechat_api: new WechatApiSource(tokens), weibo_api: new WeiboApiSource() };
}
