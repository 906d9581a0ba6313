/**
 * 运行状态 in a real Chromium against the real server: a link check requested through the API,
 * then the admin opens the page from the menu and sees the queue table, the link-sweep schedule
 * and the finished run.
 */
import type { Page } from 'playwright-core';
import { ADMIN, ApiClient, chromiumAvailable, defineStep, ensureBuilt, launchBrowser, loginAs, screenshot, startServer, type RunningServer, useBrowserHooks } from './support';

jest.setTimeout(120_000);

const enabled = chromiumAvailable();

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let runId = 0;

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  server = await startServer({ BROWSER_SERVER_LOG: 'browser-server-system.log', LINK_SWEEP_CRON: '0 0 8 * * *', POLL_SCHEDULER: 'off', FINDINGS_SCHEDULER: 'off' });
  baseUrl = server.baseUrl;
  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  runId = (await admin.call<{ id: number }>('POST', '/link-checks', {})).id;
  browser = await launchBrowser();
  page = browser.page;
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
);

const step = defineStep(enabled, () => browser);

describe('运行状态 page in Chromium', () => {
  step('the admin opens 运行状态 and sees the queues, the schedule and the recent link check', async () => {
    await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
    await page.getByRole('menuitem', { name: /运行状态$/ }).click();
    const queues = page.getByTestId('system-queues');
    const linkCheckQueue = queues.locator('.ant-table-row[data-row-key="link-check-run"]');
    await linkCheckQueue.waitFor();
    expect((await linkCheckQueue.locator('td').first().innerText()).trim()).toBe('链接检测');
    const headers = (await queues.locator('thead th').allTextContents()).map((h) => h.trim());
    expect(headers).toEqual(['队列', '等待', '执行中', '失败']);
    await page.getByTestId('system-schedules').locator('.ant-table-row', { hasText: '链接巡检（定时）' }).waitFor();
    const run = page
      .getByTestId('system-runs')
      .locator('.ant-table-row', { hasText: '链接检测' })
      .filter({ hasText: String(runId) });
    await run.filter({ hasText: '已完成' }).waitFor();
    expect(await page.getByText('进程内').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: /刷\s*新/ }).click();
    const linkQueue = queues.locator('.ant-table-row[data-row-key="link-check-run"]');
    await linkQueue.waitFor();
    expect((await linkQueue.locator('td').first().innerText()).trim()).toBe('链接检测');
    await screenshot(page, '60-system-status');
  });
});
