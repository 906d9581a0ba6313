/**
 * Repost tasks, the quarterly compliance listing and findings in a real Chromium against the
 * real server. Two units with one opened account each; one account's posts (imported as CSV)
 * carry the task's source link and an error word. Steps run in order and share the data.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  ApiClient,
  ARTIFACTS,
  chromiumAvailable,
  defineStep,
  ensureBuilt,
  fillDatePicker,
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
const TASK_TITLE = '关于开展秋季安全生产大检查的通知';
const SOURCE_URL = 'https://www.gov.cn/zhengce/content/2023-09/01/content_90001.htm';
const EAST = { unit: '城东街道', account: '城东发布' };
const WEST = { unit: '城西街道', account: '城西发布' };

const LEDGER_CSV = [
  '单位,平台,账号名称,账号ID,主页链接,开设时间,状态',
  `${EAST.unit},微信公众号,${EAST.account},gh_chengdong,https://mp.weixin.qq.com/chengdong,2021-03-05,已开设`,
  `${WEST.unit},微信公众号,${WEST.account},gh_chengxi,https://mp.weixin.qq.com/chengxi,2021-03-05,已开设`,
].join('\n');

const POSTS_CSV = [
  '标题,链接,发布时间,类型,来源链接,来源',
  `转发：${TASK_TITLE},https://mp.weixin.qq.com/s/east-1,2023-09-02 10:00,转发,${SOURCE_URL},中国政府网`,
  '庆祝中华人民共合国成立74周年文艺汇演,https://mp.weixin.qq.com/s/east-2,2023-09-05 10:00,发布,,',
].join('\n');

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let eastAccountId = 0;
let eastUnitId = 0;
let westUnitId = 0;

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  server = await startServer({ BROWSER_SERVER_LOG: 'browser-server-tasks-findings.log', LINK_SWEEP_CRON: 'off', POLL_SCHEDULER: 'off' });
  baseUrl = server.baseUrl;

  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  const east = await admin.call<{ id: number }>('POST', '/units', { name: EAST.unit, kind: 'town', code: '201' });
  const west = await admin.call<{ id: number }>('POST', '/units', { name: WEST.unit, kind: 'town', code: '202' });
  eastUnitId = east.id;
  westUnitId = west.id;
  // Ledger import: accounts opened in 2021, so they owe the 2023 task.
  await admin.upload('/accounts/import', 'ledger.csv', LEDGER_CSV);
  const accounts = await admin.call<{ items: { id: number; name: string }[] }>('GET', '/accounts?pageSize=50');
  eastAccountId = accounts.items.find((a) => a.name === EAST.account)!.id;
  await admin.upload(`/accounts/${eastAccountId}/posts/import`, 'posts.csv', POSTS_CSV);

  browser = await launchBrowser();
  page = browser.page;
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
);

const step = defineStep(enabled, () => browser);

function unitRow(name: string) {
  return page.getByTestId('repost-compliance').locator('.ant-table-row', { hasText: name });
}

describe('repost tasks and findings UI in Chromium', () => {
  step('a reviewer creates a repost task and sees the compliance matrix', async () => {
    await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
    await page.getByRole('menuitem', { name: /转发任务$/ }).click();
    await page.getByTestId('repost-tasks').waitFor();
    await page.getByRole('button', { name: '新建任务' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('标题').fill(TASK_TITLE);
    await dialog.getByLabel('原文链接').fill(SOURCE_URL);
    await dialog.getByLabel('来源名称').fill('中国政府网');
    await fillDatePicker(page, '下达时间', '2023-09-01 09:00');
    await fillDatePicker(page, '截止时间', '2023-09-03 18:00');
    await dialog.getByRole('button', { name: '创建' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('heading', { name: TASK_TITLE }).waitFor();
    await unitRow(EAST.unit).getByTestId('repost-status').filter({ hasText: '按时完成' }).waitFor();
    await unitRow(WEST.unit).getByTestId('repost-status').filter({ hasText: '未完成' }).waitFor();
    const eastAccounts = page.getByTestId(`repost-accounts-${eastUnitId}`);
    expect(await eastAccounts.textContent()).toContain('匹配：来源');
    await screenshot(page, '20-repost-task-compliance');
  });

  step('the missing account is confirmed manually and turns 按时完成', async () => {
    const westAccount = page.getByTestId(`repost-accounts-${westUnitId}`).locator('.ant-table-row', { hasText: WEST.account });
    await westAccount.getByRole('button', { name: '人工确认' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('转发链接').fill('https://mp.weixin.qq.com/s/west-1');
    await fillDatePicker(page, '转发时间', '2023-09-02 15:30');
    await dialog.getByLabel('说明').fill('公众号后台截图已存档');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await unitRow(WEST.unit).getByTestId('repost-status').filter({ hasText: '按时完成' }).waitFor();
    expect(await page.getByTestId(`repost-accounts-${westUnitId}`).textContent()).toContain('匹配：人工');
    await page.getByTestId('repost-confirmations').locator('.ant-table-row', { hasText: 'west-1' }).filter({ hasText: '有效' }).waitFor();
    await screenshot(page, '21-repost-task-confirmed');
  });

  step('the quarterly listing is shown and downloads as XLSX', async () => {
    await page.goto(`${baseUrl}/repost-tasks?tab=report&quarter=2023Q3`);
    const report = page.getByTestId('repost-report');
    const east = report.locator('.ant-table-row', { hasText: EAST.unit });
    await east.waitFor();
    expect((await east.locator('td').allTextContents()).slice(1, 5).map((t) => t.trim())).toEqual(['1', '1', '0', '0']);
    await report.locator('.ant-table-row', { hasText: WEST.unit }).waitFor();
    await screenshot(page, '22-repost-quarter-report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('2023Q3转发任务完成情况.xlsx');
    const file = path.join(ARTIFACTS, 'repost-compliance-2023Q3.xlsx');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  step('立即扫描 finds the 错敏词 post; a reviewer accepts it with a reason', async () => {
    await page.getByRole('menuitem', { name: /风险发现$/ }).click();
    await page.getByTestId('findings').waitFor();
    await page.getByRole('button', { name: '立即扫描' }).click();
    await page.getByTestId('job-progress').filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    const row = page.getByTestId('findings').locator('.ant-table-row', { hasText: '错敏词' }).filter({ hasText: '中华人民共合国' });
    await row.waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    const evidence = page.getByTestId('finding-evidence').first();
    await evidence.getByTestId('evidence-word').filter({ hasText: '“中华人民共合国”应为“中华人民共和国”' }).waitFor();
    expect(await evidence.locator('a', { hasText: '文艺汇演' }).getAttribute('href')).toBe('https://mp.weixin.qq.com/s/east-2');
    await screenshot(page, '23-findings-scanned');

    await row.getByRole('button', { name: '接受' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByRole('button', { name: '接受' }).click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '请填写接受理由' }).waitFor();
    await dialog.getByLabel('接受理由').fill('历史稿件，已在原文更正');
    await dialog.getByRole('button', { name: '接受' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.waitFor({ state: 'detached' });

    await page.goto(`${baseUrl}/findings?status=accepted&kind=error_word`);
    await page.getByTestId('findings').locator('.ant-table-row', { hasText: '历史稿件，已在原文更正' }).filter({ hasText: '已接受' }).waitFor();
    await screenshot(page, '24-findings-accepted');
  });

  step('错敏词库 imports a sheet: a bad row is listed by number and nothing is added; the corrected sheet adds the word', async () => {
    await page.goto(`${baseUrl}/error-words`);
    await page.getByTestId('error-words').waitFor();
    const sheet = (rows: string[]) => ({ name: '词库.csv', mimeType: 'text/csv', buffer: Buffer.from(['错误写法,正确写法,类别', ...rows].join('\n')) });
    await page.locator('input[type=file]').setInputFiles(sheet(['安全生产大检察,安全生产大检查,常见易错词', '国务院办工厅,国务院办公厅,不存在的类别']));
    await page.getByText('未导入任何数据：共 1 处问题，请改正后重新上传').waitFor();
    const errors = page.getByTestId('import-errors');
    await errors.locator('.ant-table-row', { hasText: '第 3 行' }).filter({ hasText: '类别“不存在的类别”无效' }).waitFor();
    expect(await page.getByTestId('error-words').locator('.ant-table-row', { hasText: '安全生产大检察' }).count()).toBe(0);
    await screenshot(page, '26-error-words-import-refused');

    await page.locator('input[type=file]').setInputFiles(sheet(['安全生产大检察,安全生产大检查,常见易错词']));
    await page.getByText('导入完成：新增 1 条，更新 0 条').waitFor();
    await errors.waitFor({ state: 'detached' });
    await page.getByTestId('error-words').locator('.ant-table-row', { hasText: '安全生产大检察' }).filter({ hasText: '安全生产大检查' }).waitFor();
    await screenshot(page, '27-error-words-imported');
  });

  step('the account page lists its findings', async () => {
    await page.goto(`${baseUrl}/accounts/${eastAccountId}`);
    const card = page.getByTestId('account-findings');
    await card.locator('.ant-table-row', { hasText: '错敏词' }).filter({ hasText: '已接受' }).waitFor();
    await screenshot(page, '25-account-findings');
  });
});
