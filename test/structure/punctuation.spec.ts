import { chineseTexts, SourceText } from './chinese-texts';
import { halfWidthMarks } from '../../src/common/chinese-text';

// Chinese text takes full-width punctuation (，；：（）！？), as in the office's own documents:
// every text a user may read is held to halfWidthMarks (src/common/chinese-text.ts), the rule
// the every-page browser test applies to what the screens show.
// Texts that are data formats rather than prose (CSV headers, platform wire formats) say so
// with a `half-width:` comment on their line or the line before.
const OPT_OUT = /half-width:/;

function describeText(t: SourceText): string[] {
  if (OPT_OUT.test(t.context)) return [];
  return halfWidthMarks(t.text).map((excerpt) => `${t.file}:${t.line} …${excerpt}…`);
}

describe('full-width punctuation', () => {
  it('is used in every Chinese text of the server and the web', () => {
    expect(chineseTexts().flatMap(describeText)).toEqual([]);
  });
});
