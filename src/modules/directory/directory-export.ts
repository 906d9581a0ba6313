import ExcelJS from 'exceljs';
import type { PublicAccount } from './directory.service';

/** The columns of the exported directory (district website / 区政府网站). */
const COLUMNS: Array<{ header: string; width: number; value: (a: PublicAccount) => string }> = [
  { header: '单位', width: 28, value: (a) => a.unitName },
  { header: '平台', width: 12, value: (a) => a.platformName },
  { header: '账号名称', width: 28, value: (a) => a.name },
  { header: '平台账号ID', width: 30, value: (a) => a.platformAccountId ?? '' },
  { header: '主页链接', width: 60, value: (a) => a.homepageUrl ?? '' },
  { header: '开设日期', width: 12, value: (a) => a.openedOn ?? '' },
];

/** A cell starting with = + - @ (or a tab/CR) would be read as a formula by Excel: quote it. */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  const text = safeText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with BOM and CRLF, so Excel opens the Chinese text correctly. */
export function directoryCsv(accounts: PublicAccount[]): Buffer {
  const lines = [COLUMNS.map((c) => csvField(c.header)).join(',')];
  for (const account of accounts) lines.push(COLUMNS.map((c) => csvField(c.value(account))).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function directoryXlsx(accounts: PublicAccount[], generatedOn: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '政务新媒体账号登记与监测系统';
  const sheet = workbook.addWorksheet('政务新媒体名录', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  for (const account of accounts) {
    const row = sheet.addRow(COLUMNS.map((c) => safeText(c.value(account))));
    if (account.homepageUrl && /^https?:\/\//i.test(account.homepageUrl)) {
      row.getCell(5).value = { text: account.homepageUrl, hyperlink: account.homepageUrl };
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  workbook.title = `政务新媒体名录（${generatedOn}）`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
