/**
 * 整改 in a real Chromium against the real server: an operator answers an order, a reviewer
 * returns it with a note, the operator answers again, the reviewer accepts; the list shows it
 * closed (and the timeline holds every step).
 */
import type { Page } from 'playwright-core';
import {
  ADMIN,
  ApiClient,
  chromiumAvailable,
  defineStep,
  ensureBuilt,
  formItemOf,
  launchBrowser,
  loginAs,
  openedDialog,
  screenshot,
  startServer,
  type RunningServer,
  useBrowserHooks,
} from './support';

jest.setTimeout(120_000);

const enabled = chromiumAvailable();
const UNIT = '西河镇';
const TITLE = '西河发布长期未更新';
const OPERATOR = { username: 'xihe_op', password: 'Password#1', displayName: '王信息' };
const REVIEWER = { username: 'xihe_reviewer', password: 'Password#1', displayName: '赵审核' };

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let orderId = 0;

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  server = await startServer({
    BROWSER_SERVER_LOG: 'browser-server-rectify.log',
    LINK_SWEEP_CRON: 'off',
    POLL_SCHEDULER: 'off',
    FINDINGS_SCHEDULER: 'off',
    RECTIFICATION_SCHEDULER: 'off',
  });
  baseUrl = server.baseUrl;
  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  const unitId = (await admin.call<{ id: number }>('POST', '/units', { name: UNIT, kind: 'town', code: '401' })).id;
  await admin.call('POST', '/users', { ...OPERATOR, role: 'operator', unitId });
  await admin.call('POST', '/users', { ...REVIEWER, role: 'reviewer' });
  const dueAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
  orderId = (await admin.call<{ id: number }>('POST', '/rectifications', { unitId, title: TITLE, problem: '“西河发布”7 月以来未发布信息', dueAt })).id;
  browser = await launchBrowser();
  page = browser.page;
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
);

const step = defineStep(enabled, () => browser);
const row = () => page.getByTestId('rectifications').locator('.ant-table-row', { hasText: TITLE });

async function answer(text: string): Promise<void> {
  await page.getByRole('button', { name: '反馈整改情况' }).click();
  const dialog = await openedDialog(page);
  await formItemOf(page, '整改情况').locator('textarea').fill(text);
  await dialog.getByRole('button', { name: '提交' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('rectification-detail').getByText('待核验').waitFor();
}

async function verify(result: '通过（办结）' | '退回重改', note: string): Promise<void> {
  await page.getByRole('button', { name: '核验' }).click();
  const dialog = await openedDialog(page);
  await dialog.getByText(result).click();
  await formItemOf(page, '核验意见').locator('textarea').fill(note);
  await dialog.getByRole('button', { name: '提交' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('rectification UI in Chromium', () => {
  step('the operator finds the order in 我的整改 and answers it', async () => {
    await loginAs(page, baseUrl, OPERATOR.username, OPERATOR.password);
    await page.getByRole('menuitem', { name: /整改$/ }).click();
    await page.getByRole('heading', { name: '我的整改' }).waitFor();
    await row().getByText('待整改').waitFor();
    await screenshot(page, '60-rectify-mine');
    await row().getByRole('link', { name: TITLE }).click();
    await answer('已恢复更新，每周发布 3 条以上');
    await screenshot(page, '61-rectify-answered');
  });

  step('a reviewer returns it with a note', async () => {
    await loginAs(page, baseUrl, REVIEWER.username, REVIEWER.password);
    await page.goto(`${baseUrl}/rectifications/${orderId}`);
    await verify('退回重改', '请补充发布截图');
    await page.getByTestId('rectification-detail').getByText('待整改').waitFor();
    await page.getByTestId('rectification-timeline').getByText('请补充发布截图').waitFor();
  });

  step('the operator answers again', async () => {
    await loginAs(page, baseUrl, OPERATOR.username, OPERATOR.password);
    await page.goto(`${baseUrl}/rectifications/${orderId}`);
    await page.getByTestId('rectification-detail').getByText('请补充发布截图').waitFor();
    await answer('已补充截图,见佐证');
  });

  step('the reviewer accepts; the list shows it closed', async () => {
    await loginAs(page, baseUrl, REVIEWER.username, REVIEWER.password);
    await page.goto(`${baseUrl}/rectifications/${orderId}`);
    await verify('通过（办结）', '复查通过');
    await page.getByTestId('rectification-detail').getByText('已办结').waitFor();
    const timeline = page.getByTestId('rectification-timeline');
    for (const label of ['下发', '退回重改', '核验通过']) await timeline.getByText(label, { exact: true }).first().waitFor();
    expect(await timeline.getByTestId('timeline-entry').count()).toBe(5);
    await screenshot(page, '62-rectify-timeline');
    await page.goto(`${baseUrl}/rectifications`);
    await row().getByText('已办结').waitFor();
    await screenshot(page, '63-rectify-list-closed');
  });
});
