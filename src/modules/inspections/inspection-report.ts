/**
 * The inspection's office files (api.md v1.1): the XLSX 检查结果表 (a row per account) and the
 * DOCX bulletin section (合格率 overall, by platform and by unit; failed accounts with reasons;
 * recheck results). A4, a title naming the period, borders, page numbers in the footer.
 */
import { AlignmentType, Document, Footer, Packer, PageNumber, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import { platformRegistry } from '../platforms/platform-registry';
import type { AccountResultView, RoundView } from './inspection-views';
import type { RoundSummary } from './scoring';

const BODY_FONT = '仿宋_GB2312';
const TITLE_FONT = '方正小标宋简体';
const HEADING_FONT = '黑体';
const BODY_SIZE = 32;
const QUARTER_NAMES = ['第一季度', '第二季度', '第三季度', '第四季度'];

/** `2023Q3` → 2023年第三季度. */
export function quarterText(quarter: string): string {
  return `${quarter.slice(0, 4)}年${QUARTER_NAMES[Number(quarter.slice(5)) - 1] ?? quarter}`;
}

export function resultsTitle(round: Pick<RoundView, 'quarter'>): string {
  return `${quarterText(round.quarter)}政务新媒体检查结果表`;
}

export function sectionTitle(round: Pick<RoundView, 'quarter'>): string {
  return `${quarterText(round.quarter)}政务新媒体检查情况`;
}

export const percent = (rate: number): string => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

const HEADERS = ['序号', '单位', '平台', '账号名称', '得分', '结论', '复查', '原因'];
const WIDTHS = [6, 22, 12, 24, 8, 8, 8, 50];

function row(a: AccountResultView, i: number): (string | number)[] {
  return [
    i + 1,
    a.unitName,
    platformRegistry.nameOf(a.platform),
    a.name,
    a.score,
    a.verdict === 'pass' ? '合格' : '不合格',
    a.recheck ? (a.fixed ? '复查已整改' : '复查') : '',
    a.reasons.join(';'),
  ];
}

/** 检查结果表: title, period line, header, a row per account; A4 landscape, repeated header, page numbers. */
export async function resultsWorkbook(round: RoundView, accounts: AccountResultView[], formatDate: (iso: string) => string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '政务新媒体账号登记与监测系统';
  const sheet = workbook.addWorksheet('检查结果表', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:3', horizontalCentered: true },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  sheet.columns = WIDTHS.map((width) => ({ width }));
  const border = { top: { style: 'thin' as const }, left: { style: 'thin' as const }, bottom: { style: 'thin' as const }, right: { style: 'thin' as const } };
  sheet.mergeCells(1, 1, 1, HEADERS.length);
  Object.assign(sheet.getCell(1, 1), { value: resultsTitle(round) });
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, HEADERS.length);
  sheet.getCell(2, 1).value =
    `检查日：${formatDate(round.inspectionDate)}  抽查账号 ${accounts.length} 个  合格率 ${percent(round.summary?.passRate ?? 0)}${round.status === 'final' ? '' : '（未定稿）'}`;
  sheet.getCell(2, 1).alignment = { horizontal: 'center' };
  const header = sheet.addRow(HEADERS);
  header.font = { bold: true };
  const rows = [header, ...accounts.map((a, i) => sheet.addRow(row(a, i)))];
  for (const r of rows) {
    r.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = border;
      cell.alignment = { vertical: 'middle', wrapText: true };
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function para(text: string, options: { heading?: boolean; center?: boolean; title?: boolean } = {}): Paragraph {
  const font = options.title ? TITLE_FONT : options.heading ? HEADING_FONT : BODY_FONT;
  return new Paragraph({
    alignment: options.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    indent: options.center ? undefined : { firstLine: 640 },
    spacing: { line: 560 },
    children: [new TextRun({ text, font, size: options.title ? 44 : BODY_SIZE })],
  });
}

function cell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: BODY_FONT, size: 21, bold })] })] });
}

function table(headers: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
  });
}

/** The paragraphs of the section, also used by tests and the quarterly bulletin. */
export function sectionText(summary: RoundSummary, accounts: AccountResultView[]): { overview: string; failed: string[]; recheck: string } {
  const overview = `本季度共抽查政务新媒体账号${summary.accounts}个，合格${summary.passed}个，不合格${summary.failed}个，合格率${percent(summary.passRate)}。`;
  const failed = accounts
    .filter((a) => a.verdict === 'fail')
    .map((a) => `${a.unitName}“${a.name}”(${platformRegistry.nameOf(a.platform)}):${a.reasons.join(';') || '得分低于60分'}。`);
  const recheck = summary.rechecked
    ? `复查上一轮不合格账号${summary.rechecked}个，已整改合格${summary.fixed}个，仍不合格${summary.rechecked - summary.fixed}个。`
    : '本轮没有需要复查的上一轮不合格账号。';
  return { overview, failed, recheck };
}

/** The bulletin section as DOCX: A4 portrait, page numbers in the footer. */
export async function sectionDocument(round: RoundView, accounts: AccountResultView[]): Promise<Buffer> {
  const summary = round.summary!;
  const text = sectionText(summary, accounts);
  const children: (Paragraph | Table)[] = [
    para(sectionTitle(round), { title: true, center: true }),
    para('一、合格率', { heading: true }),
    para(text.overview),
    table(
      ['平台', '抽查数', '合格', '不合格', '合格率'],
      summary.byPlatform.map((p) => [platformRegistry.nameOf(p.platform), String(p.accounts), String(p.passed), String(p.failed), percent(p.passRate)]),
    ),
    para(''),
    table(
      ['单位', '抽查数', '合格', '不合格', '合格率'],
      summary.byUnit.map((u) => [u.unitName, String(u.accounts), String(u.passed), String(u.failed), percent(u.passRate)]),
    ),
    para('二、不合格账号及原因', { heading: true }),
    ...(text.failed.length ? text.failed.map((t, i) => para(`${i + 1}. ${t}`)) : [para('本轮抽查账号全部合格。')]),
    para('三、复查情况', { heading: true }),
    para(text.recheck),
  ];
  const footer = new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })] })] });
  const doc = new Document({
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838, orientation: PageOrientation.PORTRAIT }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        footers: { default: footer },
        children,
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
