/**
 * Monitoring in a real Chromium against the real server: column links checked against a
 * local HTTP fixture (one page up, one 404), the link_broken alert, a feed source polled
 * into posts, quarterly post statistics, and an alert channel's test message to a local
 * webhook receiver. Steps run in order and share the data they create.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  ApiClient,
  chooseFormOption,
  chromiumAvailable,
  defineStep,
  ensureBuilt,
  formItemOf,
  launchBrowser,
  loginAs,
  openedDialog,
  screenshot,
  startFixture,
  startServer,
  type Fixture,
  type RunningServer,
  useBrowserHooks,
} from './support';

jest.setTimeout(120_000);

const enabled = chromiumAvailable();
const PASSWORD = 'Passw0rd!m';
const OPERATOR = 'op_monitor';
const ACCOUNT_NAME = '城南街道发布';

// Feed items in 2023Q3 (Beijing time): two posts and one repost.
const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>城南街道发布</title><link>https://example.gov.cn/</link><description>测试订阅源</description>
<item><guid>p-1</guid><title>城南街道秋季防火通知</title><link>https://example.gov.cn/a/1.html</link><pubDate>Tue, 15 Aug 2023 10:00:00 +0800</pubDate></item>
<item><guid>p-2</guid><title>城南街道社区活动预告</title><link>https://example.gov.cn/a/2.html</link><pubDate>Fri, 01 Sep 2023 09:30:00 +0800</pubDate></item>
<item><guid>p-3</guid><title>转载：国务院常务会议精神</title><link>https://example.gov.cn/a/3.html</link><pubDate>Mon, 25 Sep 2023 16:00:00 +0800</pubDate><source url="https://www.gov.cn/zhengce/1.htm">中国政府网</source></item>
</channel></rss>`;

let server: RunningServer | undefined;
let fixture: Fixture | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let accountId = '';

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  fixture = await startFixture({
    '/zwgk/': { body: '<html><head><title>政务公开</title></head><body><h1>政务公开</h1><ul><li>通知公告一</li><li>通知公告二</li></ul></body></html>' },
    '/feed.xml': { type: 'application/rss+xml; charset=utf-8', body: FEED },
    '/hook': { type: 'application/json', body: '{"ok":true}' },
  });
  server = await startServer({
    BROWSER_SERVER_LOG: 'browser-server-monitoring.log',
    LINK_CHECK_ALLOW_PRIVATE: 'true',
    SOURCE_ALLOW_PRIVATE: 'true',
    ALERT_ALLOW_PRIVATE: 'true',
    LINK_CHECK_CONFIRM_DELAY_MS: '300',
    LINK_SWEEP_CRON: 'off',
    POLL_SCHEDULER: 'off',
  });
  baseUrl = server.baseUrl;

  // Seed: a unit, its operator, and an opened account (applied by the operator, approved by admin).
  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  const unit = await admin.call<{ id: number }>('POST', '/units', { name: '城南街道', kind: 'town', code: '101' });
  await admin.call('POST', '/users', { username: OPERATOR, password: PASSWORD, role: 'operator', unitId: unit.id });
  const operator = await ApiClient.login(baseUrl, OPERATOR, PASSWORD);
  const account = await operator.call<{ id: number }>('POST', '/accounts', { unitId: unit.id, platform: 'wechat', name: ACCOUNT_NAME });
  accountId = String(account.id);
  await admin.call('POST', `/accounts/${accountId}/transitions`, { action: 'approve' });
  await operator.call('POST', `/accounts/${accountId}/transitions`, { action: 'open', platformAccountId: 'gh_chengnan', homepageUrl: 'https://mp.weixin.qq.com/chengnan' });

  browser = await launchBrowser();
  page = browser.page;
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
  () => fixture?.close(),
);

const step = defineStep(enabled, () => browser);

async function openAccount(): Promise<void> {
  await page.goto(`${baseUrl}/accounts/${accountId}`);
  await page.getByRole('heading', { name: ACCOUNT_NAME }).waitFor();
}

describe('monitoring UI in Chromium', () => {
  step('columns are added on the account page; a bad URL is shown on its field', async () => {
    await loginAs(page, baseUrl, OPERATOR, PASSWORD);
    await openAccount();
    const card = page.getByTestId('account-columns');

    await card.getByRole('button', { name: '添加栏目' }).click();
    let dialog = await openedDialog(page);
    await dialog.getByLabel('栏目名称').fill('政务公开');
    await dialog.getByLabel('栏目链接').fill('不是网址');
    await dialog.getByRole('button', { name: '保存' }).click();
    await formItemOf(page, '栏目链接').locator('.ant-form-item-explain-error').waitFor();
    await dialog.getByLabel('栏目链接').fill(`${fixture!.origin}/zwgk/`);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.locator('.ant-table-row', { hasText: '政务公开' }).waitFor();

    await card.getByRole('button', { name: '添加栏目' }).click();
    dialog = await openedDialog(page);
    await dialog.getByLabel('栏目名称').fill('办事指南');
    await dialog.getByLabel('栏目链接').fill(`${fixture!.origin}/missing/`);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.locator('.ant-table-row', { hasText: '办事指南' }).filter({ hasText: '未检查' }).waitFor();
  });

  step('立即检查 shows progress, then 正常 and 失效', async () => {
    const card = page.getByTestId('account-columns');
    await card.getByRole('button', { name: '立即检查' }).click();
    await card.getByTestId('job-progress').waitFor();
    await card.getByTestId('job-progress').filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    await card.locator('.ant-table-row', { hasText: '政务公开' }).getByTestId('health-tag').filter({ hasText: '正常' }).waitFor();
    const broken = card.locator('.ant-table-row', { hasText: '办事指南' });
    await broken.getByTestId('health-tag').filter({ hasText: '失效' }).waitFor();
    expect(await broken.textContent()).toContain('404');
    expect(await card.getByTestId('link-check-counters').textContent()).toMatch(/正常 1.*失效 1/);
    await screenshot(page, '10-account-columns-checked');

    // The history drawer shows the first check and its confirmation.
    await broken.getByRole('button', { name: '检查记录' }).click();
    const checks = page.getByTestId('column-checks');
    await checks.locator('.ant-table-row').nth(1).waitFor();
    expect(await checks.textContent()).toContain('复核');
    await page.keyboard.press('Escape');
  });

  step('栏目链接 lists the columns with filters in the URL', async () => {
    await page.getByRole('menuitem', { name: /栏目链接$/ }).click();
    await page.locator('.ant-table-row', { hasText: '政务公开' }).waitFor();
    await page.locator('.ant-table-row', { hasText: '办事指南' }).waitFor();
    await screenshot(page, '11-columns');
    await page.goto(`${baseUrl}/columns?health=broken`);
    await page.locator('.ant-table-row', { hasText: '办事指南' }).waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(1);
    await page.getByTestId('health-filter').locator('.ant-segmented-item-selected', { hasText: '失效 1' }).waitFor();
  });

  step('告警 shows the link_broken alert', async () => {
    await page.getByRole('menuitem', { name: /告警$/ }).click();
    const row = page.locator('.ant-table-row', { hasText: '栏目链接失效' });
    await row.waitFor();
    expect(await row.textContent()).toContain('办事指南');
    await screenshot(page, '12-alerts');
    await page.getByRole('tab', { name: '已恢复' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'resolved');
    await page.getByText('没有已恢复的告警').waitFor();
  });

  step('a feed source is set and polled; posts are listed and filtered by 转发', async () => {
    await openAccount();
    const sourceCard = page.getByTestId('account-source');
    await sourceCard.getByRole('button', { name: '设置采集来源' }).click();
    const dialog = await openedDialog(page);
    await chooseFormOption(page, '采集方式', '订阅源');
    await dialog.getByLabel('订阅地址').fill(`${fixture!.origin}/feed.xml`);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await sourceCard.getByText('尚未采集').waitFor();

    await sourceCard.getByRole('button', { name: '立即采集' }).click();
    await sourceCard.getByTestId('job-progress').filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    expect(await sourceCard.getByTestId('poll-counters').textContent()).toContain('新增 3 条');

    const posts = page.getByTestId('account-posts');
    await posts.locator('.ant-table-row', { hasText: '城南街道秋季防火通知' }).waitFor();
    expect(await posts.locator('.ant-table-row').count()).toBe(3);
    await screenshot(page, '13-account-source-posts');

    await posts.locator('.ant-segmented-item', { hasText: '转发' }).click();
    await page.waitForURL((url) => url.searchParams.get('isRepost') === 'true');
    await posts.locator('.ant-table-row', { hasText: '防火通知' }).waitFor({ state: 'detached' });
    await posts.locator('.ant-table-row').filter({ hasText: '中国政府网' }).waitFor();
    expect(await posts.locator('.ant-table-row').count()).toBe(1);
    await screenshot(page, '14-account-posts-reposts');
  });

  step('手工导入 shows the rows that are wrong', async () => {
    const posts = page.getByTestId('account-posts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnm-posts-'));
    const file = path.join(dir, 'posts.csv');
    fs.writeFileSync(file, '标题,发布时间\n有时间的文章,2023-08-20 10:00\n没有时间的文章,\n');
    await posts.locator('input[type=file]').setInputFiles(file);
    const errors = page.getByTestId('post-import-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('第 3 行');
    expect(await errors.textContent()).not.toContain('第 2 行');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  step('发布统计 shows the quarter of the feed items with totals', async () => {
    await page.getByRole('menuitem', { name: /发布统计$/ }).click();
    await page.getByTestId('post-stats').waitFor();
    await page.locator('.ant-select', { hasText: '季度' }).first().click();
    await page.keyboard.type('2023Q3');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '2023Q3' }).first().click();
    await page.waitForURL((url) => url.searchParams.get('quarter') === '2023Q3');
    const totals = page.getByTestId('post-stats-totals');
    await page.locator('.ant-table-row', { hasText: '城南街道' }).waitFor();
    expect((await totals.locator('td').allTextContents()).map((t) => t.trim())).toEqual(['合计', '2', '1', '3']);
    await screenshot(page, '15-post-stats');
  });

  step('an admin adds a webhook channel and its test message arrives', async () => {
    await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
    await page.getByRole('menuitem', { name: /通知渠道$/ }).click();
    await page.getByRole('button', { name: '新建渠道' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('名称').fill('值班群 Webhook');
    await dialog.getByLabel('地址').fill(`${fixture!.origin}/hook`);
    await dialog.getByLabel('签名密钥').fill('s3cret-key');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('.ant-table-row', { hasText: '值班群 Webhook' });
    await row.filter({ hasText: '已设置' }).waitFor();

    await row.getByRole('button', { name: '发送测试消息' }).click();
    await page.locator('.ant-message-notice', { hasText: '测试消息已发送' }).waitFor();
    const deliveries = page.getByTestId('channel-deliveries');
    await deliveries.locator('.ant-table-row', { hasText: '测试消息' }).filter({ hasText: '发送成功' }).waitFor();
    expect(fixture!.requests.some((r) => r.method === 'POST' && r.path === '/hook')).toBe(true);
    await screenshot(page, '16-alert-channels');
  });
});
