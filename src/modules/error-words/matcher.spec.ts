import { compileLibrary, findErrorWords, normalizeText } from './matcher';

const word = (id: number, wrong: string, correct: string, allows: string[] = [], category = 'common') => ({ id, wrong, correct, category, allows });

describe('error-word matcher', () => {
  it('normalises full width, spacing, zero-width characters and case', () => {
    expect(normalizeText('中华人民　共合国 ＡＢＣ１２３（）\u200b')).toBe('中华人民共合国abc123()');
  });

  it('finds a wrong form written with spaces or in full width', () => {
    const library = compileLibrary([word(1, '中华人民共合国', '中华人民共和国', [], 'country_name'), word(2, 'ＱＱ群', 'QQ群')]);
    expect(findErrorWords('热烈庆祝中华人民 共合国成立', library)).toMatchObject([{ wordId: 1, correct: '中华人民共和国', count: 1 }]);
    expect(findErrorWords('中华人民\u3000共合国', library)).toHaveLength(1);
    expect(findErrorWords('加入qq群', library)).toMatchObject([{ wordId: 2 }]);
    expect(findErrorWords('热烈庆祝中华人民共和国成立', library)).toEqual([]);
  });

  it('silences only occurrences inside an allow phrase', () => {
    const library = compileLibrary([word(1, '政府信息公开条例', '《中华人民共和国政府信息公开条例》', ['中华人民共和国政府信息公开条例'], 'statute')]);
    expect(findErrorWords('学习中华人民共和国政府信息公开条例', library)).toEqual([]);
    expect(findErrorWords('学习《中华人民共和国 政府信息公开条例》', library)).toEqual([]);
    const both = findErrorWords('学习中华人民共和国政府信息公开条例;落实政府信息公开条例', library);
    expect(both).toMatchObject([{ wordId: 1, count: 1 }]);
    expect(both[0].excerpt).toContain('落实政府信息公开条例');
    expect(findErrorWords('落实政府信息公开条例', library)).toHaveLength(1);
  });

  it('treats a correct form that contains the wrong form as allowed', () => {
    const library = compileLibrary([word(1, '政府信息公开条例', '中华人民共和国政府信息公开条例')]);
    expect(findErrorWords('贯彻中华人民共和国政府信息公开条例', library)).toEqual([]);
    expect(findErrorWords('贯彻政府信息公开条例', library)).toHaveLength(1);
  });

  it('ignores entries whose wrong form is blank, and empty text', () => {
    const library = compileLibrary([word(1, '  ', 'x')]);
    expect(library).toEqual([]);
    expect(findErrorWords('', compileLibrary([word(2, '截止目前', '截至目前')]))).toEqual([]);
  });
});
