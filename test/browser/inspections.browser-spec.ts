/**
 * 检查评分 in a real Chromium against the real server: a unit with two opened accounts, one
 * posting in late September 2023 and one silent since August. The admin creates a 2023Q3 round
 * in the dialog, evaluates it (one account fails 内容不更新), enters a manual item for the
 * other, finalizes with confirmation and downloads the 检查结果表. Then the 检查指标 tab: a refused
 * edit shows the server's message on the field, a saved one reaches a new round's frozen copy
 * (the first round keeps its own), and 运行状态 lists the evaluation run (检查评估).
 */
import ExcelJS from 'exceljs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  ApiClient,
  ARTIFACTS,
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
const UNIT = '检查街道';
const ACTIVE = '检查街道发布';
const SILENT = '检查街道服务';

const LEDGER_CSV = [
  '单位,平台,账号名称,账号ID,主页链接,开设时间,状态',
  `${UNIT},微信公众号,${ACTIVE},gh_jiancha1,https://mp.weixin.qq.com/jiancha1,2021-03-05,已开设`,
  `${UNIT},微博,${SILENT},jiancha2,https://weibo.com/jiancha2,2021-03-05,已开设`,
].join('\n');

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  server = await startServer({ BROWSER_SERVER_LOG: 'browser-server-inspections.log', LINK_SWEEP_CRON: 'off', POLL_SCHEDULER: 'off', FINDINGS_SCHEDULER: 'off' });
  baseUrl = server.baseUrl;
  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  await admin.call('POST', '/units', { name: UNIT, kind: 'town', code: '401' });
  await admin.upload('/accounts/import', 'ledger.csv', LEDGER_CSV);
  const accounts = await admin.call<{ items: { id: number; name: string }[] }>('GET', '/accounts?pageSize=50');
  const id = (name: string) => accounts.items.find((a) => a.name === name)!.id;
  await admin.upload(`/accounts/${id(ACTIVE)}/posts/import`, 'posts.csv', '标题,链接,发布时间,类型\n街道秋季防火宣传,https://mp.weixin.qq.com/s/j-1,2023-09-25 10:00,发布');
  await admin.upload(`/accounts/${id(SILENT)}/posts/import`, 'posts.csv', '标题,链接,发布时间,类型\n街道八月通知,https://weibo.com/jiancha2/1,2023-08-02 10:00,发布');
  browser = await launchBrowser();
  page = browser.page;
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
);

const step = defineStep(enabled, () => browser);

const row = (name: string) => page.locator('.ant-table-row', { hasText: name });

/** Creates a 2023Q3 round in the dialog of the 检查轮次 tab and waits for its page. */
async function createRound(roundNo: number): Promise<void> {
  await page.getByTestId('create-round').click();
  const dialog = await openedDialog(page);
  await formItemOf(page, '季度').locator('.ant-select').click();
  await page.keyboard.type('2023年第三季度');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '2023年第三季度' }).first().click();
  await dialog.getByRole('button', { name: /创\s*建/ }).click();
  await page.getByText(`2023年第三季度检查（第 ${roundNo} 轮）`).waitFor();
}

/** The round's frozen indicator set (collapsed at the foot of its page): the cells of one indicator's row. */
async function frozenRow(name: string): Promise<string[]> {
  const table = page.getByTestId('round-indicators');
  if (!(await table.isVisible())) await page.getByText('本轮检查指标').click();
  const cells = table.locator('.ant-table-row', { hasText: name }).locator('td');
  await cells.first().waitFor();
  return cells.allTextContents();
}

