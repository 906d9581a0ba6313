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
