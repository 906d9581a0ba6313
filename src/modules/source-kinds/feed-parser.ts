/**
 * RSS 2.0 (and RSS 1.0), Atom and JSON Feed 1.1 into normalised posts. Tolerant of
 * real-world feeds: CDATA, missing guid, odd dates, GBK/GB2312 declared encodings.
 * A body that is not a feed at all is a `FeedParseError`. Pure (no network, no framework).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as iconv from 'iconv-lite';
import { parseLooseDate } from '../../common/loose-date';
import { cleanUrl, decodeEntities, hashId, htmlToText, stableId, truncate } from './post-text';
import type { NormalisedPost } from './normalised-post';
import { htmlToPlainText } from './post-body';

export class FeedParseError extends Error {}

export type FeedFormat = 'rss' | 'atom' | 'json' | 'rdf';

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  posts: NormalisedPost[];
}

export interface FeedParseOptions {
  contentType?: string;
  /** Zone for dates written without one. */
  timeZone?: string;
  /** Used for items without any date (the first time we see them). */
  now?: Date;
  baseUrl?: string;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  removeNSPrefix: false,
  isArray: (name) => ['item', 'entry', 'link', 'category'].includes(name),
});

/** Decodes the body by its BOM, the Content-Type charset or the XML declaration. */
export function decodeFeed(body: Buffer, contentType?: string): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return body.subarray(3).toString('utf8');
  if (body[0] === 0xff && body[1] === 0xfe) return iconv.decode(body.subarray(2), 'utf16le');
  if (body[0] === 0xfe && body[1] === 0xff) return iconv.decode(body.subarray(2), 'utf16be');
  const head = body.subarray(0, 200).toString('latin1');
  const declared = /<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(head)?.[1] ?? /charset=["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  const charset = normaliseCharset(declared);
  if (charset && charset !== 'utf8' && iconv.encodingExists(charset)) return iconv.decode(body, charset);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    // Declared UTF-8 (or nothing) but it is not: Chinese servers most often mean GB18030.
    return iconv.decode(body, 'gb18030');
  }
}

function normaliseCharset(name: string | undefined): string | null {
  if (!name) return null;
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === 'utf8') return 'utf8';
  if (['gbk', 'gb2312', 'gb18030', 'cp936', 'euccn', 'xgbk', 'windows936'].includes(n)) return 'gb18030';
  if (n === 'big5') return 'big5';
  return name;
}

export function parseFeed(body: Buffer | string, options: FeedParseOptions = {}): ParsedFeed {
  const text = (typeof body === 'string' ? body : decodeFeed(body, options.contentType)).replace(/^\uFEFF/, '').trim();
  if (!text) throw new FeedParseError('订阅源返回了空内容');
  if (text.startsWith('{') || /json/i.test(options.contentType ?? '')) return parseJsonFeed(text, options);
  if (!text.startsWith('<')) throw new FeedParseError('订阅源返回的不是 RSS、Atom 或 JSON Feed');
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (error) {
    throw new FeedParseError(`订阅源 XML 无法解析：${error instanceof Error ? error.message : String(error)}`);
  }
  // Non-validating parse accepts a lot; a body cut short is still refused.
  if (XMLValidator.validate(text) !== true && !/<\/(rss|feed|rdf:RDF)>\s*$/i.test(text)) {
    throw new FeedParseError('订阅源 XML 不完整或格式错误');
  }
  if (isNode(doc.rss)) return parseRss(doc.rss, 'rss', options);
  if (isNode(doc.feed)) return parseAtom(doc.feed, options);
  if (isNode(doc['rdf:RDF'])) return parseRss(doc['rdf:RDF'], 'rdf', options);
  throw new FeedParseError('订阅源不是 RSS 2.0、Atom 或 JSON Feed（找不到 rss/feed 根元素）');
}

function parseRss(root: Node, format: 'rss' | 'rdf', options: FeedParseOptions): ParsedFeed {
  const channel = isNode(root.channel) ? root.channel : root;
  const items = format === 'rdf' ? list(root.item ?? channel.item) : list(channel.item);
  const channelLink = text(first(channel.link));
  const base = cleanUrl(channelLink) ?? options.baseUrl;
  const posts = items.filter(isNode).map((item) => {
    const link = cleanUrl(text(first(item.link)), base) ?? (isPermaLink(item.guid) ? cleanUrl(text(item.guid), base) : null);
    const guid = text(item.guid) || text(item['@_rdf:about']);
    const description = text(item['content:encoded']) || text(item.description);
    const rawTitle = text(item.title);
    const published = parseLooseDate(text(item.pubDate) || text(item['dc:date']) || text(item.published) || text(item.updated), options.timeZone);
    const source = isNode(item.source) ? item.source : null;
    const sourceUrl = source ? cleanUrl(source['@_url'], base) : null;
    const sourceName = source ? text(source) || null : null;
    return normalise({ guid, link, rawTitle, description, published, sourceUrl, sourceName, hasSource: !!sourceUrl }, options);
  });
  return { format, title: text(channel.title) || null, posts: dedupe(posts) };
}

