import { attribute, decodeXmlText, joinedText, parseCellRef } from './xml-text';
import { readEntry, readZipDirectory, ZipEntry, ZipError, ZipLimits } from './zip-archive';
import { Cooperative } from '../cooperative';
import { elements, firstElement } from './xml-elements';

/** A cell as read from a sheet: text, number, date or empty. */
export type Cell = string | number | Date | boolean | null;
export type SheetRows = Cell[][];

export interface SheetLimits {
  /** Highest row number a sheet may use (header and title rows included). */
  maxRows: number;
  /** Highest column number a sheet may use. */
  maxColumns: number;
}
export type XlsxLimits = ZipLimits & SheetLimits;

/**
 * Reads the first worksheet of an XLSX file into rows of cell values.
 *
 * Written for hostile input (issue #25): the zip directory is checked before anything is
 * inflated; entries inflate on the thread pool and never beyond their declared size; the
 * sheet's declared dimension is checked before any cell is read, and every row and cell
 * reference is checked before its values are kept, so a sparse cell at A1048576 or XFD1
 * is refused at once instead of building millions of empty cells; the parse gives the
 * event loop back every few milliseconds, so other requests are answered meanwhile.
 * Values follow Excel's own rules: shared and inline strings, booleans, numbers, and numbers
 * whose number format is a date become Dates (as UTC wall time, as ExcelJS does).
 */
export async function readXlsxFirstSheet(buffer: Buffer, limits: XlsxLimits): Promise<SheetRows> {
  const entries = readZipDirectory(buffer, limits);
  const part = async (name: string | undefined): Promise<string | undefined> => {
    const entry = name === undefined ? undefined : findEntry(entries, name);
    return entry ? (await readEntry(buffer, entry)).toString('utf8') : undefined;
  };
  const workbook = await part('xl/workbook.xml');
  if (workbook === undefined) throw new ZipError('无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式');
  const rels = parseRelationships((await part('xl/_rels/workbook.xml.rels')) ?? '');
  const sheetXml = await part(firstSheetPath(workbook, rels));
  if (sheetXml === undefined) throw new ZipError('Excel 文件中没有工作表');
  checkDeclaredDimension(sheetXml, limits);
  const cooperative = new Cooperative();
  const sharedStrings = await parseSharedStrings((await part(rels.byType('sharedStrings') ?? 'xl/sharedStrings.xml')) ?? '', cooperative);
  const dateStyles = parseDateStyles((await part(rels.byType('styles') ?? 'xl/styles.xml')) ?? '');
  const date1904 = /<workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(workbook);
  return parseRows(sheetXml, { sharedStrings, dateStyles, date1904, limits, cooperative });
}

function findEntry(entries: Map<string, ZipEntry>, name: string): ZipEntry | undefined {
  const wanted = name.replace(/^\/+/, '');
  return entries.get(wanted) ?? [...entries.values()].find((e) => e.name.toLowerCase() === wanted.toLowerCase());
}

interface Relationships {
  byId: Map<string, string>;
  byType(kind: string): string | undefined;
}

function parseRelationships(xml: string): Relationships {
  const byId = new Map<string, string>();
  const types: [string, string][] = [];
  for (const { attributes } of elements(xml, 'Relationship')) {
    const id = attribute(attributes, 'Id');
    const target = attribute(attributes, 'Target');
    if (!id || !target) continue;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    byId.set(id, path);
    types.push([attribute(attributes, 'Type') ?? '', path]);
  }
  return { byId, byType: (kind) => types.find(([type]) => type.endsWith(`/${kind}`))?.[1] };
}

function firstSheetPath(workbook: string, rels: Relationships): string {
  const sheet = firstElement(workbook, 'sheet');
  const id = sheet ? attribute(sheet.attributes, 'r:id') : undefined;
  return (id && rels.byId.get(id)) || 'xl/worksheets/sheet1.xml';
}

function tooLarge(limits: SheetLimits, rows: number, columns: number): ZipError | undefined {
  if (rows > limits.maxRows) return new ZipError(`表格用到了第 ${rows} 行，超过上限 ${limits.maxRows} 行（IMPORT_MAX_ROWS），请删除多余的行或拆分后上传`);
  if (columns > limits.maxColumns) return new ZipError(`表格用到了第 ${columns} 列，超过上限 ${limits.maxColumns} 列（IMPORT_MAX_COLUMNS），请删除多余的列后上传`);
  return undefined;
}

/** `<dimension ref="A1:XFD1048576"/>`: what the sheet says it spans, checked before any cell. */
function checkDeclaredDimension(sheetXml: string, limits: SheetLimits): void {
  const head = sheetXml.slice(0, 4096);
  const dimension = head.includes('<dimension') ? firstElement(head, 'dimension') : undefined;
  const ref = dimension ? attribute(dimension.attributes, 'ref') : undefined;
  if (!ref) return;
  const corner = parseCellRef(ref.split(':').pop() ?? '');
  if (!corner) return;
  const problem = tooLarge(limits, corner.row, corner.column);
  if (problem) throw problem;
}

