/**
 * 定期核查 in a real Chromium against the real server: an operator confirms and corrects an
 * overdue account from the 待核查 list; the office filters the list through the URL, sees the
 * contact history on the account page, and sees the handover flag after disabling an operator.
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
const UNIT = '东湖镇';
const OLD = '东湖发布';
const NEW = '东湖文旅';
const OPERATOR = { username: 'donghu_op', password: 'Password#1', displayName: '李信息' };

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let unitId = 0;
let oldAccountId = 0;
let operatorId = 0;

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  server = await startServer({
    BROWSER_SERVER_LOG: 'browser-server-recertify.log',
    LINK_SWEEP_CRON: 'off',
    POLL_SCHEDULER: 'off',
    FINDINGS_SCHEDULER: 'off',
    RECERTIFY_SCHEDULER: 'off',
    // The cycle counts from long before the test accounts opened, so the old one is overdue.
    RECERTIFY_START_DATE: '2000-01-01',
  });
  baseUrl = server.baseUrl;
  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  unitId = (await admin.call<{ id: number }>('POST', '/units', { name: UNIT, kind: 'town', code: '301' })).id;
  operatorId = (await admin.call<{ id: number }>('POST', '/users', { ...OPERATOR, role: 'operator', unitId })).id;
  // One account opened in 2021 (long overdue), one opened ten days ago and run by the operator user.
  await admin.upload(
    '/accounts/import',
    'ledger.csv',
    [
      '单位,平台,账号名称,账号ID,主页链接,开设时间,负责人,联系电话,状态,多账号理由',
      `${UNIT},微信公众号,${OLD},gh_donghu,https://mp.weixin.qq.com/donghu,2021-03-05,张三,0917-1111111,已开设,`,
      `${UNIT},微信公众号,${NEW},gh_donghu_wl,https://mp.weixin.qq.com/donghuwl,${daysAgo(10)},${OPERATOR.displayName},0917-9999999,已开设,文旅宣传专用`,
    ].join('\n'),
  );
  const accounts = await admin.call<{ items: { id: number; name: string }[] }>('GET', '/accounts?pageSize=50');
  oldAccountId = accounts.items.find((a) => a.name === OLD)!.id;
  browser = await launchBrowser();
  page = browser.page;
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
);

const step = defineStep(enabled, () => browser);
const row = (name: string) => page.getByTestId('recertifications').locator('.ant-table-row', { hasText: name });

describe('re-certification UI in Chromium', () => {
  step('an operator sees the overdue account in 待核查 and confirms it with corrections', async () => {
    await loginAs(page, baseUrl, OPERATOR.username, OPERATOR.password);
    await page.getByRole('menuitem', { name: /待核查$/ }).click();
    await row(OLD).getByTestId('recert-status').filter({ hasText: '已逾期' }).waitFor();
    // The account opened ten days ago is not due yet: not in the default (pending) list.
    expect(await row(NEW).count()).toBe(0);
    await screenshot(page, '40-recertify-pending');

    await row(OLD).getByRole('button', { name: '核查' }).click();
    const dialog = await openedDialog(page);
    await formItemOf(page, '认证主体').locator('input').fill('东湖镇人民政府');
    await formItemOf(page, '负责人电话').locator('input').fill('0917-2222222');
    await dialog.getByRole('button', { name: '添加栏目' }).click();
    await dialog.getByLabel('栏目名称').last().fill('政务公开');
    await dialog.getByLabel('栏目链接').last().fill('https://www.donghu.gov.cn/zwgk/');
    await screenshot(page, '41-recertify-form');
    await dialog.getByRole('button', { name: '确认核查' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('没有待核查的账号').waitFor();
  });

  step('the office filters through the URL and reads the contact history on the account page', async () => {
    await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
    await page.goto(`${baseUrl}/recertifications?status=all&unitId=${unitId}`);
    await row(OLD).getByTestId('recert-status').filter({ hasText: '未到期' }).waitFor();
    expect(await row(OLD).textContent()).toContain(OPERATOR.username);
    await row(NEW).waitFor();
    await page.goto(`${baseUrl}/recertifications?status=overdue`);
    await page.getByText('没有符合条件的账号').waitFor();

    await page.goto(`${baseUrl}/accounts/${oldAccountId}`);
    const card = page.getByTestId('account-recert');
    await card.getByText('东湖镇人民政府').waitFor();
    const history = card.getByTestId('contact-history').locator('.ant-table-row');
    await history.nth(1).waitFor();
    expect(await history.count()).toBe(2);
    expect(await history.nth(0).textContent()).toMatch(/0917-2222222.*至今.*定期核查/);
    expect(await history.nth(1).textContent()).toMatch(/张三.*0917-1111111.*登记时/);
    await page.getByTestId('history-entry').filter({ hasText: '定期核查' }).first().waitFor();
    await screenshot(page, '42-account-contact-history');
  });

  step('after the operator is disabled, the office sees the account awaiting handover', async () => {
    const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
    await admin.call('PATCH', `/users/${operatorId}`, { disabled: true });
    await page.goto(`${baseUrl}/recertifications?status=all&handover=true`);
    await row(NEW)
      .getByTestId('handover-tag')
      .filter({ hasText: `负责人已停用：${OPERATOR.displayName}` })
      .waitFor();
    expect(await row(OLD).count()).toBe(0);
    await screenshot(page, '43-recertify-handover');
  });
});
