/**
 * 季度通报 in a real Chromium against the real server: two units with one opened account each,
 * posts imported for 2023Q3, a default target set in the UI; the figures on screen, a download,
 * and publishing (实时 → 已发布).
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
  launchBrowser,
  loginAs,
  screenshot,
  startServer,
  type RunningServer,
  useBrowserHooks,
} from './support';

jest.setTimeout(120_000);

const enabled = chromiumAvailable();
const NORTH = { unit: '城北街道', account: '城北发布' };
const SOUTH = { unit: '城南街道', account: '城南发布' };

const LEDGER_CSV = [
  '单位,平台,账号名称,账号ID,主页链接,开设时间,状态',
  `${NORTH.unit},微信公众号,${NORTH.account},gh_chengbei,https://mp.weixin.qq.com/chengbei,2021-03-05,已开设`,
  `${SOUTH.unit},微信公众号,${SOUTH.account},gh_chengnan,https://mp.weixin.qq.com/chengnan,2021-03-05,已开设`,
].join('\n');

const NORTH_POSTS = [
  '标题,链接,发布时间,类型,来源链接',
  '城北街道开展秋季防火宣传,https://mp.weixin.qq.com/s/n-1,2023-08-02 10:00,发布,',
  '城北街道召开安全生产会议,https://mp.weixin.qq.com/s/n-2,2023-09-20 10:00,发布,',
  '转发：国务院常务会议,https://mp.weixin.qq.com/s/n-3,2023-09-21 10:00,转发,https://www.gov.cn/a.htm',
].join('\n');
const SOUTH_POSTS = ['标题,链接,发布时间,类型,来源链接', '城南街道便民服务公告,https://mp.weixin.qq.com/s/s-1,2023-07-10 10:00,发布,'].join('\n');

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  server = await startServer({ BROWSER_SERVER_LOG: 'browser-server-report.log', LINK_SWEEP_CRON: 'off', POLL_SCHEDULER: 'off', FINDINGS_SCHEDULER: 'off' });
  baseUrl = server.baseUrl;
  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  await admin.call('POST', '/units', { name: NORTH.unit, kind: 'town', code: '301' });
  await admin.call('POST', '/units', { name: SOUTH.unit, kind: 'town', code: '302' });
  await admin.upload('/accounts/import', 'ledger.csv', LEDGER_CSV);
  const accounts = await admin.call<{ items: { id: number; name: string }[] }>('GET', '/accounts?pageSize=50');
  const id = (name: string) => accounts.items.find((a) => a.name === name)!.id;
  await admin.upload(`/accounts/${id(NORTH.account)}/posts/import`, 'posts.csv', NORTH_POSTS);
  await admin.upload(`/accounts/${id(SOUTH.account)}/posts/import`, 'posts.csv', SOUTH_POSTS);
  browser = await launchBrowser();
  page = browser.page;
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
);

const step = defineStep(enabled, () => browser);

describe('quarterly report UI in Chromium', () => {
  step('the admin sets the default target of 2023Q3 on the 发布任务 tab', async () => {
    await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
    await page.getByRole('menuitem', { name: /季度通报$/ }).click();
    await page.getByTestId('report-totals').waitFor();
    await page.goto(`${baseUrl}/reports/quarterly?quarter=2023Q3&tab=targets`);
    await page.getByLabel('默认发布任务').fill('2');
    await page.getByLabel('默认转发任务').fill('1');
    await page.getByTestId('save-default-target').click();
    await page.getByText('默认发布任务已保存').waitFor();
    await screenshot(page, '40-report-targets');
  });

  step('the figures of 2023Q3 are shown live, with good and unmet units', async () => {
    await page.goto(`${baseUrl}/reports/quarterly?quarter=2023Q3`);
    const totals = page.getByTestId('report-totals');
    await totals.waitFor();
    await expectText(totals, '发布（条）3');
    await expectText(totals, '转发（条）1');
    expect((await page.getByTestId('report-status').textContent())?.trim()).toBe('实时');
    expect((await page.getByTestId('good-units').textContent())?.trim()).toBe(NORTH.unit);
    expect((await page.getByTestId('unmet-units').textContent())?.trim()).toBe(SOUTH.unit);
    const south = page.getByTestId('report-units').locator('.ant-table-row', { hasText: SOUTH.unit });
    await south.waitFor();
    expect(await south.textContent()).toContain('未完成');
    await screenshot(page, '41-report-live');
  });

  step('the statistics table and the bulletin are built in the background, with progress, then downloaded and the box closes', async () => {
    // Records every text the progress box showed, however briefly it was there.
    // (A script string: the tests compile without the DOM's types.)
    const watchProgress = () =>
      page.evaluate(`(() => {
        const seen = (window.progressSeen = []);
        new MutationObserver(() => {
          const box = document.querySelector('[data-testid="job-progress"]');
          if (box && box.textContent && seen[seen.length - 1] !== box.textContent) seen.push(box.textContent);
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      })()`);
    const progressSeen = () => page.evaluate<string>(`window.progressSeen.join(' | ')`);
    const progress = page.getByTestId('job-progress');

    await watchProgress();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toBe('2023年第三季度政务新媒体监管情况统计表.xlsx');
    // The box was there while the file was built, and is gone once the download has started.
    await progress.waitFor({ state: 'detached' });
    expect(await progressSeen()).toContain('生成统计表');
    const file = path.join(ARTIFACTS, 'report-2023Q3.xlsx');
    await xlsx.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');

    await watchProgress();
    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-docx').click()]);
    expect(docx.suggestedFilename()).toBe('关于2023年第三季度政务新媒体工作检查情况的通报.docx');
    await progress.waitFor({ state: 'detached' });
    expect(await progressSeen()).toContain('生成通报');
    const docFile = path.join(ARTIFACTS, 'bulletin-2023Q3.docx');
    await docx.saveAs(docFile);
    expect(fs.readFileSync(docFile).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  step('publishing freezes the quarter: the tag turns 已发布', async () => {
    await page.getByTestId('publish').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.getByTestId('report-status').filter({ hasText: '已发布' }).waitFor();
    expect(await page.getByText(`${ADMIN.username} 于`).count()).toBeGreaterThan(0);
    await screenshot(page, '42-report-published');
  });
});

async function expectText(locator: ReturnType<Page['getByTestId']>, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const content = ((await locator.textContent()) ?? '').replace(/\s+/g, '');
    if (content.includes(text)) return;
    if (Date.now() > deadline) throw new Error(`expected "${text}" in "${content}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