function parseAtom(feed: Node, options: FeedParseOptions): ParsedFeed {
  const feedLinks = list(feed.link).filter(isNode);
  const base = cleanUrl(feedLinks.find((l) => !l['@_rel'] || l['@_rel'] === 'alternate')?.['@_href']) ?? options.baseUrl;
  const posts = list(feed.entry)
    .filter(isNode)
    .map((entry) => {
      const links = list(entry.link).map((l) => (isNode(l) ? l : { '@_href': l }));
      const alternate = links.find((l) => !l['@_rel'] || l['@_rel'] === 'alternate');
      const via = links.find((l) => l['@_rel'] === 'via');
      const source = isNode(entry.source) ? entry.source : null;
      const link = cleanUrl(alternate?.['@_href'], base);
      const sourceUrl = cleanUrl(via?.['@_href'], base);
      const description = text(entry.content) || text(entry.summary);
      const published = parseLooseDate(text(entry.published) || text(entry.updated) || text(entry.issued), options.timeZone);
      return normalise(
        {
          guid: text(entry.id),
          link,
          rawTitle: text(entry.title),
          description,
          published,
          sourceUrl,
          sourceName: (via && text(via['@_title'])) || (source && text(source.title)) || null,
          hasSource: !!sourceUrl,
        },
        options,
      );
    });
  return { format: 'atom', title: text(feed.title) || null, posts: dedupe(posts) };
}

function parseJsonFeed(body: string, options: FeedParseOptions): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new FeedParseError('JSON Feed 无法解析（不是有效的 JSON）');
  }
  if (!isNode(doc) || !Array.isArray(doc.items)) throw new FeedParseError('JSON Feed 缺少 items 数组');
  const base = cleanUrl(doc.home_page_url) ?? options.baseUrl;
  const posts = doc.items.filter(isNode).map((item) => {
    const sourceUrl = cleanUrl(item.external_url, base);
    const description = text(item.content_html) || text(item.content_text) || text(item.summary);
    const published = parseLooseDate(item.date_published ?? item.date_modified, options.timeZone);
    const author = isNode(item._source) ? text(item._source.name) : '';
    return normalise(
      {
        guid: item.id === undefined || item.id === null ? '' : String(item.id),
        link: cleanUrl(item.url, base),
        rawTitle: text(item.title),
        description,
        published,
        sourceUrl,
        sourceName: author || null,
        hasSource: !!sourceUrl,
      },
      options,
    );
  });
  return { format: 'json', title: text(doc.title) || null, posts: dedupe(posts) };
}

interface RawItem {
  guid: string;
  link: string | null;
  rawTitle: string;
  description: string;
  published: Date | null;
  sourceUrl: string | null;
  sourceName: string | null;
  hasSource: boolean;
}

/** RSSHub's Weibo repost markers: " - 转发 " in the title, a blockquote "转发 @…" with the 原博 link. */
export function rsshubWeiboRepost(title: string, description: string): { sourceUrl: string | null; sourceName: string | null } | null {
  const quote = /<blockquote[^>]*>([\s\S]*?)<\/blockquote>/i.exec(description)?.[1] ?? null;
  const titleMarker = / - 转发 /.test(title) || /^转发 ?@/.test(title.trim());
  const quoteMarker = quote !== null && /转发\s*(<a[^>]*>)?\s*@/.test(quote);
  if (!titleMarker && !quoteMarker) return null;
  const scope = quote ?? description;
  const anchors = [...scope.matchAll(/<a\s[^>]*href=["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>/gi)];
  const original = anchors.find((a) => /原博|原文|原微博/.test(htmlToText(a[2]))) ?? anchors.find((a) => /weibo\.(com|cn)\/\d+\/[A-Za-z0-9]+/.test(a[1]));
  const name = /转发\s*(?:<a[^>]*>)?\s*@([^:<：\s]+)/.exec(scope)?.[1] ?? /转发 ?@([^:：\s]+)/.exec(title)?.[1] ?? null;
  return { sourceUrl: original ? cleanUrl(decodeEntities(original[1])) : null, sourceName: name ? decodeEntities(name) : null };
}

function normalise(raw: RawItem, options: FeedParseOptions): NormalisedPost {
  const descriptionText = raw.description ? htmlToText(raw.description) : '';
  const titleText = htmlToText(raw.rawTitle);
  const title = truncate(titleText || descriptionText || raw.link || '（无标题）', 500);
  const weibo = raw.hasSource ? null : rsshubWeiboRepost(raw.rawTitle, raw.description);
  const publishedAt = raw.published ?? options.now ?? new Date();
  const id = raw.guid || raw.link || hashId(titleText, descriptionText.slice(0, 200), raw.published?.toISOString() ?? '');
  return {
    platformPostId: stableId(id),
    title,
    url: raw.link,
    publishedAt,
    isRepost: raw.hasSource || weibo !== null,
    sourceUrl: raw.sourceUrl ?? weibo?.sourceUrl ?? null,
    sourceName: raw.sourceName ? truncate(raw.sourceName, 200) : (weibo?.sourceName ?? null),
    body: raw.description ? htmlToPlainText(raw.description) || null : null,
  };
}

function dedupe(posts: NormalisedPost[]): NormalisedPost[] {
  const seen = new Set<string>();
  return posts.filter((p) => (seen.has(p.platformPostId) ? false : (seen.add(p.platformPostId), true)));
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? (value.find((v) => !isNode(v) || !v['@_rel'] || v['@_rel'] === 'alternate') ?? value[0]) : value;
}

function isPermaLink(guid: unknown): boolean {
  return !isNode(guid) || guid['@_isPermaLink'] !== 'false';
}

/** The text of a node: a string, `#text`, or an Atom link's href. */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return text(value[0]);
  if (isNode(value)) {
    if (value['#text'] !== undefined) return text(value['#text']);
    if (typeof value['@_href'] === 'string') return value['@_href'].trim();
  }
  return '';
}
