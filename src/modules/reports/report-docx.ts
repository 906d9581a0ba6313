import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { fullWidth } from '../../common/chinese-text';
import { inactive } from '../findings/detectors/inactive';
import { platformRegistry } from '../platforms/platform-registry';
import { statisticsColumns, statisticsTitle } from './report-xlsx';
import type { QuarterlyReport } from './report.types';
import { rectificationParagraph } from './report-rectifications';

const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const HEADING_FONT = '黑体';
const BODY_SIZE = 32; // 三号 (16 pt), in half-points
const TABLE_SIZE = 16; // 8 pt: the appendix table's 20-odd columns fit one landscape page width
/** A4 in twips (1/1440 inch): 210 × 297 mm. */
const A4 = { short: 11906, long: 16838 };
const LANDSCAPE_MARGIN = 720;
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** At most this many inactive accounts are named in the text (the table lists every unit). */
const NAMED_ACCOUNTS = 20;

export function bulletinTitle(report: Pick<QuarterlyReport, 'quarterLabel'>): string {
  return `关于${report.quarterLabel}政务新媒体工作检查情况的通报`;
}

function joined(names: string[]): string {
  return names.join('、');
}

function body(text: string, options: { indent?: boolean; bold?: string } = {}): Paragraph {
  const runs: TextRun[] = [];
  if (options.bold) runs.push(new TextRun({ text: options.bold, font: BODY_FONT, size: BODY_SIZE, bold: true }));
  runs.push(new TextRun({ text: fullWidth(text), font: BODY_FONT, size: BODY_SIZE }));
  return new Paragraph({ children: runs, indent: options.indent === false ? undefined : { firstLine: 640 }, spacing: { line: 560 }, alignment: AlignmentType.JUSTIFIED });
}

function heading(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: fullWidth(text), font: HEADING_FONT, size: BODY_SIZE })], indent: { firstLine: 640 }, spacing: { line: 560 } });
}

/** 基本情况: the figures and the good units, worded like the reference bulletin. */
export function basicSituation(report: QuarterlyReport): string {
  const t = report.totals;
  let text = `政务新媒体运行方面，全区政府系统政务新媒体信息发布${t.posts}条，转发${t.reposts}条，期末在运行账号${t.accountsOpen}个。`;
  const counted = report.units.length;
  if (counted > 0) {
    text += report.goodUnits.length === counted ? `纳入统计的${counted}个单位全部完成发布任务。` : `纳入统计的${counted}个单位中，${report.goodUnits.length}个单位完成发布任务。`;
  }
  if (t.repostTasks.tasks > 0) text += `本季度国办公开办下达转发任务${t.repostTasks.tasks}项。`;
  text += report.goodUnits.length ? `做的好的单位有${joined(report.goodUnits)}。` : '本季度没有单位完成发布任务。';
  const inspection = report.inspection;
  if (inspection) {
    const rate = `${(Math.round(inspection.passRate * 1000) / 10).toFixed(1)}%`;
    text += `本季度抽查政务新媒体账号${inspection.accounts}个，合格${inspection.passed}个，合格率${rate}。`;
  }
  return text;
}

