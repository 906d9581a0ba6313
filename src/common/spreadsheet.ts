import ExcelJS from 'exceljs';

/** A cell as read from a sheet: text, number, date or empty. */
export type Cell = string | number | Date | boolean | null;
export type SheetRows = Cell[][];

export class SpreadsheetError extends Error {}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(buffer: Buffer, magic: number[]): boolean {
  return magic.every((byte, i) => buffer[i] === byte);
}

/** Reads the first sheet of an XLSX file, or a CSV file (UTF-8 with or without BOM, or GB18030). */
export async function readSpreadsheet(buffer: Buffer): Promise<SheetRows> {
  if (!buffer.length) throw new SpreadsheetError('上传的文件是空的');
  if (startsWith(buffer, OLE_MAGIC)) {
    throw new SpreadsheetError('不支持旧版 .xls 文件,请在 Excel 中“另存为” .xlsx 或 .csv 后再上传');
  }
  if (startsWith(buffer, ZIP_MAGIC)) return readXlsx(buffer);
  if (buffer.subarray(0, 4096).includes(0)) {
    throw new SpreadsheetError('文件不是 Excel(.xlsx)或 CSV 表格,请使用下载的模板填写');
  }
  return parseCsv(decodeText(buffer));
}

async function readXlsx(buffer: Buffer): Promise<SheetRows> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new SpreadsheetError('无法读取该 Excel 文件,文件可能已损坏或不是 .xlsx 格式');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SpreadsheetError('Excel 文件中没有工作表');
  const rows: SheetRows = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: Cell[] = [];
    for (let col = 1; col <= sheet.columnCount; col++) values.push(cellValue(row.getCell(col).value));
    rows[rowNumber - 1] = values;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : value.hyperlink;
    if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
    if ('error' in value) return null;
  }
  return String(value);
}

/** Excel on Chinese Windows saves CSV as GB18030; everything else should be UTF-8. */
export function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends. */
export function parseCsv(text: string): SheetRows {
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
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
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