describe('inspections UI in Chromium', () => {
  step('the admin creates a 2023Q3 round in the dialog', async () => {
    await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
    await page.getByRole('menuitem', { name: /检查$/ }).click();
    await createRound(1);
    await row(ACTIVE).waitFor();
    expect(await row(SILENT).textContent()).toContain('待评分');
    await screenshot(page, '60-inspection-created');
  });

  step('evaluating shows scores, verdicts and the reason as Chinese labels', async () => {
    await page.getByTestId('evaluate').click();
    await row(SILENT).filter({ hasText: '不合格' }).waitFor();
    expect(await row(SILENT).textContent()).toContain('内容不更新（单项否决）');
    expect(await row(ACTIVE).textContent()).toContain('合格');
    expect(await page.getByText('50.0%').count()).toBeGreaterThan(0);
    await screenshot(page, '61-inspection-evaluated');
  });

  step('a manual item re-scores the account at once', async () => {
    await row(ACTIVE).getByRole('button', { name: '人工检查' }).click();
    const dialog = await openedDialog(page);
    const item = dialog.getByTestId('manual-slow_reply');
    await item.getByText('留言回复不及时').click();
    await item.getByLabel('留言回复不及时次数').fill('2');
    await item.getByLabel('留言回复不及时说明').fill('两条留言超期未回复');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('人工检查项已保存，得分已重新计算').waitFor();
    await row(ACTIVE).filter({ hasText: '留言回复不及时 2 处（扣 10 分）' }).waitFor();
    expect(await row(ACTIVE).textContent()).toContain('90');
  });

  step('finalizing asks first, then freezes the round', async () => {
    await page.getByTestId('finalize').click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /定\s*稿/ })
      .click();
    await page.getByText('已定稿，结果已冻结').waitFor();
    await page.locator('.ant-tag', { hasText: '已定稿' }).waitFor();
    expect(await page.getByTestId('evaluate').count()).toBe(0);
    await screenshot(page, '62-inspection-final');
  });

  step('the 检查结果表 downloads and opens as a workbook with a row per account', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('检查结果表-2023Q3.xlsx');
    const file = path.join(ARTIFACTS, 'inspection-2023Q3.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    expect(sheet.getCell(1, 1).value).toBe('2023年第三季度政务新媒体检查结果表');
    const names = [4, 5].map((r) => String(sheet.getCell(r, 4).value));
    expect(names.sort()).toEqual([ACTIVE, SILENT].sort());
  });

  step('the final round issues one rectification order per failed account, and never twice', async () => {
    const issue = async () => {
      await page.getByRole('button', { name: '按不合格账号下发整改' }).click();
      const dialog = page.locator('.ant-modal', { hasText: '按不合格账号下发整改通知' });
      await dialog.locator('.ant-picker input').fill('2099-12-31');
      // Enter confirms the date and submits the dialog's form (下发).
      await dialog.locator('.ant-picker input').press('Enter');
    };
    await issue();
    await page.getByText('新下发 1 条').waitFor();
    await page.locator('.ant-modal-confirm').getByRole('button').click();
    await page.locator('.ant-table-row', { hasText: SILENT }).waitFor();
    await page.goBack();
    await issue();
    await page.getByText('新下发 0 条，此前已下发 1 条（未重复下发）').waitFor();
  });

  step('检查指标: a cap below the points is refused with the server’s message on the field', async () => {
    // The notice of the step before is still open: closed first, as a person would.
    await page.locator('.ant-modal-confirm').getByRole('button').click();
    await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
    await page.getByRole('menuitem', { name: /检查$/ }).click();
    await page.getByRole('tab', { name: '检查指标' }).click();
    const editor = page.getByTestId('indicator-editor');
    await editor.getByLabel('一般错敏词分值').fill('5');
    await editor.getByLabel('一般错敏词上限').fill('3');
    await page.getByTestId('save-indicators').click();
    await editor.locator('.ant-form-item-explain-error', { hasText: '上限 3 不能小于分值 5' }).waitFor();
    await screenshot(page, '63-inspection-indicators-refused');
    // Nothing was saved: the set as served still says 2 and 20.
    const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
    const served = await admin.call<{ code: string; points: number; cap: number }[]>('GET', '/inspection-indicators');
    expect(served.find((i) => i.code === 'error_word')).toMatchObject({ points: 2, cap: 20 });
  });

  step('a saved edit reaches a new round’s frozen copy; the first round keeps its own', async () => {
    const editor = page.getByTestId('indicator-editor');
    await editor.getByLabel('一般错敏词上限').fill('30');
    await page.getByTestId('save-indicators').click();
    await page.getByText('检查指标已保存').waitFor();
    // The field's message went away with the correction (it fades out).
    await editor.locator('.ant-form-item-explain-error').first().waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: '检查轮次' }).click();
    await createRound(2);
    expect(await frozenRow('一般错敏词')).toEqual(expect.arrayContaining(['扣分', '自动', '5', '30']));
    await screenshot(page, '64-inspection-round-indicators');
    await page.goto(`${baseUrl}/inspections/1`);
    await page.getByText('2023年第三季度检查（第 1 轮）').waitFor();
    expect(await frozenRow('一般错敏词')).toEqual(expect.arrayContaining(['2', '20']));
  });

  step('运行状态 lists the evaluation run as 检查评估 with its state and progress', async () => {
    await page.getByRole('menuitem', { name: '运行状态' }).click();
    const run = page.getByTestId('system-runs').locator('.ant-table-row', { hasText: '检查评估' });
    await run.first().waitFor();
    const text = await run.first().textContent();
    expect(text).toContain('已完成');
    expect(text).toContain('2/2');
    expect(text).toContain('检查第 1 轮');
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/);
    await screenshot(page, '65-system-status-inspection-run');
  });
});
