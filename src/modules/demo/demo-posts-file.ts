import ExcelJS from 'exceljs';
import type { DemoPost } from './demo-data';

export { seedContentChecks } from './demo-content';

/** The demo's posts as the office would upload them: the posts-import template's columns, in CSV or XLSX. */
const HEADER = ['标题', '链接', '发布时间', '类型', '来源链接', '来源', '编号', '正文'];

function row(p: DemoPost): string[] {
  return [p.title, p.url, p.publishedAt, p.repost ? '转发' : '发布', p.sourceUrl ?? '', p.sourceName ?? '', p.id, p.body ?? ''];
}

/** UTF-8 CSV with BOM, as Excel saves it. */
export function postsCsv(posts: DemoPost[]): Buffer {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [HEADER, ...posts.map(row)].map((r) => r.map(cell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function postsXlsx(posts: DemoPost[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('发布记录');
  sheet.addRow(HEADER);
  for (const p of posts) sheet.addRow(row(p));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
