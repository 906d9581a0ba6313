/**
 * Post import (CSV/XLSX): header matching and row validation. Pure: the caller writes.
 * All rows or none: any row error refuses the whole file.
 */
import type { Cell, SheetRows } from '../../common/spreadsheet';
import { wallTimeToUtc } from '../../common/time';
import { isHttpUrl } from '../../common/validators';
import { parseLooseDate } from '../../common/loose-date';
import type { NormalisedPost } from '../source-kinds/normalised-post';
import { hashId, stableId, truncate } from '../source-kinds/post-text';

type Field = 'title' | 'url' | 'publishedAt' | 'isRepost' | 'sourceUrl' | 'sourceName' | 'platformPostId' | 'body';

export const POST_IMPORT_COLUMNS: { field: Field; header: string; aliases: string[]; required?: boolean }[] = [
  { field: 'title', header: '标题', aliases: ['title', '文章标题', '内容'], required: true },
  { field: 'url', header: '链接', aliases: ['url', '文章链接', '网址', '地址'] },
  { field: 'publishedAt', header: '发布时间', aliases: ['publishedat', '时间', '日期', '发布日期', '发文时间'], required: true },
  { field: 'isRepost', header: '类型', aliases: ['isrepost', '是否转发', '发布/转发'] },
  { field: 'sourceUrl', header: '来源链接', aliases: ['sourceurl', '原文链接', '转发来源链接'] },
  { field: 'sourceName', header: '来源', aliases: ['sourcename', '来源名称', '转发来源'] },
  { field: 'platformPostId', header: '编号', aliases: ['platformpostid', 'id', '文章id', '平台编号'] },
  { field: 'body', header: '正文', aliases: ['body', '文章正文', '全文'] },
];

export interface ImportRowError {
  row: number;
  message: string;
}

const REPOST_WORDS = new Set(['转发', '转载', '是', 'true', '1', 'y', 'yes', 'repost']);
const POST_WORDS = new Set(['发布', '原创', '否', 'false', '0', 'n', 'no', 'post']);

function norm(text: string): string {
  return text.replace(/[\s()（）*]/g, '').toLowerCase();
}

export function interpretPostRows(rows: SheetRows, timeZone: string, maxRows = 20000): { posts: NormalisedPost[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const headerIndex = rows.findIndex((r) => r.some((c) => c !== null && String(c).trim() !== ''));
  if (headerIndex < 0) return { posts: [], errors: [{ row: 1, message: '文件中没有内容，请使用模板：标题、链接、发布时间、类型、来源链接、来源、编号、正文' }] };
  const header = rows[headerIndex].map((c) => (c === null ? '' : norm(String(c))));
  const columns = new Map<Field, number>();
  for (const column of POST_IMPORT_COLUMNS) {
    const index = header.findIndex((h) => h === norm(column.header) || column.aliases.some((a) => norm(a) === h));
    if (index >= 0) columns.set(column.field, index);
  }
  const missing = POST_IMPORT_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map((c) => c.header);
  if (missing.length) return { posts: [], errors: [{ row: headerIndex + 1, message: `表头缺少必填列：${missing.join('、')}` }] };
  const data = rows.slice(headerIndex + 1);
  if (data.length > maxRows) return { posts: [], errors: [{ row: headerIndex + 1, message: `一次最多导入 ${maxRows} 行` }] };
  const posts: NormalisedPost[] = [];
  data.forEach((row, i) => {
    const rowNumber = headerIndex + i + 2;
    const get = (field: Field): Cell => (columns.has(field) ? (row[columns.get(field)!] ?? null) : null);
    if (row.every((c) => c === null || String(c).trim() === '')) return;
    const problems: string[] = [];
    const title = text(get('title'));
    if (!title) problems.push('标题不能为空');
    const url = text(get('url'));
    if (url && !isHttpUrl(url)) problems.push('链接必须是以 http:// 或 https:// 开头的完整网址');
    const publishedAt = readTime(get('publishedAt'), timeZone);
    if (!publishedAt) problems.push('发布时间无法识别，请写成 2023-09-30 10:00 或 2023-09-30T10:00:00+08:00');
    const kind = text(get('isRepost')).toLowerCase();
    let isRepost = false;
    if (kind && REPOST_WORDS.has(kind)) isRepost = true;
    else if (kind && !POST_WORDS.has(kind)) problems.push('类型只能填“发布”或“转发”');
    const sourceUrl = text(get('sourceUrl'));
    if (sourceUrl && !isHttpUrl(sourceUrl)) problems.push('来源链接必须是以 http:// 或 https:// 开头的完整网址');
    if (sourceUrl && !kind) isRepost = true;
    if (problems.length) {
      errors.push({ row: rowNumber, message: problems.join('；') });
      return;
    }
    const explicitId = text(get('platformPostId'));
    posts.push({
      platformPostId: stableId(explicitId || url || hashId(title, publishedAt!.toISOString())),
      title: truncate(title, 500),
      url: url || null,
      publishedAt: publishedAt!,
      isRepost,
      sourceUrl: sourceUrl || null,
      sourceName: text(get('sourceName')) ? truncate(text(get('sourceName')), 200) : null,
      // Capped and hashed where posts are stored (post-body.ts).
      body: text(get('body')) || null,
    });
  });
  return { posts, errors };
}

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell).trim();
}

/** XLSX dates carry the wall time as if it were UTC; CSV text is read leniently; both in `timeZone`. */
function readTime(cell: Cell, timeZone: string): Date | null {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    return wallTimeToUtc(
      { year: cell.getUTCFullYear(), month: cell.getUTCMonth() + 1, day: cell.getUTCDate(), hour: cell.getUTCHours(), minute: cell.getUTCMinutes(), second: cell.getUTCSeconds() },
      timeZone,
    );
  }
  if (typeof cell === 'number') return null;
  return parseLooseDate(text(cell), timeZone);
}