/** 存在问题: numbered 一是/二是…, only the problems that occurred. */
export function problemItems(report: QuarterlyReport): string[] {
  const items: string[] = [];
  if (report.repostNonCompliantUnits.length) {
    const late = report.units.filter((u) => u.repostTasks.late > 0 && u.repostTasks.missing === 0).map((u) => u.unitName);
    const missing = report.units.filter((u) => u.repostTasks.missing > 0).map((u) => u.unitName);
    const parts: string[] = [];
    if (missing.length) parts.push(`${joined(missing)}没有完成国办公开办转发任务`);
    if (late.length) parts.push(`${joined(late)}未按时完成国办公开办转发任务`);
    items.push(`转发任务落实不到位。${parts.join('；')}。`);
  }
  if (report.brokenLinkUnits.length) {
    items.push(`栏目维护不及时。${joined(report.brokenLinkUnits)}栏目链接无法正常访问。`);
  }
  // Only units with a target for the quarter can fall short of it (api.md v1.1).
  const withTarget = new Set(report.units.filter((u) => u.targetSource !== 'none').map((u) => u.unitName));
  const zero = report.zeroPostUnits.filter((n) => withTarget.has(n));
  const unmetWithPosts = report.unmetUnits.filter((n) => withTarget.has(n) && !report.zeroPostUnits.includes(n));
  if (zero.length || unmetWithPosts.length) {
    const parts: string[] = [];
    if (zero.length) parts.push(`${joined(zero)}政务新媒体信息发布为0`);
    if (unmetWithPosts.length) parts.push(`${joined(unmetWithPosts)}没有完成发布任务`);
    items.push(`信息发布数量不足。${parts.join('；')}。`);
  }
  if (report.inactiveAccounts.length) {
    const named = report.inactiveAccounts.slice(0, NAMED_ACCOUNTS).map((a) => `${a.unitName}“${a.name}”(${platformRegistry.nameOf(a.platform)})`);
    const more = report.inactiveAccounts.length > NAMED_ACCOUNTS ? `等${report.inactiveAccounts.length}个账号` : '';
    items.push(`部分账号更新不及时。${joined(named)}${more}超过${report.inactiveDays}天未更新内容。`);
  }
  const failed = report.inspection?.failed ?? [];
  if (failed.length) {
    const named = failed.slice(0, NAMED_ACCOUNTS).map((a) => `${a.unitName}“${a.name}”（${a.reasons.join('、')}）`);
    items.push(`部分账号检查不合格。${joined(named)}${failed.length > NAMED_ACCOUNTS ? `等${failed.length}个账号` : ''}。`);
  }
  const overdue = report.recertifyOverdueAccounts ?? [];
  if (overdue.length) {
    const units = [...new Set(overdue.map((a) => a.unitName))];
    items.push(`备案信息核查不及时。${joined(units)}共${overdue.length}个账号逾期未完成定期核查，信息员岗位调整的单位要及时更新备案信息。`);
  }
  const impostors = report.impostors ?? [];
  if (impostors.length) {
    const named = impostors.slice(0, NAMED_ACCOUNTS).map((c) => `${platformRegistry.nameOf(c.platform)}“${c.name}”${c.unitName ? `（冒用${c.unitName}名义）` : ''}`);
    items.push(`发现假冒政务新媒体账号。${joined(named)}${impostors.length > NAMED_ACCOUNTS ? `等${impostors.length}个账号` : ''}，已向平台举报处置，请群众以公开名录为准。`);
  }
  const violations = report.findings.filter((f) => f.kind !== inactive.kind && f.count > 0);
  if (violations.length) {
    const parts = violations.map((f) => `${f.label}问题${f.count}条${f.units.length ? `（涉及${joined(f.units)}）` : ''}`);
    items.push(`政务新媒体管理亟待加强。本季度检查发现${parts.join('，')}。`);
  }
  return items;
}

/** The 工作要求 template: blank lines separate paragraphs, lines starting with `#` are comments; {季度} is replaced. */
export function requirementParagraphs(template: string, report: QuarterlyReport): string[] {
  return template
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .replace(/\s*\n\s*/g, '')
        .trim()
        .replace(/\{季度\}/g, report.quarterLabel)
        .replace(/\{发文单位\}/g, report.bulletin.issuer),
    )
    .filter((p) => p.length > 0);
}

function cell(text: string, options: { bold?: boolean; columnSpan?: number; rowSpan?: number; shade?: boolean; width?: number; left?: boolean } = {}): TableCell {
  return new TableCell({
    children: [
      new Paragraph({
        alignment: options.left ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [new TextRun({ text: fullWidth(text), font: BODY_FONT, size: TABLE_SIZE, bold: options.bold })],
      }),
    ],
    width: options.width ? { size: options.width, type: WidthType.DXA } : undefined,
    margins: { left: 40, right: 40, top: 20, bottom: 20 },
    columnSpan: options.columnSpan,
    rowSpan: options.rowSpan,
    verticalAlign: VerticalAlign.CENTER,
    shading: options.shade ? { fill: 'E8EEF7' } : undefined,
  });
}

/**
 * Column widths in twips, by content: each column's share of the landscape text width follows
 * its XLSX width (unit names and 存在问题 wide, counts narrow), so the table is one page wide.
 */
export function columnWidths(weights: number[], total = A4.long - 2 * LANDSCAPE_MARGIN): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const widths = weights.map((w) => Math.floor((w / sum) * total));
  widths[widths.length - 1] += total - widths.reduce((s, w) => s + w, 0);
  return widths;
}

