/**
 * The admin UI in a real Chromium against the real server: the account lifecycle from
 * application to deregistration with maker-checker review, unit scoping, field errors
 * and ledger import. Steps run in order and share the data they create.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  ApiClient,
  chromiumAvailable,
  ensureBuilt,
  launchBrowser,
  screenshot,
  startServer,
  type RunningServer,
} from './support';

const PASSWORD = 'Passw0rd!x';
const OPERATOR = 'op_chengguan';
const OTHER_OPERATOR = 'op_wenlv';
const REVIEWER = 'rev_office';
const ACCOUNT_NAME = '城关镇发布';
const OTHER_ACCOUNT_NAME = '文旅局视界';

const enabled = chromiumAvailable();

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let accountId = '';
let otherAccountId = '';

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  server = await startServer();
  baseUrl = server.baseUrl;

  // Seed: two units, their operators, a reviewer, and an account of the other unit.
  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  const town = await admin.call<{ id: number }>('POST', '/units', { name: '城关镇', kind: 'town', code: '001' });
  const bureau = await admin.call<{ id: number }>('POST', '/units', { name: '文旅局', kind: 'department', code: '002' });
  await admin.call('POST', '/units', { name: '高新区管委会', kind: 'committee', code: '003' });
  await admin.call('POST', '/users', { username: OPERATOR, password: PASSWORD, role: 'operator', unitId: town.id });
  await admin.call('POST', '/users', { username: OTHER_OPERATOR, password: PASSWORD, role: 'operator', unitId: bureau.id });
  await admin.call('POST', '/users', { username: REVIEWER, password: PASSWORD, role: 'reviewer' });
  const other = await ApiClient.login(baseUrl, OTHER_OPERATOR, PASSWORD);
  const otherAccount = await other.call<{ id: number }>('POST', '/accounts', { unitId: bureau.id, platform: 'douyin', name: OTHER_ACCOUNT_NAME });
  otherAccountId = String(otherAccount.id);

  browser = await launchBrowser();
  page = browser.page;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(() => {
  // An uncaught exception in the page is a bug even when the step passed.
  if (browser && browser.pageErrors.length > 0) {
    const errors = browser.pageErrors.splice(0);
    throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
  }
});

async function login(username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.evaluate('localStorage.clear()');
  await page.goto(`${baseUrl}/login`);
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('current-user').filter({ hasText: username }).waitFor();
}

/** The form item whose label is `label`, for checking the error shown beside the field. */
function formItem(label: string) {
  return page.locator('.ant-form-item').filter({ has: page.locator(`label:text-is("${label}")`) });
}

async function chooseOption(label: string, option: string): Promise<void> {
  await formItem(label).locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

async function openAccount(id: string): Promise<void> {
  await page.goto(`${baseUrl}/accounts/${id}`);
  await page.getByRole('heading', { name: ACCOUNT_NAME }).waitFor();
}

/** Clicks a lifecycle button, fills its form and confirms; waits for the new state. */
async function transition(action: string, fill: Record<string, string>, expectedState: string): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const [label, value] of Object.entries(fill)) await dialog.getByLabel(label).fill(value);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await stateTag(expectedState).waitFor();
}

function stateTag(state: string) {
  return page.locator('h3 .ant-tag', { hasText: state });
}

function guard(): boolean {
  if (!enabled) console.warn('[browser tests] step passed over: Chromium is not installed.');
  return enabled;
}

