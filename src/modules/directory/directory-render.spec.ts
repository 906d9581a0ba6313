import { directoryCsv } from './directory-export';
import { escapeHtml, renderDirectoryPage } from './directory-page';
import type { PublicAccount } from './directory.service';

const account = (fields: Partial<PublicAccount> = {}): PublicAccount => ({
  unitId: 1,
  unitName: '城关镇',
  platform: 'weibo',
  platformName: '微博',
  name: '城关微博',
  platformAccountId: '123',
  homepageUrl: 'https://weibo.com/u/123',
  openedAt: '2023-07-03T09:00:00.000Z',
  openedOn: '2023-07-03',
  ...fields,
});

describe('directory rendering', () => {
  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;');
  });

  it('puts no unescaped value into the page, and links only http(s) homepages', () => {
    const html = renderDirectoryPage({
      accounts: [account({ name: '<img src=x onerror=alert(1)>', unitName: '"><script>x</script>' }), account({ name: 'js', homepageUrl: 'javascript:alert(1)' })],
      units: [{ id: 1, name: '</option><script>' }],
      platforms: [{ value: 'weibo', label: '微博' }],
      filter: { q: '"><b>' },
      qrCodes: new Map(),
      generatedOn: '2024-01-01',
      truncated: false,
    });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>x');
    expect(html).not.toContain('</option><script>');
    expect(html).not.toContain('"><b>');
    expect(html).not.toContain('href="javascript:');
  });

  it('writes CSV with a BOM, CRLF, quoting and formula protection', () => {
    const csv = directoryCsv([account({ name: '=HYPERLINK("x")', unitName: '甲,乙' })]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.subarray(3).toString('utf8');
    expect(text.split('\r\n')[1]).toBe(`"甲,乙",微博,"'=HYPERLINK(""x"")",123,https://weibo.com/u/123,2023-07-03`);
  });
});
