/**
 * The public directory page (/directory) in a real Chromium against the real server, on a
 * desktop and on a phone-sized viewport: no login, grouped by unit and platform, QR codes,
 * instant search, the verification box, no hidden account, no request to anyone else.
 */
import type { Page } from 'playwright-core';
import { ADMIN, ApiClient, chromiumAvailable, ensureBuilt, launchBrowser, screenshot, startServer, type RunningServer, useBrowserHooks } from './support';

jest.setTimeout(120_000);

const enabled = chromiumAvailable();
const PASSWORD = 'Passw0rd!x';

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
/** Every URL the page asked for, to prove it talks to no one but this server. */
const requested: string[] = [];

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  server = await startServer();
  baseUrl = server.baseUrl;

  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  const town = await admin.call<{ id: number }>('POST', '/units', { name: '城关镇', kind: 'town', code: '001', contactPhone: '0571-12345678' });
  const bureau = await admin.call<{ id: number }>('POST', '/units', { name: '文旅局', kind: 'department', code: '002' });
  await admin.call('POST', '/users', { username: 'dir_op_town', password: PASSWORD, role: 'operator', unitId: town.id });
  await admin.call('POST', '/users', { username: 'dir_op_bureau', password: PASSWORD, role: 'operator', unitId: bureau.id });
  await admin.call('POST', '/users', { username: 'dir_reviewer', password: PASSWORD, role: 'reviewer' });
  const opTown = await ApiClient.login(baseUrl, 'dir_op_town', PASSWORD);
  const opBureau = await ApiClient.login(baseUrl, 'dir_op_bureau', PASSWORD);
  const reviewer = await ApiClient.login(baseUrl, 'dir_reviewer', PASSWORD);

  const account = async (op: ApiClient, unitId: number, platform: string, name: string, homepageUrl: string, platformAccountId: string, steps: string[]) => {
    const { id } = await op.call<{ id: number }>('POST', '/accounts', {
      unitId,
      platform,
      name,
      homepageUrl,
      platformAccountId,
      operatorPhone: '13900001111',
      justification: '测试',
    });
    for (const action of steps) {
      const actor = action === 'approve' || action === 'deregister' ? reviewer : op;
      await actor.call('POST', `/accounts/${id}/transitions`, {
        action,
        ...(action === 'request_deregistration' ? { reason: '合并' } : {}),
        ...(action === 'open' ? { at: '2023-07-03T09:00:00.000Z' } : {}),
      });
    }
  };
  const live = ['approve', 'open'];
  await account(opTown, town.id, 'wechat', '城关发布', 'https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzIxNjAwMDAwMQ==#wechat_redirect', 'gh_chengguan01', live);
  await account(opTown, town.id, 'weibo', '城关微博', 'https://weibo.com/u/6000000001', '6000000001', live);
  await account(opBureau, bureau.id, 'douyin', '文旅抖音', 'https://www.douyin.com/user/MS4wLjABAAAAwenlv', 'wenlv-dy', live);
  await account(opBureau, bureau.id, 'toutiao', '文旅头条', 'https://www.toutiao.com/c/user/token/MS4wLjABAAAAwenlvtt/', 'wenlv-tt', live);
  await account(opBureau, bureau.id, 'weibo', '文旅申请中', 'https://weibo.com/u/6000000009', '6000000009', []);
  await account(opBureau, bureau.id, 'kuaishou', '文旅旧快手', 'https://www.kuaishou.com/profile/3xold', '3xold', [...live, 'request_deregistration', 'deregister']);

  browser = await launchBrowser();
  page = browser.page;
  page.on('request', (req) => requested.push(req.url()));
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
);

function step(name: string, fn: () => Promise<void>): void {
  it(name, async () => {
    if (!enabled) return; // reported once by chromiumAvailable()
    try {
      await fn();
    } catch (err) {
      await screenshot(page, `failure-directory-${name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 50)}`).catch(() => undefined);
      const body = await page
        .locator('body')
        .innerText()
        .catch(() => '(no page text)');
      console.error(`[browser tests] "${name}" failed at ${page.url()}\nfailed requests: ${browser!.failedRequests.join('; ') || 'none'}\npage text:\n${body.slice(0, 2000)}`);
      throw err;
    }
  });
}

const visibleAccounts = () => page.locator('li.account:visible .name').allInnerTexts();

/** Waits until `read()` gives `expected` (the list filters as one types). */
async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  expect(last).toEqual(expected);
}

async function verify(value: string, platformLabel?: string): Promise<string> {
  await page.locator('#verify-input').fill(value);
  await page.locator('#verify-platform').selectOption(platformLabel ? { label: platformLabel } : { index: 0 });
  await page.getByRole('button', { name: '核验', exact: true }).click();
  const result = page.locator('#verify-result');
  await result.filter({ hasNotText: '正在核验' }).locator('strong').waitFor();
  return result.innerText();
}

