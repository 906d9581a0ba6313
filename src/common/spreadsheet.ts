import { DEFAULT_IMPORT_LIMITS, ImportLimits } from '../config/import-limits';
import { readXlsxFirstSheet, XlsxLimits } from './xlsx/xlsx-reader';
import { XmlShapeError } from './xlsx/xml-elements';
import { ZipError } from './xlsx/zip-archive';

export type { Cell, SheetRows } from './xlsx/xlsx-reader';
export { DEFAULT_IMPORT_LIMITS, type ImportLimits };
import type { Cell, SheetRows } from './xlsx/xlsx-reader';

export class SpreadsheetError extends Error {}

/** Rows a sheet may hold above its data: a title or notes above the header. */
const ROWS_ABOVE_DATA = 20;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(buffer: Buffer, magic: number[]): boolean {
  return magic.every((byte, i) => buffer[i] === byte);
}

/**
 * Reads the first sheet of an XLSX file, or a CSV file (UTF-8 with or without BOM, or
 * GB18030), refusing (SpreadsheetError, a message for a person) what exceeds the limits before
 * it is parsed. Interpreting the rows (header, data-row limit per import) is the caller's.
 */
export async function readSpreadsheet(buffer: Buffer, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<SheetRows> {
  if (!buffer.length) throw new SpreadsheetError('上传的文件是空的');
  if (startsWith(buffer, OLE_MAGIC)) {
    throw new SpreadsheetError('不支持旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 或 .csv 后再上传');
  }
  if (startsWith(buffer, ZIP_MAGIC)) return readXlsx(buffer, limits);
  if (buffer.subarray(0, 4096).includes(0)) {
    throw new SpreadsheetError('文件不是 Excel（.xlsx）或 CSV 表格，请使用下载的模板填写');
  }
  return parseCsv(decodeText(buffer), { maxRows: limits.maxDataRows + ROWS_ABOVE_DATA, maxColumns: limits.maxColumns });
}

async function readXlsx(buffer: Buffer, limits: ImportLimits): Promise<SheetRows> {
  const xlsxLimits: XlsxLimits = {
    maxEntries: limits.maxZipEntries,
    maxUncompressedBytes: limits.maxUncompressedBytes,
    maxRows: limits.maxDataRows + ROWS_ABOVE_DATA,
    maxColumns: limits.maxColumns,
  };
  try {
    return await readXlsxFirstSheet(buffer, xlsxLimits);
  } catch (error) {
    if (error instanceof ZipError) throw new SpreadsheetError(error.message);
    if (error instanceof XmlShapeError) throw new SpreadsheetError('无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式');
    throw error;
  }
}

/** Excel on Chinese Windows saves CSV as GB18030; everything else should be UTF-8. */
export function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends; refused beyond the limits. */
export function parseCsv(text: string, limits: { maxRows: number; maxColumns: number } = { maxRows: Infinity, maxColumns: Infinity }): SheetRows {
  const rows: SheetRows = [];
  let row: Cell[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
      if (row.length >= limits.maxColumns) throw csvTooLarge(limits, rows.length + 1, row.length + 1);
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      if (rows.length > limits.maxRows) throw csvTooLarge(limits, rows.length, 0);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new SpreadsheetError('CSV 文件中有未闭合的引号');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.map((r) => r.map((v) => (v === '' ? null : v)));
}

function csvTooLarge(limits: { maxRows: number; maxColumns: number }, rows: number, columns: number): SpreadsheetError {
  if (rows > limits.maxRows) return new SpreadsheetError(`CSV 文件超过 ${limits.maxRows} 行（IMPORT_MAX_ROWS），请拆分后上传`);
  return new SpreadsheetError(`CSV 文件第 ${rows} 行有 ${columns} 列，超过上限 ${limits.maxColumns} 列（IMPORT_MAX_COLUMNS），请删除多余的列后上传`);
}
