import { htmlToPlainText, MAX_BODY_CHARS, storedBody } from './post-body';

describe('post bodies', () => {
  it('turns HTML into plain text: paragraphs as lines, entities decoded, scripts, images and link targets dropped', () => {
    const text = htmlToPlainText('<h2>Title</h2><p>你好<b>世界</b>&nbsp;&amp;</p><script>alert(1)</script><p><img src="a.png">见<a href="http://x.example/">链接</a></p>');
    expect(text).toBe('Title\n\n你好世界 &\n\n见链接');
    expect(htmlToPlainText('')).toBe('');
    expect(htmlToPlainText(null)).toBe('');
  });

  it('keeps a plain-text body as it is', () => {
    expect(htmlToPlainText('纯文本正文 1 < 2')).toBe('纯文本正文 1 < 2');
  });

  it('caps the stored body, flags the cut and never splits a surrogate pair', () => {
    const long = '字'.repeat(MAX_BODY_CHARS + 10);
    const stored = storedBody('t', long);
    expect(stored.body).toHaveLength(MAX_BODY_CHARS);
    expect(stored.truncated).toBe(true);
    const emoji = storedBody('t', `${'a'.repeat(9)}😀b`, 10);
    expect(emoji.body).toBe('a'.repeat(9));
    expect(emoji.truncated).toBe(true);
  });

  it('replaces lone surrogates and drops control characters', () => {
    expect(storedBody('t', 'a\ud800b\u0000c').body).toBe('a\ufffdbc');
  });

  it('hashes title and body: equal content, equal hash; any change, another', () => {
    expect(storedBody('标题', '正文').contentHash).toBe(storedBody('标题', '正文').contentHash);
    expect(storedBody('标题', '正文').contentHash).not.toBe(storedBody('标题', '正文!').contentHash);
    expect(storedBody('标题', null)).toMatchObject({ body: null, truncated: false });
  });
});
