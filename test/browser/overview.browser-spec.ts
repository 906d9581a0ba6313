/**
 * 总览 in a real Chromium against the real server: six units with opened accounts on two
 * platforms, posts of the current quarter, a default target, columns whose links a local fixture
 * answers with 404 (checked now, so broken this week, each raising a link_broken alert) and one
 * rectification order. The four charts draw what the API says, the header's bell counts what the
 * alerts and rectification endpoints count, and the alerts page — a unit name on every row —
 * asks for the units list once.
 */
import type { Page, Request } from 'playwright-core';
import {
  ADMIN,
  ApiClient,
  chromiumAvailable,
  defineStep,
  ensureBuilt,
  launchBrowser,
  loginAs,
  screenshot,
  startFixture,
  startServer,
  type Fixture,
  type RunningServer,
  useBrowserHooks,
} from './support';

jest.setTimeout(180_000);

const enabled = chromiumAvailable();
const UNITS = ['东城街道', '西城街道', '南湖镇', '北山镇', '中和乡', '新区管委会'];
const HOUR = 3_600_000;

/** `YYYY-MM-DD HH:mm` in Beijing time, as the posts import reads it. */
function beijing(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
}

/** The current quarter in Beijing time, as the API writes it. */
function currentQuarter(): string {
  const now = new Date(Date.now() + 8 * HOUR);
  return `${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

interface ChartsView {
  units: { unitName: string; posts: number; targetPosts: number | null }[];
  weeks: { posts: number; brokenColumns: number }[];
  platforms: { platform: string; openAccounts: number }[];
}

let server: RunningServer | undefined;
let fixture: Fixture | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let admin: ApiClient;

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  fixture = await startFixture({ '/ok/': { body: '<html><head><title>政务公开</title></head><body><h1>政务公开</h1><p>通知公告</p></body></html>' } });
  server = await startServer({
    BROWSER_SERVER_LOG: 'browser-server-overview.log',
    LINK_CHECK_ALLOW_PRIVATE: 'true',
    LINK_CHECK_CONFIRM_DELAY_MS: '300',
    LINK_SWEEP_CRON: 'off',
    POLL_SCHEDULER: 'off',
    FINDINGS_SCHEDULER: 'off',
  });
  baseUrl = server.baseUrl;
  admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);

  const unitIds: number[] = [];
  for (const [i, name] of UNITS.entries()) unitIds.push((await admin.call<{ id: number }>('POST', '/units', { name, kind: 'town', code: `5${i}` })).id);
  const ledger = ['单位,平台,账号名称,账号ID,主页链接,开设时间,状态'];
  UNITS.forEach((name, i) => ledger.push(`${name},${i % 2 ? '微博' : '微信公众号'},${name}发布,acct_${i},https://example.gov.cn/home/${i},2021-03-05,已开设`));
  await admin.upload('/accounts/import', 'ledger.csv', ledger.join('\n'));
  const accounts = await admin.call<{ items: { id: number; name: string }[] }>('GET', '/accounts?pageSize=50');

  // Posts an hour or two ago: in the current quarter (and its running week) whatever the date.
  const now = Date.now();
  for (const [i, account] of accounts.items.entries()) {
    const rows = ['标题,链接,发布时间,类型,来源链接'];
    for (let n = 0; n <= i % 3; n++) rows.push(`${account.name}动态${n},https://example.gov.cn/p/${account.id}/${n},${beijing(now - (n + 1) * HOUR)},发布,`);
    await admin.upload(`/accounts/${account.id}/posts/import`, 'posts.csv', rows.join('\n'));
  }
  await admin.call('PUT', '/targets', { quarter: currentQuarter(), posts: 2, reposts: 0 });

  // A column per account whose link answers 404: checked now, broken, one link_broken alert each.
  const columnIds: number[] = [];
  for (const account of accounts.items) {
    columnIds.push((await admin.call<{ id: number }>('POST', `/accounts/${account.id}/columns`, { name: '办事指南', url: `${fixture.origin}/missing/${account.id}/` })).id);
  }
  const run = await admin.call<{ id: number }>('POST', '/link-checks', { columnIds });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await admin.call<{ status: string }>('GET', `/link-checks/${run.id}`);
    const alerts = await admin.call<{ total: number }>('GET', '/alerts?status=open&kind=link_broken&pageSize=1');
    if (status.status !== 'running' && status.status !== 'queued' && alerts.total >= UNITS.length) break;
    if (Date.now() > deadline) throw new Error(`link check ${run.id}: ${status.status}, ${alerts.total} alerts`);
    await new Promise((r) => setTimeout(r, 300));
  }
  await admin.call('POST', '/rectifications', {
    unitId: unitIds[0],
    title: '栏目链接失效',
    problem: '“办事指南”栏目无法访问，请于期限内修复。',
    dueAt: new Date(now + 30 * 24 * HOUR).toISOString(),
  });

  browser = await launchBrowser();
  page = browser.page;
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
  () => fixture?.close(),
);

