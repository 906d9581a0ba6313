/**
 * What every office workbook shares (architecture rules: title, period, borders, A4, page
 * numbers): a Chinese font, a title and a period row over the table, thin borders, A4 with the
 * header rows repeated on each printed page, and row heights that fit wrapped text.
 */
import type ExcelJS from 'exceljs';

export const OFFICE_FONT = '宋体';
const THIN = { style: 'thin' as const };
export const ALL_BORDERS = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** Points per printed line of 11-pt text, and the padding of a row. */
const LINE_HEIGHT = 14.5;
const ROW_PADDING = 4;

export function officeSheet(workbook: ExcelJS.Workbook, name: string, options: { landscape: boolean; titleRows: string }): ExcelJS.Worksheet {
  return workbook.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: options.landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: options.titleRows,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
}

/** Row 1: the title across the table; row 2: the period (and any note) under it. */
export function titleRows(sheet: ExcelJS.Worksheet, columns: number, title: string, subtitle: string): void {
  sheet.mergeCells(1, 1, 1, columns);
  const head = sheet.getCell(1, 1);
  head.value = title;
  head.font = { name: OFFICE_FONT, bold: true, size: 16 };
  head.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 32;
  sheet.mergeCells(2, 1, 2, columns);
  const sub = sheet.getCell(2, 1);
  sub.value = subtitle;
  sub.font = { name: OFFICE_FONT, size: 11 };
  sub.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(2).height = 20;
}

/** Display width of text in Excel character units: a Chinese character takes two. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return width;
}

/** Lines a wrapped value takes in a column `width` characters wide. */
export function linesIn(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / usable)), 0);
}

/** Sets the font of every cell of the row, borders on columns 1..columns, and a height that fits its wrapped text. */
export function finishRow(sheet: ExcelJS.Worksheet, row: ExcelJS.Row, columns: number, options: { bold?: boolean; minHeight?: number } = {}): void {
  let lines = 1;
  for (let k = 1; k <= columns; k++) {
    const cell = row.getCell(k);
    cell.border = ALL_BORDERS;
    cell.font = { ...(cell.font ?? {}), name: OFFICE_FONT, size: cell.font?.size ?? 11, bold: options.bold ?? cell.font?.bold };
    if (cell.isMerged && cell.master !== cell) continue;
    const width = sheet.getColumn(k).width ?? 10;
    const text = cell.value === null || cell.value === undefined ? '' : String(cell.value);
    if (cell.alignment?.wrapText) lines = Math.max(lines, linesIn(text, width));
  }
  row.height = Math.max(options.minHeight ?? 18, lines * LINE_HEIGHT + ROW_PADDING);
}

/** A bold, shaded, bordered header row of column names. */
export function headerRow(sheet: ExcelJS.Worksheet, values: string[]): void {
  const row = sheet.addRow(values);
  row.eachCell((cell) => {
    cell.font = { name: OFFICE_FONT, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  finishRow(sheet, row, values.length, { bold: true, minHeight: 22 });
}
