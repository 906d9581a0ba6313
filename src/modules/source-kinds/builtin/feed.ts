/** `feed`: RSS 2.0 / Atom / JSON Feed over HTTP with conditional GET (ETag, Last-Modified). */
import { FeedParseError, parseFeed } from '../feed-parser';
import { assertOk } from '../http-client';
import { PollContext, PollResult, PostSource, SourceError } from '../post-source';
import type { SourceKindDefinition } from '../source-kind';

export class FeedSource implements PostSource {
  async poll(context: PollContext): Promise<PollResult> {
    const url = context.settings.url;
    if (!url) throw new SourceError('config', '采集来源缺少订阅地址');
    const headers: Record<string, string> = { Accept: 'application/feed+json, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5' };
    const etag = context.cursor?.etag;
    const lastModified = context.cursor?.lastModified;
    if (typeof etag === 'string' && etag) headers['If-None-Match'] = etag;
    if (typeof lastModified === 'string' && lastModified) headers['If-Modified-Since'] = lastModified;
    const response = await context.http.request({ url, headers, budget: context.budget });
    if (response.status === 304) return { posts: [], cursor: context.cursor, notModified: true };
    assertOk(response, '订阅源', context.now, context.timeZone);
    let feed;
    try {
      feed = parseFeed(response.body, { contentType: response.headers['content-type'], timeZone: context.timeZone, now: context.now, baseUrl: response.url });
    } catch (error) {
      if (error instanceof FeedParseError) throw new SourceError('transient', error.message, null, 'malformed');
      throw error;
    }
    return {
      posts: feed.posts,
      cursor: { etag: response.headers.etag ?? null, lastModified: response.headers['last-modified'] ?? null },
    };
  }
}

export const feed: SourceKindDefinition = {
  kind: 'feed',
  label: '订阅源',
  fields: ['url'],
  required: { url: '订阅源需要填写订阅地址 url' },
  createSource: () => new FeedSource(),
};
