import { chineseTexts, SourceText } from './chinese-texts';
import { halfWidthMarks } from './punctuation';

// Texts that are data formats rather than prose (CSV headers, platform wire formats) say so
// with a `half-width:` comment on their line or the line before.
const OPT_OUT = /half-width:/;

function describeText(t: SourceText): string[] {
  if (OPT_OUT.test(t.context)) return [];
  return halfWidthMarks(t.text).map((excerpt) => `${t.file}:${t.line} …${excerpt}…`);
}

describe('full-width punctuation', () => {
  it('flags half-width marks next to Chinese and leaves code-like text alone', () => {
    expect(halfWidthMarks('检查(第 ${…} 轮)')).toHaveLength(2);
    expect(halfWidthMarks('原因: 链接失效, 请整改')).toHaveLength(2);
    expect(halfWidthMarks('扣分！')).toEqual([]);
    expect(halfWidthMarks('YYYY-MM-DD HH:mm 之前')).toEqual([]);
    expect(halfWidthMarks('${…}(扣 ${…} 分)')).toHaveLength(2);
    expect(halfWidthMarks('账号 ${…}(${…})')).toEqual([]);
    expect(halfWidthMarks('the ledger (台账), all rows')).toEqual([]);
    expect(halfWidthMarks('不是有效的 JSON,请检查')).toHaveLength(1);
    expect(halfWidthMarks('只能是 serious（严重）或 general(一般)')).toHaveLength(2);
    expect(halfWidthMarks('“${…}”（编号 ${…},${…}）')).toHaveLength(1);
    expect(halfWidthMarks('截止 ${…} 08:00，共 ${…}/${…}')).toEqual([]);
  });

  it('is used in every Chinese text of the server and the web', () => {
    expect(chineseTexts().flatMap(describeText)).toEqual([]);
  });
});
