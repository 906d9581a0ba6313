/**
 * Chinese punctuation (全角标点) in Chinese text: an ASCII comma, colon, semicolon or pair of
 * brackets next to a Chinese character becomes its full-width form. Numbers, times (09:30),
 * URLs and Latin text keep theirs. Pure.
 */
const HAN = '[\\u3400-\\u9fff\\uff00-\\uffef\\u3000-\\u303f“”‘’]';
const MARKS: Record<string, string> = { ',': '，', ':': '：', ';': '；', '?': '？', '!': '！' };

export function fullWidth(text: string): string {
  let out = text.replace(new RegExp(`(?<=${HAN})\\s*([,:;?!])\\s*|\\s*([,:;?!])\\s*(?=${HAN})`, 'g'), (_m, a?: string, b?: string) => MARKS[(a ?? b)!]);
  // Brackets around or next to Chinese text: （说明）.
  out = out.replace(new RegExp(`\\(([^()]*${HAN}[^()]*)\\)`, 'g'), '（$1）');
  return out;
}

/*
 * Finding what fullWidth would have to fix, for the checks of sources, screens and exports.
 * In a Chinese text every half-width mark next to Chinese, spaces aside, is wrong — also the
 * one between an English word and Chinese ("JSON,请检查"). English text with a Chinese gloss
 * ("the ledger (台账), all rows") keeps its own marks where an English word stands outside them.
 */
const CHINESE = /[\u3400-\u9fff]/;
const CHINESE_OR_FULL_WIDTH = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const ENGLISH = /[A-Za-z0-9]/;

function neighbour(text: string, from: number, step: 1 | -1): string {
  let i = from + step;
  while (text[i] === ' ') i += step;
  return text[i] ?? '';
}

const isChinese = (ch: string): boolean => CHINESE_OR_FULL_WIDTH.test(ch);

/** A text is Chinese when it has Chinese outside brackets: "台账 (ledger)", not "ledger (台账)". */
function isChineseText(text: string): boolean {
  return CHINESE.test(text.replace(/\([^()]*\)/g, ''));
}

function separators(text: string, chineseText: boolean): number[] {
  return [...text.matchAll(/[,;:!?]/g)]
    .map((m) => m.index!)
    .filter((at) => {
      const [before, after] = [neighbour(text, at, -1), neighbour(text, at, 1)];
      // In Chinese, also the mark after a placeholder: "编号 ${id},${state}", "${what}:HTTP 404".
      if (chineseText) return isChinese(before) || isChinese(after) || (before === '}' && !/^[0-9/]?$/.test(after));
      return isChinese(before) || (isChinese(after) && !ENGLISH.test(before));
    });
}

function brackets(text: string, chineseText: boolean): number[] {
  const open: number[] = [];
  const found: number[] = [];
  for (let at = 0; at < text.length; at++) {
    if (text[at] === '(') open.push(at);
    if (text[at] !== ')' || open.length === 0) continue;
    const start = open.pop()!;
    const [before, after] = [neighbour(text, start, -1), neighbour(text, at, 1)];
    const outsideChinese = isChinese(before) || isChinese(after);
    const insideChinese = CHINESE.test(text.slice(start + 1, at));
    const outsideEnglish = ENGLISH.test(before) || ENGLISH.test(after);
    if (outsideChinese || (insideChinese && (chineseText || !outsideEnglish))) found.push(start, at);
  }
  return found;
}

function marksOfPart(text: string): number[] {
  const chineseText = isChineseText(text);
  return [...separators(text, chineseText), ...brackets(text, chineseText)];
}

/**
 * Where the half-width marks set in Chinese text stand, in order. A bilingual text
 * ("中文说明 / English") is judged one language at a time.
 */
function halfWidthMarkPositions(text: string): number[] {
  let offset = 0;
  return text
    .split(' / ')
    .flatMap((part) => {
      const found = marksOfPart(part).map((at) => at + offset);
      offset += part.length + ' / '.length;
      return found;
    })
    .sort((a, b) => a - b);
}

/** Each half-width mark set in Chinese text, with a few characters around it. */
export function halfWidthMarks(text: string): string[] {
  return halfWidthMarkPositions(text).map((at) => text.slice(Math.max(0, at - 6), at + 7));
}
