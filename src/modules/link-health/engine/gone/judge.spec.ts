import { pageParts, redirectTargets } from './html-parts';
import { judgeGone, normalise } from './judge';
import { jaccard, shinglesOf } from './similarity';

const page = (body: string, title = '某某镇人民政府') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/bsfw/">办事服务</a></div>
<div class="main">${body}</div>
<div class="footer">主办:某某镇人民政府 ICP备案号:某ICP备00000000号</div></body></html>`;
const at = (url = 'https://www.example.gov.cn/zwgk/a.html', redirected = false) => ({ finalUrl: new URL(url), redirected });
const judge = (html: string, url?: string, redirected?: boolean) => judgeGone(pageParts(html), at(url, redirected));

describe('pageParts', () => {
  it('separates title, headline, headings, error box and main text (navigation and footer left out)', () => {
    const parts = pageParts(page('<h1>标题</h1><h2>小标题</h2><div class="error-tip">出错了</div><p>正文<b>加粗</b>内容</p>'));
    expect(parts).toMatchObject({ title: '某某镇人民政府', headline: '标题', headings: '小标题', errorBox: '出错了' });
    expect(parts.mainText).toContain('正文加粗内容');
    expect(parts.mainText).not.toContain('政务公开');
    expect(parts.text).toContain('政务公开');
  });

  it('finds meta-refresh and script redirects', () => {
    expect(
      redirectTargets('<meta http-equiv="refresh" content="3; url=/404.htm"><script>if (x) { top.location.href = \'/err/index.html\'; } location.replace("/nopage.jsp")</script>'),
    ).toEqual(['/404.htm', '/err/index.html', '/nopage.jsp']);
  });

  it('matches across inline tags and punctuation', () => {
    expect(normalise('页面 不存在!')).toBe(normalise('页面不存在'));
    expect(judge(page('<p><span>页面</span><span>不存在</span></p>'))).toMatchObject({ reason: 'soft404_not_found', rule: 'not-found' });
  });
});

describe('judgeGone', () => {
  it('reads the title and headline of a long article, not its body', () => {
    const long = '<p>' + '本文介绍网站链接巡检工作的开展情况和下一步安排。'.repeat(20) + '</p>';
    expect(judge(page(`<h1>网站巡检情况</h1>${long}<p>个别页面显示页面不存在。</p>`))).toBeNull();
    expect(judge(page(`<h1>页面不存在</h1>${long}`))).toMatchObject({ reason: 'soft404_not_found' });
  });

  it('ignores quoted phrases and a document’s own title', () => {
    expect(judge(page('<h1>关于“页面不存在”问题的整改通知</h1><p>请各单位整改。</p>'))).toBeNull();
    expect(judge(page('<p>请清理信息已过期的内容。</p>', '关于清理过期信息的通知'))).toBeNull();
    expect(judge(page('<p>该信息已过期。</p>', '提示'))).toMatchObject({ reason: 'soft404_expired', rule: 'cms-expired' });
  });

  it('tells 404 as an error title from 404 in a document number', () => {
    expect(judge(page('<p>返回首页</p>', '404 - 某某镇人民政府'))).toMatchObject({ reason: 'soft404_not_found', rule: 'error-title' });
    expect(judge(page('<p>现将有关事项通知如下。</p>', '某政办〔2024〕404号'))).toBeNull();
    expect(judge(page('<p>请稍后再试。</p>', '系统错误'))).toMatchObject({ reason: 'soft404_error_page', rule: 'error-title' });
  });

  it('reports redirects (HTTP, script, meta refresh) that land on an error page, not other redirects', () => {
    expect(judge(page('<p>对不起</p>'), 'https://www.example.gov.cn/404.html', true)).toMatchObject({ rule: 'redirect-to-error' });
    expect(judge(page('<p>跳转中</p><script>window.location = "/error.jsp"</script>'))).toMatchObject({ rule: 'script-redirect' });
    expect(judge(page('<p>跳转中</p><script>window.location = "/m/index.html"</script>'))).toBeNull();
  });

  it('knows platform notices and verification walls', () => {
    expect(judge(page('<div class="m-empty-text">抱歉,此微博已被作者删除。</div>'))).toMatchObject({ reason: 'soft404_deleted' });
    expect(judge(page('<p>该账号已注销</p>'))).toMatchObject({ reason: 'soft404_account' });
    expect(judge(page('<p>当前环境异常,完成验证后即可继续访问</p>'))).toMatchObject({ reason: 'verification_page' });
  });
});

describe('similarity', () => {
  it('counts the same template with another counter as the same page, another article as different', () => {
    const a = pageParts(page('<ul><li>要闻一</li><li>要闻二</li></ul><p>访问量 10234</p>'));
    const b = pageParts(page('<ul><li>要闻一</li><li>要闻二</li></ul><p>访问量 10299</p>'));
    const c = pageParts(page('<h1>我镇召开安全生产工作会议</h1><p>会议部署了下一阶段的安全生产重点工作,要求各村压实责任。</p>'));
    expect(jaccard(shinglesOf(a), shinglesOf(b))).toBeGreaterThanOrEqual(0.9);
    expect(jaccard(shinglesOf(a), shinglesOf(c))).toBeLessThan(0.9);
  });
});
