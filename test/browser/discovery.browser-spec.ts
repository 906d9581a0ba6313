/**
 * 账号发现 in a real Chromium against the real server: an admin imports a discovery file,
 * sees each row's class and reason, and claims the undeclared account for its unit (an
 * application follows); the 平台设置 and 僵尸号 pages show the platforms from the API.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  ApiClient,
  backgroundOf,
  chromiumAvailable,
  defineStep,
  ensureBuilt,
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

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let admin: ApiClient;
let unitId = 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-browser-'));

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  server = await startServer();
  baseUrl = server.baseUrl;
  admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  unitId = (await admin.call<{ id: number }>('POST', '/units', { name: '城关镇', kind: 'town', code: '001' })).id;
  await admin.call('POST', '/platforms', { code: 'zhihu', name: '知乎', urlPatterns: ['^(www\\.|m\\.)?zhihu\\.com/'] });
  browser = await launchBrowser();
  page = browser.page;
}, 600_000); // a stale build is rebuilt first

useBrowserHooks(
  () => browser,
  () => server?.stop(),
  async () => fs.rmSync(dir, { recursive: true, force: true }),
);

const step = defineStep(enabled, () => browser);

step('an admin imports a discovery file and sees each row classified with its reason', async () => {
  await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
  await page.getByRole('menuitem', { name: /账号发现$/ }).click();
  const file = path.join(dir, '巡查清单.csv');
  fs.writeFileSync(
    file,
    [
      '平台,账号名称,账号ID,主页链接,认证主体,最近发布',
      '快手,城关镇文旅,,https://www.kuaishou.com/profile/3xchengguan01,,2023-08-02',
      '知乎,外地美食,,https://www.zhihu.com/people/food-somewhere,,',
    ].join('\n'),
  );
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: '开始导入' }).click();
  const rows = page.getByTestId('discovery-rows');
  const undeclared = rows.locator('.ant-table-row', { hasText: '城关镇文旅' });
  await undeclared.waitFor();
  expect(await undeclared.textContent()).toContain('未登记');
  expect(await undeclared.textContent()).toContain('账号名称包含单位名称“城关镇”');
  const other = rows.locator('.ant-table-row', { hasText: '外地美食' });
  expect(await other.textContent()).toContain('知乎');
  // Each platform shows with its mark from GET /api/platforms: 快手 orange, the custom 知乎 the default slate with its first character.
  const mark = async (row: typeof other) => {
    const icon = row.locator('.platform-tag .platform-icon').first();
    return { glyph: await icon.getAttribute('data-glyph'), background: await icon.evaluate(backgroundOf) };
  };
  expect(await mark(undeclared)).toEqual({ glyph: '快', background: 'rgb(255, 73, 6)' });
  expect(await mark(other)).toEqual({ glyph: '知', background: 'rgb(91, 107, 127)' });
  expect(await other.textContent()).toContain('无关');
  // The browser sends the Chinese file name as UTF-8; the batch keeps it as written.
  expect(await admin.call<{ fileName: string }[]>('GET', '/discoveries/batches')).toEqual([expect.objectContaining({ fileName: '巡查清单.csv', rows: 2 })]);
  await screenshot(page, 'discovery-01-imported');
});

step('claims the undeclared row for 城关镇: an application is created', async () => {
  const row = page.getByTestId('discovery-rows').locator('.ant-table-row', { hasText: '城关镇文旅' });
  await row.getByRole('button', { name: '认领' }).click();
  const dialog = await openedDialog(page);
  await dialog.locator('.ant-select').first().click();
  await page.keyboard.type('城关镇');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '城关镇' }).first().click();
  await dialog.getByRole('button', { name: '确定' }).click();
  await row.getByText('已认领').waitFor();
  await row.getByRole('link', { name: '查看账号申请' }).waitFor();
  await screenshot(page, 'discovery-02-claimed');
  const accounts = await admin.call<{ items: { unitId: number; platform: string; state: string; name: string }[] }>('GET', '/accounts?platform=kuaishou');
  expect(accounts.items).toEqual([expect.objectContaining({ unitId, platform: 'kuaishou', state: 'applied', name: '城关镇文旅' })]);
  await row.getByRole('link', { name: '查看账号申请' }).click();
  await page.getByText('城关镇文旅').first().waitFor();
});

step('平台设置 lists the built-ins and the custom 知乎; 僵尸号 opens', async () => {
  await page.getByRole('menuitem', { name: /平台设置$/ }).click();
  const table = page.getByTestId('platforms-table');
  await table.locator('.ant-table-row', { hasText: '知乎' }).waitFor();
  for (const name of ['微信公众号', '视频号', '小红书', '哔哩哔哩', '小程序']) await table.locator('.ant-table-row', { hasText: name }).first().waitFor();
  expect(await table.locator('.ant-table-row', { hasText: '知乎' }).textContent()).toContain('自定义');
  const weibo = table.locator('.ant-table-row', { hasText: 'weibo' }).locator('.platform-icon');
  expect(await weibo.getAttribute('data-glyph')).toBe('微');
  expect(await weibo.evaluate(backgroundOf)).toBe('rgb(230, 22, 45)');
  await page.getByRole('menuitem', { name: /僵尸号$/ }).click();
  await page.getByTestId('dormant-table').waitFor();
  await screenshot(page, 'discovery-03-platforms');
});

step('平台设置 sets the custom 知乎 mark and hint; the account form shows the chosen platform’s hint', async () => {
  await page.getByRole('menuitem', { name: /平台设置$/ }).click();
  const row = page.getByTestId('platforms-table').locator('.ant-table-row', { hasText: '知乎' });
  await row.getByRole('button', { name: '修改知乎的图标' }).click();
  const dialog = await openedDialog(page);
  // A glyph of three characters is refused before anything is sent.
  await dialog.getByLabel('图标文字').fill('知乎网');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.getByText('图标文字最多 2 个字').waitFor();
  await dialog.getByLabel('图标文字').fill('乎');
  await dialog.locator('.ant-color-picker-trigger').click();
  const hex = page.locator('.ant-color-picker-input input:visible').first();
  await hex.fill('0066FF');
  await hex.press('Enter');
  await dialog.getByLabel('账号ID填写提示').fill('知乎用户主页 /people/ 后的一串字符');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const icon = row.locator('.platform-icon');
  await page.waitForFunction((el) => el?.getAttribute('data-glyph') === '乎', await icon.elementHandle());
  expect(await icon.evaluate(backgroundOf)).toBe('rgb(0, 102, 255)');
  expect(await admin.call<{ code: string; icon: { color: string; glyph: string }; idHint: string }[]>('GET', '/platforms')).toContainEqual(
    expect.objectContaining({ code: 'zhihu', icon: expect.objectContaining({ color: '#0066FF', glyph: '乎' }), idHint: '知乎用户主页 /people/ 后的一串字符' }),
  );
  await screenshot(page, 'discovery-04-platform-look');

  // The application form's 账号ID hint follows the platform chosen.
  await page.goto(`${baseUrl}/accounts/new`);
  const idInput = page.getByLabel('平台账号ID');
  const choose = async (name: string) => {
    // The platform select filters by name as one types (the list is longer than its dropdown).
    await page.getByLabel('平台', { exact: true }).click();
    await page.keyboard.type(name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
  };
  await choose('微信公众号');
  expect(await idInput.getAttribute('placeholder')).toContain('gh_');
  await choose('知乎');
  expect(await idInput.getAttribute('placeholder')).toBe('知乎用户主页 /people/ 后的一串字符');
  await screenshot(page, 'discovery-05-account-hint');
});