function statisticsTable(report: QuarterlyReport, formatDate: (iso: string) => string): Table {
  const columns = statisticsColumns(report, formatDate);
  const widths = columnWidths(columns.map((c) => c.width));
  const span = (from: number, to: number) => widths.slice(from, to + 1).reduce((s, w) => s + w, 0);
  const top: TableCell[] = [];
  const second: TableCell[] = [];
  for (let i = 0; i < columns.length;) {
    const col = columns[i];
    if (col.group) {
      let end = i;
      while (end + 1 < columns.length && columns[end + 1].group === col.group) end++;
      top.push(cell(col.group, { bold: true, columnSpan: end - i + 1, shade: true, width: span(i, end) }));
      for (let k = i; k <= end; k++) second.push(cell(columns[k].header, { bold: true, shade: true, width: widths[k] }));
      i = end + 1;
    } else {
      top.push(cell(col.header, { bold: true, rowSpan: 2, shade: true, width: widths[i] }));
      i++;
    }
  }
  const rows = [new TableRow({ children: top, tableHeader: true }), new TableRow({ children: second, tableHeader: true })];
  const left = (k: number) => columns[k].key === 'unit' || columns[k].key === 'problems';
  report.units.forEach((u, i) =>
    rows.push(new TableRow({ cantSplit: true, children: columns.map((col, k) => cell(String(col.value(u, i)), { width: widths[k], left: left(k) })) })),
  );
  rows.push(
    new TableRow({ cantSplit: true, children: columns.map((col, k) => cell(String(col.total ? col.total(report) : ''), { bold: true, width: widths[k], left: left(k) })) }),
  );
  return new Table({ rows, columnWidths: widths, layout: TableLayoutType.FIXED, width: { size: span(0, widths.length - 1), type: WidthType.DXA } });
}

/** `2023-09-30` → 2023年9月30日. */
export function chineseDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
}

/** The page number centred in the footer, as official documents print it: — 1 —. */
function pageFooter(): { default: Footer } {
  return {
    default: new Footer({
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: BODY_FONT, size: 28 })] })],
    }),
  };
}

/** Chinese date of an instant in the office's zone: 2023年10月11日. */
export function chineseDate(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}年${get('month')}月${get('day')}日`;
}

/** The draft bulletin (通报): title, 基本情况, 存在问题, 工作要求, 附件 with the statistics table. */
export async function bulletinDocument(report: QuarterlyReport, options: { timeZone: string; formatDate: (iso: string) => string }): Promise<Buffer> {
  const issuer = report.bulletin.issuer;
  const problems = problemItems(report);
  const requirements = requirementParagraphs(report.bulletin.requirements, report);
  // 成文日期: the configured day (default the period's last day), never the day of exporting unless asked.
  const dateText = report.bulletin.signedOn
    ? chineseDay(report.bulletin.signedOn)
    : chineseDate(new Date(new Date(report.period.to).getTime() - 1).toISOString(), options.timeZone);
  const documentNumber = report.bulletin.documentNumber;
  const children: (Paragraph | Table)[] = [
    ...(documentNumber
      ? [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [new TextRun({ text: documentNumber, font: BODY_FONT, size: BODY_SIZE })] })]
      : []),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400, line: 700 }, children: [new TextRun({ text: bulletinTitle(report), font: TITLE_FONT, size: 44 })] }),
    body('各镇人民政府，区政府各工作部门，各有关单位：', { indent: false }),
    body(
      `${report.quarterLabel}，我区持续加强政务新媒体监管，坚持日常监测与季度检查相结合。${report.current ? '本季度尚未结束，以下数据截至' + chineseDate(report.asOf, options.timeZone) + '。' : ''}现将检查情况通报如下。`,
    ),
    heading('一、基本情况'),
    body(basicSituation(report)),
    heading('二、存在问题'),
    ...(problems.length ? problems.map((p, i) => body(p, { bold: `${ORDINALS[i] ?? String(i + 1)}是` })) : [body('本季度检查未发现突出问题。')]),
    ...(rectificationParagraph(report.rectifications) ? [body(`整改情况：${rectificationParagraph(report.rectifications)}`)] : []),
    heading('三、工作要求'),
    ...requirements.map((p) => body(p)),
    body(''),
    body(`附件：${statisticsTitle(report)}`),
    body(''),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { line: 560 }, children: [new TextRun({ text: issuer, font: BODY_FONT, size: BODY_SIZE })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { line: 560 }, children: [new TextRun({ text: dateText, font: BODY_FONT, size: BODY_SIZE })] }),
  ];
  const attachment: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: '附件', font: HEADING_FONT, size: BODY_SIZE })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: statisticsTitle(report), font: TITLE_FONT, size: 36 })] }),
    statisticsTable(report, options.formatDate),
  ];
  const doc = new Document({
    creator: '政务新媒体账号登记与监测系统',
    title: bulletinTitle(report),
    sections: [
      {
        properties: { page: { size: { width: A4.short, height: A4.long, orientation: PageOrientation.PORTRAIT }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        footers: pageFooter(),
        children,
      },
      {
        // The appendix on landscape A4 pages (api.md v1.1), its header rows repeated on each page.
        properties: {
          page: {
            size: { width: A4.short, height: A4.long, orientation: PageOrientation.LANDSCAPE },
            margin: { top: LANDSCAPE_MARGIN, bottom: LANDSCAPE_MARGIN, left: LANDSCAPE_MARGIN, right: LANDSCAPE_MARGIN },
          },
        },
        footers: pageFooter(),
        children: attachment,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