const step = defineStep(enabled, () => browser);

describe('总览 charts, notification badge and shared unit names in Chromium', () => {
  step('the four charts draw the quarter as the API reports it', async () => {
    const api = await admin.call<ChartsView>('GET', `/reports/overview-charts?quarter=${currentQuarter()}`);
    // The seed is what the charts should show: every unit, posts this week, two platforms, broken columns.
    expect(api.units.map((u) => u.unitName).sort()).toEqual([...UNITS].sort());
    expect(api.weeks.reduce((n, w) => n + w.posts, 0)).toBe(12);
    expect(api.weeks.at(-1)!.brokenColumns).toBe(UNITS.length);
    expect(api.platforms.map((p) => p.openAccounts)).toEqual([3, 3]);

    await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
    for (const [testId, title] of [
      ['chart-unit-posts', '各单位发布数与发布任务'],
      ['chart-weekly', '按周发布趋势'],
      ['chart-platforms', '平台占比'],
      ['chart-broken', '失效栏目趋势（按周）'],
    ]) {
      const card = page.getByTestId(testId);
      await card.getByText(title, { exact: true }).waitFor();
      // Drawn (an SVG with filled shapes: bars, line areas, pie sectors), not an Empty state.
      await card.locator('svg').waitFor();
      await card.locator('svg path[fill]:not([fill="none"])').first().waitFor({ state: 'attached' });
      expect(await card.locator('.ant-empty').count()).toBe(0);
    }
    // The unit chart names every unit on its axis; the pie names the platforms in Chinese.
    const unitChart = await page.getByTestId('chart-unit-posts').locator('svg').textContent();
    for (const name of UNITS) expect(unitChart).toContain(name);
    const pie = await page.getByTestId('chart-platforms').locator('svg').textContent();
    expect(pie).toContain('微信公众号');
    expect(pie).toContain('微博');
    expect(pie).not.toMatch(/wechat|weibo/);
    await screenshot(page, '60-overview-charts');
  });

  step('a quarter without posts or link checks shows Empty states, not empty axes', async () => {
    const [year, q] = currentQuarter().split('Q').map(Number);
    const previous = q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
    await page.goto(`${baseUrl}/?quarter=${previous}`);
    await page.getByTestId('chart-weekly').getByText('本季度暂无发布数据').waitFor();
    await page.getByTestId('chart-broken').getByText('本季度各周均无失效栏目').waitFor();
    // The units are there (with nothing posted), and the accounts opened in 2021 were open then.
    await page.getByTestId('chart-unit-posts').locator('svg').waitFor();
    await page.getByTestId('chart-platforms').locator('svg').waitFor();
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('chart-weekly').locator('svg').waitFor();
  });

  step('the bell counts the open alerts and open rectification orders the API counts', async () => {
    const alerts = await admin.call<{ total: number }>('GET', '/alerts?status=open&pageSize=1');
    const orders = await admin.call<{ issued: number; responded: number }>('GET', '/rectifications/summary');
    const expected = alerts.total + orders.issued + orders.responded;
    // The link_broken alerts of the seed (among any others the server raised) and the one order.
    expect(alerts.total).toBeGreaterThanOrEqual(UNITS.length);
    expect(orders.issued + orders.responded).toBe(1);
    const badge = page.getByTestId('notification-badge');
    await page.locator(`[data-testid="notification-badge"][data-count="${expected}"]`).waitFor();
    expect(await badge.locator('.ant-badge-count').getAttribute('title')).toBe(String(expected));
    await badge.click();
    await page
      .getByTestId('notification-alerts')
      .filter({ hasText: `未恢复告警 ${alerts.total} 条` })
      .waitFor();
    await page
      .getByTestId('notification-rectifications')
      .filter({ hasText: `未办结整改 ${orders.issued + orders.responded} 条` })
      .waitFor();
    await page.getByTestId('notification-rectifications').click();
    await page.waitForURL(/\/rectifications$/);
  });

  step('the alerts page shows a unit name on every row with a single units request', async () => {
    const unitRequests: string[] = [];
    const count = (request: Request) => {
      const { pathname } = new URL(request.url());
      if (/^\/api\/units(\/|$)/.test(pathname)) unitRequests.push(request.url());
    };
    // A fresh page load, so no units list is cached from before.
    page.on('request', count);
    try {
      await page.goto(`${baseUrl}/alerts`);
      for (const name of UNITS) await page.locator('.ant-table-row', { hasText: name }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(unitRequests).toHaveLength(1);
      expect(unitRequests[0]).toMatch(/\/api\/units\?/);
    } finally {
      page.off('request', count);
    }
    await screenshot(page, '61-alerts-unit-names');
  });

  step('the units page shows 账号数 as a number', async () => {
    await page.goto(`${baseUrl}/units`);
    const row = page.locator('.ant-table-row', { hasText: UNITS[0] });
    await row.getByTestId('unit-account-count').filter({ hasText: /^1$/ }).waitFor();
  });
});