describe('admin UI in Chromium', () => {
  it('an operator applies; a field error from the server appears next to its field', async () => {
    if (!guard()) return;
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('button', { name: '登录' }).waitFor();
    await screenshot(page, '01-login');

    await login(OPERATOR, PASSWORD);
    await page.getByRole('menuitem', { name: '账号' }).click();
    await page.getByRole('button', { name: '新建申请' }).click();
    await page.getByRole('heading', { name: '新建账号申请' }).waitFor();

    await chooseOption('平台', '微信公众号');
    await page.getByLabel('账号名称').fill(ACCOUNT_NAME);
    await page.getByLabel('主页链接').fill('不是网址');
    await page.getByLabel('负责人', { exact: true }).fill('张三');
    await page.getByRole('button', { name: '提交申请' }).click();

    // The server refuses the URL (400 errors[{field: homepageUrl}]): shown on that field.
    const urlError = formItem('主页链接').locator('.ant-form-item-explain-error');
    await urlError.waitFor();
    expect(await urlError.textContent()).toMatch(/http/);
    await screenshot(page, '02-account-create-field-error');

    await page.getByLabel('主页链接').fill('https://mp.weixin.qq.com/chengguan');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(/\/accounts\/[^/]+$/);
    accountId = page.url().split('/').pop()!;
    await stateTag('已申请(待审批)').waitFor();
    // An operator may not approve, even with the application in front of them.
    expect(await page.getByRole('button', { name: '审批通过' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '驳回' }).count()).toBe(0);
  });

  it('a reviewer approves it from the review queue', async () => {
    if (!guard()) return;
    await login(REVIEWER, PASSWORD);
    await page.getByRole('menuitem', { name: '待审批' }).click();
    const row = page.locator('.ant-table-row', { hasText: ACCOUNT_NAME });
    await row.waitFor();
    await screenshot(page, '03-review-queue');
    await row.getByRole('link', { name: '审核' }).click();
    await page.getByRole('heading', { name: ACCOUNT_NAME }).waitFor();
    await transition('审批通过', {}, '已批准');
  });

  it('the operator opens it with its platform ID', async () => {
    if (!guard()) return;
    await login(OPERATOR, PASSWORD);
    await openAccount(accountId);
    expect(await page.getByRole('button', { name: '审批通过' }).count()).toBe(0);
    await transition('开设', { 平台账号ID: 'gh_chengguan01' }, '已开设');
    await page.getByText('gh_chengguan01').first().waitFor();
  });

  it('the operator requests deregistration', async () => {
    if (!guard()) return;
    await transition('申请注销', { 注销理由: '机构调整，账号停止运营' }, '注销申请中');
    expect(await page.getByRole('button', { name: '注销', exact: true }).count()).toBe(0);
  });

  it('the reviewer deregisters it', async () => {
    if (!guard()) return;
    await login(REVIEWER, PASSWORD);
    await openAccount(accountId);
    await transition('注销', {}, '已注销');
    await screenshot(page, '04-account-detail');
  });

  it('the history shows every step with who did it', async () => {
    if (!guard()) return;
    const entries = page.getByTestId('history-entry');
    await entries.nth(4).waitFor();
    const texts = (await entries.allTextContents()).filter((t) => !t.startsWith('修改信息'));
    const steps = texts.map((t) => {
      const match = /^(\S+?)· 操作人 (\S+?)(?:已|注销|$)/.exec(t);
      return match ? `${match[1]} ${match[2]}` : t;
    });
    expect(steps).toEqual([
      `提交申请 ${OPERATOR}`,
      `审批通过 ${REVIEWER}`,
      `开设 ${OPERATOR}`,
      `申请注销 ${OPERATOR}`,
      `注销 ${REVIEWER}`,
    ]);
    expect(texts[3]).toContain('理由：机构调整，账号停止运营');
  });

  it("an operator cannot reach another unit's account", async () => {
    if (!guard()) return;
    await login(OPERATOR, PASSWORD);
    await page.goto(`${baseUrl}/accounts/${otherAccountId}`);
    await page.getByText(/无权访问|未找到/).first().waitFor();
    expect(await page.getByText(OTHER_ACCOUNT_NAME).count()).toBe(0);

    // Nor is it in their list; their own account is, and the filter lives in the URL.
    await page.goto(`${baseUrl}/accounts?state=deregistered`);
    await page.locator('.ant-table-row', { hasText: ACCOUNT_NAME }).waitFor();
    await page.locator('.ant-select', { hasText: '已注销' }).waitFor();
    await page.goto(`${baseUrl}/accounts`);
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.getByText(OTHER_ACCOUNT_NAME).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: '待审批' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: '用户' }).count()).toBe(0);
  });

  it('ledger import shows the rows that are wrong', async () => {
    if (!guard()) return;
    await login(ADMIN.username, ADMIN.password);
    await page.getByRole('menuitem', { name: '台账导入' }).click();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载模板' }).click()]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnm-ledger-'));
    const templatePath = path.join(dir, 'template.xlsx');
    await download.saveAs(templatePath);

    // Fill the template's own columns: one good row, two bad ones.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(templatePath);
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? '').replace(/[*＊\s]/g, ''));
    const col = (name: string) => headers.indexOf(name);
    for (let r = sheet.rowCount; r > 1; r--) sheet.spliceRows(r, 1);
    const rows: Record<string, string>[] = [
      { 单位: '高新区管委会', 平台: '微博', 账号名称: '高新区发布', 状态: '已开设' },
      { 单位: '不存在的单位', 平台: '微博', 账号名称: '查无此单位' },
      { 单位: '高新区管委会', 平台: '火星平台', 账号名称: '平台不对' },
    ];
    rows.forEach((values, i) => {
      const row = sheet.getRow(i + 2);
      for (const [name, value] of Object.entries(values)) if (col(name) > 0) row.getCell(col(name)).value = value;
      row.commit();
    });
    const ledgerPath = path.join(dir, 'ledger.xlsx');
    await workbook.xlsx.writeFile(ledgerPath);

    await page.locator('input[type=file]').setInputFiles(ledgerPath);
    await page.getByRole('button', { name: '开始导入' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const text = await errors.textContent();
    expect(text).toContain('第 3 行');
    expect(text).toContain('第 4 行');
    expect(text).not.toContain('第 2 行');
    await screenshot(page, '05-import-row-errors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the main pages render (screenshots)', async () => {
    if (!guard()) return;
    await page.getByRole('menuitem', { name: '总览' }).click();
    await page.getByText('尚无账号的单位').first().waitFor();
    await page.locator('.ant-statistic').first().waitFor();
    await screenshot(page, '06-overview');

    await page.getByRole('menuitem', { name: '单位' }).click();
    await page.locator('.ant-table-row', { hasText: '城关镇' }).waitFor();
    await screenshot(page, '07-units');

    await page.getByRole('menuitem', { name: '账号' }).click();
    await page.locator('.ant-table-row', { hasText: ACCOUNT_NAME }).waitFor();
    await screenshot(page, '08-accounts');

    await page.getByRole('menuitem', { name: '用户' }).click();
    await page.locator('.ant-table-row', { hasText: OPERATOR }).waitFor();
    await screenshot(page, '09-users');
  });
});