async function parseSharedStrings(xml: string, cooperative: Cooperative): Promise<string[]> {
  const strings: string[] = [];
  for (const si of elements(xml, 'si')) {
    strings.push(si.inner === undefined ? '' : joinedText(si.inner));
    await cooperative.turn();
  }
  return strings;
}

/** Built-in number formats that show dates or times (Excel's ids, Chinese locale included). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a format code shows a date: y, m, d, h or s outside quoted text and [brackets]. */
export function isDateFormat(code: string): boolean {
  return /[ymdhsb]/i.test(
    code
      .replace(/\[[^\]]*]/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, ''),
  );
}

/** Indexes into cellXfs (a cell's `s`) whose number format is a date. */
function parseDateStyles(xml: string): Set<number> {
  const custom = new Map<number, string>();
  for (const { attributes } of elements(xml, 'numFmt')) {
    custom.set(Number(attribute(attributes, 'numFmtId')), attribute(attributes, 'formatCode') ?? '');
  }
  const dates = new Set<number>();
  const cellXfs = firstElement(xml, 'cellXfs')?.inner ?? '';
  let index = 0;
  for (const xf of xfStartTags(cellXfs)) {
    const formatId = Number(attribute(xf, 'numFmtId') ?? 0);
    const code = custom.get(formatId);
    if (code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(formatId)) dates.add(index);
    index++;
  }
  return dates;
}

/** The attribute text of each `<xf>` start tag (an `<xf>` may hold children such as `<alignment>`). */
function* xfStartTags(cellXfs: string): Generator<string> {
  for (let at = cellXfs.indexOf('<xf'); at >= 0; at = cellXfs.indexOf('<xf', at + 3)) {
    const end = cellXfs.indexOf('>', at);
    if (end < 0) return;
    yield cellXfs.slice(at + 3, cellXfs.charCodeAt(end - 1) === 0x2f ? end - 1 : end);
  }
}

interface RowContext {
  sharedStrings: string[];
  dateStyles: Set<number>;
  date1904: boolean;
  limits: SheetLimits;
  cooperative: Cooperative;
}

async function parseRows(sheetXml: string, context: RowContext): Promise<SheetRows> {
  const dataStart = sheetXml.indexOf('<sheetData');
  const rows: SheetRows = [];
  if (dataStart < 0) return rows;
  let previousRow = 0;
  for (const row of elements(sheetXml, 'row', dataStart)) {
    const rowNumber = Number(attribute(row.attributes, 'r') ?? previousRow + 1);
    const problem = tooLarge(context.limits, rowNumber, 0);
    if (problem) throw problem;
    previousRow = rowNumber;
    if (row.inner) {
      const values = parseCells(row.inner, rowNumber, context);
      if (values.length) rows[rowNumber - 1] = values;
    }
    await context.cooperative.turn();
  }
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

function parseCells(rowXml: string, rowNumber: number, context: RowContext): Cell[] {
  const values: Cell[] = [];
  let previousColumn = 0;
  for (const cell of elements(rowXml, 'c')) {
    const ref = attribute(cell.attributes, 'r');
    const column = ref ? (parseCellRef(ref)?.column ?? previousColumn + 1) : previousColumn + 1;
    const problem = tooLarge(context.limits, rowNumber, column);
    if (problem) throw problem;
    previousColumn = column;
    const value = cell.inner === undefined ? null : cellValue(cell.attributes, cell.inner, context);
    if (value === null) continue;
    while (values.length < column - 1) values.push(null);
    values[column - 1] = value;
  }
  return values;
}

function cellValue(attributes: string, inner: string, context: RowContext): Cell {
  const type = attribute(attributes, 't') ?? 'n';
  if (type === 'inlineStr') return joinedText(firstElement(inner, 'is')?.inner ?? '');
  const raw = firstElement(inner, 'v')?.inner;
  if (raw === undefined) return null;
  const text = decodeXmlText(raw);
  switch (type) {
    case 's':
      return context.sharedStrings[Number(text)] ?? null;
    case 'str':
      return text;
    case 'b':
      return text === '1' || text === 'true';
    case 'e':
      return null;
    case 'd': {
      const date = new Date(text);
      return Number.isNaN(date.getTime()) ? text : date;
    }
    default: {
      const number = Number(text);
      if (!Number.isFinite(number)) return text;
      const style = Number(attribute(attributes, 's') ?? 0);
      return context.dateStyles.has(style) ? excelSerialToDate(number, context.date1904) : number;
    }
  }
}

/** Excel's day serial to a Date holding the wall time as UTC (the convention ExcelJS uses). */
export function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}
