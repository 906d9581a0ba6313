import { pageParts } from './gone/html-parts';
import { ProbeFetch, RandomPathProbe } from './random-path-probe';
import type { RawResponse } from './transport';

const HOME =
  '<html><head><title>某某县人民政府</title></head><body><h1>某某县人民政府</h1><ul><li>要闻动态</li><li>政务公开</li><li>办事服务</li></ul><p>欢迎访问某某县人民政府门户网站。</p></body></html>';
const ARTICLE =
  '<html><head><title>我县召开安全生产工作会议</title></head><body><h1>我县召开安全生产工作会议</h1><p>会议部署了下一阶段的安全生产重点工作,要求各乡镇压实责任。</p></body></html>';

const page = (html: string, status = 200): RawResponse => ({ status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(html), truncated: false });
const link = new URL('http://site.example/zwgk/tzgg/index.html');

/** A fetch that fails the first `failures` times, then answers `html` for every path (a catch-all site). */
function catchAll(failures: number, html = HOME, status = 200): { fetch: ProbeFetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: async (url) => (++calls <= failures ? { failure: 'timeout ETIMEDOUT' } : { response: page(html, status), finalUrl: url }),
    calls: () => calls,
  };
}

describe('RandomPathProbe', () => {
  it('calls a page that is the same as the random path answer a catch-all, and fetches the folder once', async () => {
    const probe = new RandomPathProbe();
    const site = catchAll(0);
    expect(await probe.compare(link, link, pageParts(HOME), site.fetch)).toEqual({ kind: 'catch-all' });
    expect(await probe.compare(new URL('http://site.example/zwgk/tzgg/2.html'), link, pageParts(ARTICLE), site.fetch)).toEqual({ kind: 'own-page' });
    expect(site.calls()).toBe(1);
  });

  it('tries a failed probe again (the next round) instead of judging the page healthy', async () => {
    const probe = new RandomPathProbe();
    const site = catchAll(1);
    expect(await probe.compare(link, link, pageParts(HOME), site.fetch)).toEqual({ kind: 'catch-all' });
    expect(site.calls()).toBe(2);
  });

  it('links waiting on the same failed probe share its next round', async () => {
    const probe = new RandomPathProbe();
    const site = catchAll(1);
    const verdicts = await Promise.all([1, 2, 3].map((n) => probe.compare(new URL(`http://site.example/zwgk/tzgg/${n}.html`), link, pageParts(HOME), site.fetch)));
    expect(verdicts).toEqual([{ kind: 'catch-all' }, { kind: 'catch-all' }, { kind: 'catch-all' }]);
    expect(site.calls()).toBe(2);
  });

  it('a probe that never gets an answer leaves the page unknown (not healthy), after a bounded number of rounds', async () => {
    const probe = new RandomPathProbe();
    const site = catchAll(Infinity);
    expect(await probe.compare(link, link, pageParts(HOME), site.fetch)).toEqual({ kind: 'unknown', detail: 'timeout ETIMEDOUT' });
    expect(await probe.compare(new URL('http://site.example/zwgk/tzgg/2.html'), link, pageParts(ARTICLE), site.fetch)).toEqual({ kind: 'unknown', detail: 'timeout ETIMEDOUT' });
    expect(site.calls()).toBe(3);
  });

  it('a site that answers random paths with 404 is no catch-all; 429 counts as no answer', async () => {
    expect(await new RandomPathProbe().compare(link, link, pageParts(HOME), catchAll(0, HOME, 404).fetch)).toEqual({ kind: 'own-page' });
    expect(await new RandomPathProbe().compare(link, link, pageParts(HOME), catchAll(0, HOME, 429).fetch)).toEqual({ kind: 'unknown', detail: 'HTTP 429' });
  });
});
