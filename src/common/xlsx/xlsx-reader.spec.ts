import ExcelJS from 'exceljs';
import { performance } from 'node:perf_hooks';
import { buildXlsx, buildZip, inlineRow } from '../../../test/support/xlsx-files';
import { DEFAULT_IMPORT_LIMITS, readSpreadsheet, SpreadsheetError } from '../spreadsheet';
import { isDateFormat } from './xlsx-reader';
import { decodeXmlText, parseCellRef } from './xml-text';

async function workbookBuffer(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('台账'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('XLSX reader: what Excel and ExcelJS write', () => {
  it('reads shared strings, numbers, dates, booleans, rich text, formulas and hyperlinks as ExcelJS would', async () => {
    const buffer = await workbookBuffer((sheet) => {
      sheet.addRow(['单位', '数量', '日期', '是否', '说明', '公式', '链接']);
      sheet.addRow([
        '区政府办 & "公开办" <a>',
        42.5,
        new Date(Date.UTC(2023, 8, 28, 10, 30)),
        true,
        { richText: [{ text: '加粗' }, { text: '正文' }] },
        { formula: 'B2*2', result: 85 },
        { text: '官网', hyperlink: 'https://www.fengxiang.gov.cn/' },
      ]);
      sheet.addRow([]);
      sheet.addRow([null, null, '第四行第三列']);
      sheet.getCell('C2').numFmt = 'yyyy"年"m"月"d"日"';
    });
    const rows = await readSpreadsheet(buffer);
    expect(rows[0]).toEqual(['单位', '数量', '日期', '是否', '说明', '公式', '链接']);
    expect(rows[1]).toEqual(['区政府办 & "公开办" <a>', 42.5, new Date(Date.UTC(2023, 8, 28, 10, 30)), true, '加粗正文', 85, '官网']);
    expect(rows[2]).toEqual([]);
    expect(rows[3]).toEqual([null, null, '第四行第三列']);
  });

  it('reads a built-in date format and keeps plain numbers numbers', async () => {
    const buffer = await workbookBuffer((sheet) => {
      sheet.addRow([45197, 45197]);
      sheet.getCell('A1').numFmt = 'mm-dd-yy';
    });
    const [[date, plain]] = await readSpreadsheet(buffer);
    expect(date).toEqual(new Date(Date.UTC(2023, 8, 28)));
    expect(plain).toBe(45197);
  });

  it('knows which format codes are dates', () => {
    expect(isDateFormat('yyyy/m/d h:mm')).toBe(true);
    expect(isDateFormat('[$-F800]dddd, mmmm dd, yyyy')).toBe(true);
    expect(isDateFormat('0.00;[Red]-0.00')).toBe(false);
    expect(isDateFormat('"年度"0')).toBe(false);
  });

  it('decodes entities and Excel escapes; splits references', () => {
    expect(decodeXmlText('a&amp;b&lt;&#x4E2D;&#25991;_x000D_')).toBe('a&b<中文\r');
    expect(parseCellRef('XFD1048576')).toEqual({ column: 16384, row: 1048576 });
    expect(parseCellRef('$B$7')).toEqual({ column: 2, row: 7 });
  });
});

describe('XLSX reader: hostile files are refused before they are parsed', () => {
  const fast = async (buffer: Buffer, message: RegExp) => {
    const started = performance.now();
    await expect(readSpreadsheet(buffer)).rejects.toThrow(message);
    return performance.now() - started;
  };

  it('refuses a sparse sheet whose one cell lies far below the row limit, at once', async () => {
    const buffer = buildXlsx(inlineRow(1, { A: '单位' }) + inlineRow(1048576, { A: 'x' }));
    expect(await fast(buffer, /1048576 行/)).toBeLessThan(500);
  });

  it('refuses a single cell at column XFD, at once', async () => {
    expect(await fast(buildXlsx(inlineRow(1, { XFD: 'x' })), /16384 列/)).toBeLessThan(500);
  });

  it('refuses a declared dimension beyond the limits even when the cells are few', async () => {
    await fast(buildXlsx(inlineRow(1, { A: 'x' }), { dimension: 'A1:H30000' }), /30000 行/);
  });

  it('refuses a decompression bomb by its declared size, without inflating it', async () => {
    const bomb = Buffer.alloc(300 * 1024 * 1024, 0x20);
    const buffer = buildXlsx(inlineRow(1, { A: 'x' }), { extra: [{ name: 'xl/media/padding.bin', data: bomb }] });
    expect(buffer.length).toBeLessThan(1024 * 1024);
    expect(await fast(buffer, /解压后超过 100 MB/)).toBeLessThan(500);
  });

  it('refuses an entry that inflates beyond the size it declares', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => inlineRow(i + 1, { A: 'abc' })).join('');
    await fast(buildXlsx(rows, { sheetPart: { declaredSize: 1000 } }), /与其声明不符/);
  });

  it('refuses archives with too many parts', async () => {
    const parts = Array.from({ length: DEFAULT_IMPORT_LIMITS.maxZipEntries + 1 }, (_, i) => ({ name: `x${i}.xml`, data: Buffer.from('<a/>') }));
    await fast(buildZip(parts), /部件/);
  });

  it('refuses unclosed tags in linear time', async () => {
    const buffer = buildXlsx('<row r="1">' + '<c r="A1" t="inlineStr"><is><t>x'.repeat(200000));
    const elapsed = await fast(buffer, /无法读取/);
    expect(elapsed).toBeLessThan(2000);
  });

  it('refuses a CSV beyond the row or column limit', async () => {
    await expect(readSpreadsheet(Buffer.from('a\n'.repeat(DEFAULT_IMPORT_LIMITS.maxDataRows + 30)))).rejects.toThrow(SpreadsheetError);
    await expect(readSpreadsheet(Buffer.from(','.repeat(DEFAULT_IMPORT_LIMITS.maxColumns + 1)))).rejects.toThrow(/列/);
  });
});
