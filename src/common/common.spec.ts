import { decodeText, parseCsv, readSpreadsheet, SpreadsheetError } from './spreadsheet';
import { formatTime, wallTimeToUtc, zoneOffsetMinutes } from './time';
import { isHttpUrl } from './validators';

describe('CSV and text decoding', () => {
  it('parses quoted fields, doubled quotes and CRLF', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n1,,3\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', null, '3'],
    ]);
  });

  it('decodes UTF-8 with a BOM and GB18030 as Excel saves it on Chinese Windows', () => {
    expect(decodeText(Buffer.from('\uFEFF单位,平台', 'utf8'))).toBe('单位,平台');
    // "单位" in GB18030.
    expect(decodeText(Buffer.from([0xb5, 0xa5, 0xce, 0xbb]))).toBe('单位');
  });

  it('refuses what is not a spreadsheet, with a reason', async () => {
    await expect(readSpreadsheet(Buffer.alloc(0))).rejects.toThrow(SpreadsheetError);
    await expect(readSpreadsheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).rejects.toThrow('.xls');
    await expect(readSpreadsheet(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).rejects.toThrow('不是 Excel');
    await expect(readSpreadsheet(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toThrow('无法读取');
    await expect(readSpreadsheet(Buffer.from('a,"b\n'))).rejects.toThrow('引号');
  });
});

describe('time zones', () => {
  it('knows Shanghai is UTC+8 and converts wall time to the instant', () => {
    expect(zoneOffsetMinutes(new Date('2023-07-01T00:00:00Z'), 'Asia/Shanghai')).toBe(480);
    expect(wallTimeToUtc({ year: 2023, month: 7, day: 1 }, 'Asia/Shanghai').toISOString()).toBe('2023-06-30T16:00:00.000Z');
  });

  it('writes an instant as Beijing wall time to the minute, as people read it', () => {
    expect(formatTime(new Date('2023-07-10T16:21:59.999Z'), 'Asia/Shanghai')).toBe('2023-07-11 00:21');
    expect(formatTime(new Date('2023-12-31T15:59:00Z'), 'Asia/Shanghai')).toBe('2023-12-31 23:59');
  });

  it('settles the offset next to a daylight-saving change', () => {
    expect(wallTimeToUtc({ year: 2023, month: 3, day: 26, hour: 12 }, 'Europe/Berlin').toISOString()).toBe('2023-03-26T10:00:00.000Z');
  });
});

describe('http url check', () => {
  it('accepts only absolute http(s) URLs', () => {
    expect(isHttpUrl('https://mp.weixin.qq.com/s?__biz=Mz')).toBe(true);
    expect(isHttpUrl('http://192.168.1.1:8080/x')).toBe(true);
    for (const bad of ['ftp://a.cn', 'javascript:alert(1)', 'mp.weixin.qq.com', 'https://', 'https://a b.cn', 42, null]) expect(isHttpUrl(bad)).toBe(false);
  });
});