step('shows the directory without login on a desktop, grouped by unit and platform, with QR codes', async () => {
  await page.setViewportSize({ width: 1366, height: 900 });
  requested.length = 0;
  await page.goto(`${baseUrl}/directory`);
  await page.getByRole('heading', { name: '政务新媒体名录' }).waitFor();
  expect(await page.title()).toContain('政务新媒体名录');
  // Not the admin SPA (which would show a login page).
  expect(await page.locator('#root').count()).toBe(0);
  expect(await page.locator('section.unit > h2').allInnerTexts()).toEqual(['城关镇', '文旅局']);
  const town = page.locator('section.unit', { has: page.locator('h2', { hasText: '城关镇' }) });
  // Each platform heading: the platform's mark (a decorative SVG) and its name.
  const headings = await town
    .locator('.platform h3')
    .evaluateAll((hs) => hs.map((h) => ({ name: (h.lastChild?.textContent ?? '').trim(), mark: h.querySelector('svg.platform-icon text')?.textContent ?? null })));
  expect(headings).toEqual([
    { name: '微信公众号', mark: '公' },
    { name: '微博', mark: '微' },
  ]);
  expect((await visibleAccounts()).sort()).toEqual(['城关发布', '城关微博', '文旅头条', '文旅抖音'].sort());
  expect(await page.locator('figure.qr svg').count()).toBe(4);
  const text = await page.locator('body').innerText();
  for (const hidden of ['文旅申请中', '文旅旧快手', '13900001111', '0571-12345678']) expect(text).not.toContain(hidden);
  expect(await page.locator('#count').innerText()).toBe('共 4 个账号');
  const home = page.locator('li.account', { hasText: '城关微博' }).getByRole('link', { name: '访问账号主页' });
  expect(await home.getAttribute('href')).toBe('https://weibo.com/u/6000000001');
  // Side by side on a wide screen: a unit's WeChat and Weibo accounts share a row.
  const xs = await town.locator('li.account').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().x)));
  const ys = await town.locator('li.account').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().y)));
  expect(new Set(xs).size).toBe(2);
  expect(new Set(ys).size).toBe(1);
  expect(requested.every((url) => url.startsWith(baseUrl))).toBe(true);
  await screenshot(page, 'directory-desktop');
});

step('filters as the citizen types', async () => {
  await page.locator('#search-q').fill('文旅');
  await until(visibleAccounts, ['文旅抖音', '文旅头条']);
  expect(await page.locator('#count').innerText()).toBe('共 2 个账号');
  expect(await page.locator('section.unit:visible > h2').allInnerTexts()).toEqual(['文旅局']);
  await page.locator('#search-q').fill('gh_chengguan01');
  await until(visibleAccounts, ['城关发布']);
  await page.locator('#search-q').fill('没有这个账号');
  await page.locator('#no-match').waitFor();
  expect(await page.locator('#count').innerText()).toBe('共 0 个账号');
  await page.locator('#search-q').fill('');
  await until(async () => (await visibleAccounts()).length, 4);
});

step('verifies an account from any form of its link, and says when one is deregistered', async () => {
  expect(await verify('https://m.weibo.cn/profile/6000000001?luicode=10000011')).toContain('这是经登记的政务新媒体账号');
  expect(await page.locator('#verify-result').innerText()).toContain('城关微博');
  expect(await verify('mp.weixin.qq.com/mp/profile_ext?__biz=MzIxNjAwMDAwMQ%3D%3D&action=home')).toContain('城关发布');
  expect(await verify('gh_chengguan01', '按微信公众号账号ID')).toContain('这是经登记的政务新媒体账号');
  const gone = await verify('https://www.kuaishou.com/profile/3xold/');
  expect(gone).toContain('该账号已注销');
  expect(gone).toContain('文旅旧快手');
  expect(await verify('https://weibo.com/u/6000000009')).toContain('未找到');
  expect(await verify('javascript:alert(1)')).toContain('无法核验');
  expect(requested.every((url) => url.startsWith(baseUrl))).toBe(true);
});

step('works on a phone: one column, nothing wider than the screen', async () => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`${baseUrl}/directory`);
  await page.getByRole('heading', { name: '政务新媒体名录' }).waitFor();
  const boxes = await page.locator('li.account').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: Math.round(r.x), width: r.width })));
  const layout = {
    scrollWidth: (await page.evaluate('document.documentElement.scrollWidth')) as number,
    xs: boxes.map((b) => b.x),
    widths: boxes.map((b) => b.width),
  };
  expect(layout.scrollWidth).toBeLessThanOrEqual(375);
  expect(new Set(layout.xs).size).toBe(1);
  for (const width of layout.widths) expect(width).toBeGreaterThan(300);
  expect(await page.locator('figure.qr svg').first().isVisible()).toBe(true);
  expect(await verify('https://www.iesdouyin.com/share/user/MS4wLjABAAAAwenlv')).toContain('文旅抖音');
  await screenshot(page, 'directory-phone');
});
