import * as iconv from 'iconv-lite';
import { parseLooseDate } from '../../common/loose-date';
import { FeedParseError, parseFeed, rsshubWeiboRepost } from './feed-parser';

describe('feed parser', () => {
  it('reads RSS 2.0 with CDATA, a missing guid, odd dates and <source url>', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>某镇发布</title><link>https://example.gov.cn/</link>
      <item><title><![CDATA[关于 <b>秋季</b> 防火的通知]]></title><link>/a/1.html</link><guid isPermaLink="false">g-1</guid><pubDate>Sat, 30 Sep 2023 23:59:59 +0800</pubDate></item>
      <item><title>无 guid 的条目 &amp; 其他</title><link>https://example.gov.cn/a/2.html</link><pubDate>2023-10-01 00:00:00</pubDate></item>
      <item><title>转载国办通知</title><link>https://example.gov.cn/a/3.html</link><pubDate>Sun, 1 Oct 2023 08:00 CST</pubDate><source url="https://www.gov.cn/zhengce/1.htm">中国政府网</source></item>
    </channel></rss>`;
    const feed = parseFeed(Buffer.from(xml), { timeZone: 'Asia/Shanghai' });
    expect(feed.format).toBe('rss');
    expect(feed.posts).toHaveLength(3);
    expect(feed.posts[0]).toMatchObject({ platformPostId: 'g-1', title: '关于 秋季 防火的通知', url: 'https://example.gov.cn/a/1.html', isRepost: false });
    expect(feed.posts[0].publishedAt.toISOString()).toBe('2023-09-30T15:59:59.000Z');
    expect(feed.posts[1]).toMatchObject({ platformPostId: 'https://example.gov.cn/a/2.html', title: '无 guid 的条目 & 其他' });
    expect(feed.posts[1].publishedAt.toISOString()).toBe('2023-09-30T16:00:00.000Z');
    expect(feed.posts[2]).toMatchObject({ isRepost: true, sourceUrl: 'https://www.gov.cn/zhengce/1.htm', sourceName: '中国政府网' });
    expect(feed.posts[2].publishedAt.toISOString()).toBe('2023-10-01T00:00:00.000Z');
  });

  it('reads content:encoded as the body whether or not the root declares xmlns:content', () => {
    const item = '<item><title>标题</title><description>摘要</description><content:encoded><![CDATA[<p>正文<b>一</b></p>]]></content:encoded><guid>c-1</guid></item>';
    for (const root of ['<rss version="2.0">', '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">']) {
      const feed = parseFeed(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${root}<channel><title>t</title>${item}</channel></rss>`));
      expect(feed.posts).toHaveLength(1);
      expect(feed.posts[0].body).toBe('正文一');
    }
  });

  it('decodes a GBK-declared feed', () => {
    const xml =
      '<?xml version="1.0" encoding="GBK"?><rss version="2.0"><channel><title>政务</title><item><title>县政府常务会议</title><guid>x1</guid><pubDate>2023-07-01T09:00:00+08:00</pubDate></item></channel></rss>';
    const feed = parseFeed(iconv.encode(xml, 'gbk'));
    expect(feed.posts[0].title).toBe('县政府常务会议');
  });

  it('reads Atom with rel="via" as a repost', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>urn:1</id><title type="html">&lt;p&gt;原创&lt;/p&gt;</title><link href="https://a.example/1"/><updated>2023-08-01T00:00:00Z</updated></entry>
      <entry><id>urn:2</id><title>转发</title><link rel="alternate" href="https://a.example/2"/><link rel="via" href="https://www.gov.cn/x" title="中国政府网"/><published>2023-08-02T00:00:00Z</published></entry></feed>`;
    const feed = parseFeed(xml);
    expect(feed.format).toBe('atom');
    expect(feed.posts.map((p) => [p.platformPostId, p.title, p.isRepost])).toEqual([
      ['urn:1', '原创', false],
      ['urn:2', '转发', true],
    ]);
    expect(feed.posts[1]).toMatchObject({ url: 'https://a.example/2', sourceUrl: 'https://www.gov.cn/x', sourceName: '中国政府网' });
  });

  it('reads JSON Feed 1.1 with external_url as a repost', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'j',
      items: [
        { id: 1, url: 'https://a.example/1', content_text: '只有正文', date_published: '2023-07-01T00:00:00+08:00' },
        { id: '2', title: '转', external_url: 'https://www.gov.cn/y', date_published: '2023-07-02T00:00:00Z' },
      ],
    });
    const feed = parseFeed(Buffer.from(json), { contentType: 'application/feed+json' });
    expect(feed.posts[0]).toMatchObject({ platformPostId: '1', title: '只有正文', isRepost: false });
    expect(feed.posts[1]).toMatchObject({ platformPostId: '2', isRepost: true, sourceUrl: 'https://www.gov.cn/y' });
  });

  it('recognises RSSHub Weibo repost markers', () => {
    const description =
      '我们转一下<br><blockquote> - 转发 <a href="https://weibo.com/n/央视新闻">@央视新闻</a>: 原文内容<br><a href="https://weibo.com/2656274875/NaBcD12">原博</a></blockquote>';
    expect(rsshubWeiboRepost('我们转一下 - 转发 @央视新闻: 原文内容', description)).toEqual({ sourceUrl: 'https://weibo.com/2656274875/NaBcD12', sourceName: '央视新闻' });
    expect(rsshubWeiboRepost('原创微博', '<p>原创</p>')).toBeNull();
    const xml = `<rss version="2.0"><channel><title>微博</title><item><title><![CDATA[我们转一下 - 转发 @央视新闻: 原文内容]]></title><description><![CDATA[${description}]]></description><link>https://weibo.com/1/Ab</link><pubDate>Tue, 31 May 2011 09:46:55 GMT</pubDate><guid>https://weibo.com/1/Ab</guid></item></channel></rss>`;
    expect(parseFeed(xml).posts[0]).toMatchObject({ isRepost: true, sourceName: '央视新闻', sourceUrl: 'https://weibo.com/2656274875/NaBcD12' });
  });

  it('refuses what is not a feed, or a feed cut short', () => {
    expect(() => parseFeed('<html><body>502 Bad Gateway</body></html>')).toThrow(FeedParseError);
    expect(() => parseFeed('<?xml version="1.0"?><rss version="2.0"><channel><title>x<item><title>cut')).toThrow(FeedParseError);
    expect(() => parseFeed('{"items": 3}')).toThrow(FeedParseError);
    expect(() => parseFeed('{not json')).toThrow(FeedParseError);
    expect(() => parseFeed('')).toThrow(FeedParseError);
  });
});

describe('parseLooseDate', () => {
  it('reads the forms platforms and feeds use', () => {
    const iso = (s: string) => parseLooseDate(s)?.toISOString();
    expect(iso('Tue May 31 17:46:55 +0800 2011')).toBe('2011-05-31T09:46:55.000Z');
    expect(iso('Tue, 31 May 2011 17:46:55 +0800')).toBe('2011-05-31T09:46:55.000Z');
    expect(iso('31 May 2011 09:46:55 GMT')).toBe('2011-05-31T09:46:55.000Z');
    expect(iso('2023-09-30T23:59:59+08:00')).toBe('2023-09-30T15:59:59.000Z');
    expect(iso('2023年9月30日 10:00')).toBe('2023-09-30T02:00:00.000Z');
    expect(iso('2023/09/30')).toBe('2023-09-29T16:00:00.000Z');
    expect(iso('1696089599')).toBe('2023-09-30T15:59:59.000Z');
    expect(parseLooseDate('yesterday-ish')).toBeNull();
    expect(parseLooseDate('2023-02-30')).toBeNull();
  });
});
