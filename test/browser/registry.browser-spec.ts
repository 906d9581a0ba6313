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
import { ADMIN, ApiClient, chromiumAvailable, clearFailureScreenshots, ensureBuilt, launchBrowser, screenshot, startServer, type RunningServer, useBrowserHooks } from './support';

const PASSWORD = 'Passw0rd!x';
const OPERATOR = 'op_chengguan';
const OTHER_OPERATOR = 'op_wenlv';
const REVIEWER = 'rev_office';
const ACCOUNT_NAME = '城关镇发布';
const OTHER_ACCOUNT_NAME = '文旅局视界';

// Jest applies a project's testTimeout only in some set-ups: state it here.
jest.setTimeout(120_000);

const enabled = chromiumAvailable();

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let accountId = '';
let otherAccountId = '';
let admin: ApiClient;

beforeAll(async () => {
  if (!enabled) return;
  clearFailureScreenshots();
  ensureBuilt();
  server = await startServer();
  baseUrl = server.baseUrl;

  // Seed: two units, their operators, a reviewer, and an account of the other unit.
  admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
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

useBrowserHooks(
  () => browser,
  () => server?.stop(),
);

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

/** The open dialog, once its opening animation is over (a click during the zoom can miss). */
async function openDialog() {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await page.locator('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter').waitFor({ state: 'detached' });
  return dialog;
}

/** Clicks a lifecycle button, fills its form and confirms; waits for the new state. */
async function transition(action: string, fill: Record<string, string>, expectedState: string): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = await openDialog();
  for (const [label, value] of Object.entries(fill)) await dialog.getByLabel(label).fill(value);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await stateTag(expectedState).waitFor();
}

function stateTag(state: string) {
  return page.locator('h3 .ant-tag', { hasText: state });
}

/**
 * One step of the flow. Passed over (with a message) when Chromium is missing outside CI;
 * on failure it saves a screenshot and the page's URL, text and failed API calls.
 */
function step(name: string, fn: () => Promise<void>): void {
  it(name, async () => {
    if (!enabled) return; // reported once by chromiumAvailable()
    try {
      await fn();
    } catch (err) {
      const slug = name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
      await screenshot(page, `failure-${slug}`).catch(() => undefined);
      const body = await page
        .locator('body')
        .innerText()
        .catch(() => '(no page text)');
      console.error(`[browser tests] "${name}" failed at ${page.url()}\nfailed API calls: ${browser!.failedRequests.join('; ') || 'none'}\npage text:\n${body.slice(0, 2000)}`);
      throw err;
    }
  });
}

describe('admin UI in Chromium', () => {
  step('an operator applies; a field error from the server appears next to its field', async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('button', { name: '登录' }).waitFor();
    await screenshot(page, '01-login');

    await login(OPERATOR, PASSWORD);
    await page.getByRole('menuitem', { name: /账号$/ }).click();
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
    await page.waitForURL((url) => /^\/accounts\/[^/]+$/.test(url.pathname) && url.pathname !== '/accounts/new');
    accountId = page.url().split('/').pop()!;
    await stateTag('已申请（待审批）').waitFor();
    // An operator may not approve, even with the application in front of them.
    expect(await page.getByRole('button', { name: '审批通过' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '驳回' }).count()).toBe(0);

    // A second WeChat account for the same unit: told as soon as the platform is chosen (the
    // unit's account named), and the form asks for a reason before anything is sent.
    await page.goto(`${baseUrl}/accounts/new`);
    await chooseOption('平台', '微博');
    await page.getByLabel('账号名称').waitFor();
    expect(await page.getByTestId('platform-taken').count()).toBe(0);
    await chooseOption('平台', '微信公众号');
    const taken = page.getByTestId('platform-taken');
    await taken.waitFor();
    expect(await taken.textContent()).toContain(`本单位在微信公众号已有账号：“${ACCOUNT_NAME}”（已申请（待审批））`);
    await screenshot(page, '02b-account-create-platform-taken');
    await page.getByLabel('账号名称').fill('城关镇发布二号');
    const applications = browser!.page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/accounts'), { timeout: 1500 }).catch(() => null);
    await page.getByRole('button', { name: '提交申请' }).click();
    const reasonError = formItem('同平台多账号理由').locator('.ant-form-item-explain-error');
    await reasonError.waitFor();
    expect(await reasonError.textContent()).toBe('该单位在此平台已有账号，请说明理由');
    expect(await applications).toBeNull();
    expect(page.url()).toMatch(/\/accounts\/new$/);
  });

  step('a reviewer approves it from the review queue', async () => {
    await login(REVIEWER, PASSWORD);
    await page.getByRole('menuitem', { name: /待审批$/ }).click();
    const row = page.locator('.ant-table-row', { hasText: ACCOUNT_NAME });
    await row.waitFor();
    await screenshot(page, '03-review-queue');
    await row.getByRole('link', { name: '审核' }).click();
    await page.getByRole('heading', { name: ACCOUNT_NAME }).waitFor();
    await transition('审批通过', {}, '已批准');
  });

  step('the operator opens it with its platform ID', async () => {
    await login(OPERATOR, PASSWORD);
    await openAccount(accountId);
    expect(await page.getByRole('button', { name: '审批通过' }).count()).toBe(0);
    await transition('开设', { 平台账号ID: 'gh_chengguan01' }, '已开设');
    await page.getByText('gh_chengguan01').first().waitFor();
  });

  step('the operator requests deregistration', async () => {
    await transition('申请注销', { 注销理由: '机构调整，账号停止运营' }, '注销申请中');
    expect(await page.getByRole('button', { name: '注销', exact: true }).count()).toBe(0);
  });

  step('the reviewer deregisters it', async () => {
    await login(REVIEWER, PASSWORD);
    await openAccount(accountId);
    await transition('注销', {}, '已注销');
    await screenshot(page, '04-account-detail');
  });

  step('a deregistered account shows its details and columns read-only', async () => {
    await page.getByTestId('account-read-only').filter({ hasText: '账号已注销：账号信息和栏目只读' }).waitFor();
    expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(0);
    expect(await page.getByTestId('account-columns').getByRole('button', { name: '添加栏目' }).count()).toBe(0);
    expect(await page.getByTestId('account-recert').getByRole('button', { name: '核查' }).count()).toBe(0);
    // Posts still come in (已注销仍运行 is found from them): the source stays settable.
    await page.getByTestId('account-source').getByRole('button', { name: '设置采集来源' }).waitFor();
  });

  step('the history shows every step with who did it', async () => {
    const entries = page.getByTestId('history-entry');
    await entries.nth(4).waitFor();
    const texts = (await entries.allTextContents()).filter((t) => !t.startsWith('修改信息'));
    const steps = texts.map((t) => {
      const match = /^(\S+?)· 操作人 (\S+?)(?:已|注销|$)/.exec(t);
      return match ? `${match[1]} ${match[2]}` : t;
    });
    expect(steps).toEqual([`提交申请 ${OPERATOR}`, `审批通过 ${REVIEWER}`, `开设 ${OPERATOR}`, `申请注销 ${OPERATOR}`, `注销 ${REVIEWER}`]);
    expect(texts[3]).toContain('理由：机构调整，账号停止运营');

    // Times are shown in Beijing time whatever the browser's zone.
    const account = await admin.call<{ appliedAt: string }>('GET', `/accounts/${accountId}`);
    const beijing = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(account.appliedAt));
    expect(await page.locator('.ant-card', { hasText: '变更记录' }).textContent()).toContain(beijing);
  });

  step("an operator cannot reach another unit's account", async () => {
    await login(OPERATOR, PASSWORD);
    await page.goto(`${baseUrl}/accounts/${otherAccountId}`);
    await page
      .getByText(/无权访问|未找到/)
      .first()
      .waitFor();
    expect(await page.getByText(OTHER_ACCOUNT_NAME).count()).toBe(0);

    // Nor is it in their list; their own account is, and the filter lives in the URL.
    await page.goto(`${baseUrl}/accounts?state=deregistered`);
    await page.locator('.ant-table-row', { hasText: ACCOUNT_NAME }).waitFor();
    await page.locator('.ant-select', { hasText: '已注销' }).waitFor();
    await page.goto(`${baseUrl}/accounts`);
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.getByText(OTHER_ACCOUNT_NAME).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: /待审批$/ }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: /用户$/ }).count()).toBe(0);
  });

  step('ledger import shows the rows that are wrong', async () => {
    await login(ADMIN.username, ADMIN.password);
    await page.getByRole('menuitem', { name: /台账导入$/ }).click();

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

  step('an admin manages units and users; server errors reach the person', async () => {
    await page.getByRole('menuitem', { name: /单位$/ }).click();
    await page.locator('.ant-table-row', { hasText: '城关镇' }).waitFor();

    // Create a unit.
    await page.getByRole('button', { name: '新建单位' }).click();
    let dialog = await openDialog();
    await dialog.getByLabel('单位名称').fill('园林所');
    await dialog.getByLabel('单位编码').fill('009');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('.ant-table-row', { hasText: '园林所' });
    await row.waitFor();

    // A duplicate name is a 409: its message is shown, the dialog stays open.
    await page.getByRole('button', { name: '新建单位' }).click();
    dialog = await openDialog();
    await dialog.getByLabel('单位名称').fill('城关镇');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page
      .locator('.ant-message-notice', { hasText: /城关镇|已存在|重复/ })
      .first()
      .waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Edit it, then abolish it into 城关镇.
    await row.getByRole('button', { name: '编辑' }).click();
    dialog = await openDialog();
    await dialog.getByLabel('联系人').fill('李四');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.filter({ hasText: '李四' }).waitFor();

    await row.getByRole('button', { name: '撤并' }).click();
    dialog = await openDialog();
    await dialog.getByLabel('撤并原因').fill('机构改革，并入城关镇');
    await formItem('承接单位').locator('.ant-select').click();
    await page.keyboard.type('城关');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '城关镇' }).first().click();
    await dialog.getByRole('button', { name: '撤并' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.filter({ hasText: '已撤并' }).waitFor();

    // Filters are in the URL: a shared link shows the same list.
    await page.goto(`${baseUrl}/units?status=abolished`);
    await page.locator('.ant-table-row', { hasText: '园林所' }).waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(1);

    // Users: a bad username is refused by the server, shown on the field; then a good one.
    await page.getByRole('menuitem', { name: /用户$/ }).click();
    await page.getByRole('button', { name: '新建用户' }).click();
    dialog = await openDialog();
    await dialog.getByLabel('用户名').fill('李 四');
    await dialog.getByLabel('密码').fill('Passw0rd!y');
    await chooseOption('角色', '只读');
    await dialog.getByRole('button', { name: '保存' }).click();
    await formItem('用户名').locator('.ant-form-item-explain-error').waitFor();
    await dialog.getByLabel('用户名').fill('viewer_li');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.ant-table-row', { hasText: 'viewer_li' }).filter({ hasText: '只读' }).waitFor();
  });

  step('the main pages render (screenshots)', async () => {
    await page.getByRole('menuitem', { name: /总览$/ }).click();
    await page.getByText('尚无账号的单位').first().waitFor();
    await page.locator('.ant-statistic').first().waitFor();
    await screenshot(page, '06-overview');

    await page.getByRole('menuitem', { name: /单位$/ }).click();
    await page.locator('.ant-table-row', { hasText: '城关镇' }).waitFor();
    await screenshot(page, '07-units');

    await page.getByRole('menuitem', { name: /账号$/ }).click();
    await page.locator('.ant-table-row', { hasText: ACCOUNT_NAME }).waitFor();
    await screenshot(page, '08-accounts');

    await page.getByRole('menuitem', { name: /用户$/ }).click();
    await page.locator('.ant-table-row', { hasText: OPERATOR }).waitFor();
    await screenshot(page, '09-users');
  });
});
