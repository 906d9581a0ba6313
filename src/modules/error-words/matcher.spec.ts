import { compileLibrary, findErrorWords, normalizeText, normalizeWithMap } from './matcher';

const word = (id: number, wrong: string, correct: string, allows: string[] = [], category = 'common', severity?: 'serious' | 'general') => ({
  id,
  wrong,
  correct,
  category,
  allows,
  severity,
});

describe('error-word matcher', () => {
  it('normalises full width, spacing, zero-width characters and case', () => {
    expect(normalizeText('中华人民　共合国 ＡＢＣ１２３（）\u200b')).toBe('中华人民共合国abc123()');
    const { norm, map } = normalizeWithMap('中华 Ａb\u200b国');
    expect(norm).toBe('中华ab国');
    expect(map).toEqual([0, 1, 3, 4, 6]);
  });

  it('finds a wrong form written with spaces or in full width, with its offset in the given text', () => {
    const library = compileLibrary([word(1, '中华人民共合国', '中华人民共和国', [], 'country_name', 'serious'), word(2, 'ＱＱ群', 'QQ群')]);
    expect(findErrorWords('热烈庆祝中华人民 共合国成立', library)).toMatchObject([
      { wordId: 1, correct: '中华人民共和国', count: 1, severity: 'serious', offset: 4, context: '热烈庆祝中华人民 共合国成立' },
    ]);
    expect(findErrorWords('中华人民\u3000共合国', library)).toHaveLength(1);
    expect(findErrorWords('加入qq群', library)).toMatchObject([{ wordId: 2, severity: 'general', offset: 2 }]);
    expect(findErrorWords('热烈庆祝中华人民共和国成立', library)).toEqual([]);
  });

  it('counts every occurrence and reports the first', () => {
    const library = compileLibrary([word(1, '截止目前', '截至目前')]);
    const text = `${'一'.repeat(40)}截止目前,再说截止目前`;
    const [hit] = findErrorWords(text, library);
    expect(hit).toMatchObject({ count: 2, offset: 40 });
    expect(hit.context).toBe(`${'一'.repeat(15)}截止目前,再说截止目前`.slice(0, 15 + 4 + 15));
  });

  it('silences only occurrences inside an allow phrase', () => {
    const library = compileLibrary([word(1, '政府信息公开条例', '《中华人民共和国政府信息公开条例》', ['中华人民共和国政府信息公开条例'], 'statute')]);
    expect(findErrorWords('学习中华人民共和国政府信息公开条例', library)).toEqual([]);
    expect(findErrorWords('学习《中华人民共和国 政府信息公开条例》', library)).toEqual([]);
    const both = findErrorWords('学习中华人民共和国政府信息公开条例;落实政府信息公开条例', library);
    expect(both).toMatchObject([{ wordId: 1, count: 1, offset: 20 }]);
    expect(both[0].context).toContain('落实政府信息公开条例');
    expect(findErrorWords('落实政府信息公开条例', library)).toHaveLength(1);
  });

  it('treats a correct form that contains the wrong form as allowed', () => {
    const library = compileLibrary([word(1, '政府信息公开条例', '中华人民共和国政府信息公开条例')]);
    expect(findErrorWords('贯彻中华人民共和国政府信息公开条例', library)).toEqual([]);
    expect(findErrorWords('贯彻政府信息公开条例', library)).toHaveLength(1);
  });

  it('finds several words in one pass, overlapping ones included', () => {
    const library = compileLibrary([
      word(1, '人民共合国', '人民共和国'),
      word(2, '中华人民共合国', '中华人民共和国', [], 'country_name', 'serious'),
      word(3, '截止目前', '截至目前'),
    ]);
    expect(findErrorWords('截止目前中华人民共合国', library).map((h) => h.wordId)).toEqual([1, 2, 3]);
  });

  it('ignores entries whose wrong form is blank, and empty text', () => {
    const library = compileLibrary([word(1, '  ', 'x')]);
    expect(library.words).toEqual([]);
    expect(findErrorWords('', compileLibrary([word(2, '截止目前', '截至目前')]))).toEqual([]);
  });
});
