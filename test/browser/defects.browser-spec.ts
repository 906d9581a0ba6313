/**
 * The defects a new user met (issue 23), in a real Chromium against the real server: the repost
 * task's compliance a page of units at a time with a 未完成 filter; alerts counted per kind,
 * filtered by kind and unit and grouped per account; link columns counted per health, filtered to
 * the broken ones, and the sweep of every column asked for first. 25 units with one opened WeChat
 * account each; steps run in order and share the data.
 */
import type { Page } from 'playwright-core';
import {
  ADMIN,
  ApiClient,
  chromiumAvailable,
  defineStep,
  ensureBuilt,
  type Fixture,
  formItemOf,
  launchBrowser,
  loginAs,
  openedDialog,
  screenshot,
  startFixture,
  startServer,
  type RunningServer,
  useBrowserHooks,
} from './support';

jest.setTimeout(120_000);

const enabled = chromiumAvailable();
const UNITS = 25;
const unitName = (i: number) => `测试街道${String(i).padStart(2, '0')}`;
const accountName = (i: number) => `测试发布${String(i).padStart(2, '0')}`;
const CONFIRMED = [1, 2, 3];
const POLL_FAILING = [4, 5, 6];

let server: RunningServer | undefined;
let fixture: Fixture | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let taskId = 0;
const unitIds: number[] = [];

/** Waits until a run (link check, poll) answers a final status. */
async function finished(admin: ApiClient, path: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const run = await admin.call<{ status: string }>('GET', path);
    if (run.status !== 'running' && run.status !== 'queued') return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${path} did not finish within 30 s`);
}

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  fixture = await startFixture({
    '/ok/': { body: '<html><head><title>政务公开</title></head><body><h1>政务公开</h1><p>通知公告</p></body></html>' },
    '/bad-feed.xml': { type: 'application/rss+xml', body: '这不是订阅源' },
  });
  server = await startServer({
    BROWSER_SERVER_LOG: 'browser-server-defects.log',
    LINK_CHECK_ALLOW_PRIVATE: 'true',
    SOURCE_ALLOW_PRIVATE: 'true',
    LINK_CHECK_CONFIRM_DELAY_MS: '300',
    LINK_SWEEP_CRON: 'off',
    POLL_SCHEDULER: 'off',
    POLL_FAILURE_ALERT_THRESHOLD: '1',
  });
  baseUrl = server.baseUrl;

  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  for (let i = 1; i <= UNITS; i++) unitIds.push((await admin.call<{ id: number }>('POST', '/units', { name: unitName(i), kind: 'town', code: String(300 + i) })).id);
  const ledger = ['单位,平台,账号名称,账号ID,主页链接,开设时间,状态'];
  for (let i = 1; i <= UNITS; i++) ledger.push(`${unitName(i)},微信公众号,${accountName(i)},gh_test${i},https://mp.weixin.qq.com/test${i},2021-03-05,已开设`);
  await admin.upload('/accounts/import', 'ledger.csv', ledger.join('\n'));
  const accounts = (await admin.call<{ items: { id: number; name: string }[] }>('GET', '/accounts?pageSize=50')).items;
  const accountOf = (i: number) => accounts.find((a) => a.name === accountName(i))!.id;

  // A task every unit owes; three units confirmed by hand.
  taskId = (
    await admin.call<{ id: number }>('POST', '/repost-tasks', {
      title: '关于做好秋季防火工作的通知',
      sourceUrl: 'https://www.gov.cn/zhengce/content/2023-09/01/content_90002.htm',
      issuedAt: '2023-09-01T09:00:00+08:00',
      dueAt: '2023-09-02T18:00:00+08:00',
      platforms: ['wechat'],
    })
  ).id;
  for (const i of CONFIRMED) {
    await admin.call('POST', `/repost-tasks/${taskId}/confirmations`, {
      accountId: accountOf(i),
      evidenceUrl: `https://mp.weixin.qq.com/s/confirmed-${i}`,
      postedAt: '2023-09-01T15:00:00+08:00',
    });
  }

  // Unit 01: two broken columns and a working one (checked); unit 02: one column not checked yet.
  const columnIds: number[] = [];
  for (const [name, path] of [
    ['失效栏目甲', '/gone-a/'],
    ['失效栏目乙', '/gone-b/'],
    ['正常栏目', '/ok/'],
  ]) {
    columnIds.push((await admin.call<{ id: number }>('POST', `/accounts/${accountOf(1)}/columns`, { name, url: `${fixture.origin}${path}` })).id);
  }
  await admin.call('POST', `/accounts/${accountOf(2)}/columns`, { name: '未检查栏目', url: `${fixture.origin}/ok/` });
  await finished(admin, `/link-checks/${(await admin.call<{ id: number }>('POST', '/link-checks', { columnIds })).id}`);

  // Units 04–06: a feed that is not a feed, polled once: one 采集失败 alert each.
  for (const i of POLL_FAILING) await admin.call('PUT', `/accounts/${accountOf(i)}/source`, { kind: 'feed', url: `${fixture.origin}/bad-feed.xml` });
  await finished(admin, `/polls/${(await admin.call<{ id: number }>('POST', '/polls', { accountIds: POLL_FAILING.map(accountOf) })).id}`);

  browser = await launchBrowser();
  page = browser.page;
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
  () => fixture?.close(),
);

const step = defineStep(enabled, () => browser);

/** The unit rows of the compliance table on screen (one account table under each). */
const unitTables = () => page.locator('[data-testid^="repost-accounts-"]');

describe('defects of issue 23 in Chromium', () => {
  step('the repost task lists its units 20 at a time, and 未完成 shows only the units not done', async () => {
    await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
    await page.goto(`${baseUrl}/repost-tasks/${taskId}`);
    const compliance = page.getByTestId('repost-compliance');
    await page.getByText(`共 ${UNITS} 个单位`).waitFor();
    expect(await unitTables().count()).toBe(20);
    const nodes = (await page.evaluate("document.querySelectorAll('*').length")) as number;
    expect(nodes).toBeLessThan(2000);
    // For comparison, every unit on one page (as before the paging).
    await page.goto(`${baseUrl}/repost-tasks/${taskId}?pageSize=100`);
    await page.getByTestId(`repost-accounts-${unitIds[UNITS - 1]}`).waitFor();
    const allNodes = (await page.evaluate("document.querySelectorAll('*').length")) as number;
    console.log(`[defects] repost task detail, ${UNITS} units: ${nodes} DOM nodes for a page of 20, ${allNodes} with all on one page`);
    await page.goto(`${baseUrl}/repost-tasks/${taskId}`);
    await page.getByText(`共 ${UNITS} 个单位`).waitFor();
    await page.locator('.ant-pagination-item-2').click();
    await page.waitForURL((url) => url.searchParams.get('page') === '2');
    await page.getByTestId(`repost-accounts-${unitIds[UNITS - 1]}`).waitFor();
    expect(await unitTables().count()).toBe(UNITS - 20);

    const filter = page.getByTestId('repost-filter');
    expect(await filter.textContent()).toContain(`全部账号 ${UNITS}`);
    await filter.getByText(`未完成 ${UNITS - CONFIRMED.length}`).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'missing' && !url.searchParams.has('page'));
    await page.getByText(`共 ${UNITS - CONFIRMED.length} 个单位`).waitFor();
    expect(await unitTables().count()).toBe(20);
    const shown = await compliance.innerText();
    for (const i of CONFIRMED) expect(shown).not.toContain(unitName(i));
    expect(shown).toContain(unitName(4));
    expect(shown).not.toContain('按时完成');
    await screenshot(page, '60-repost-task-missing-only');
  });

  step('alerts are counted per kind; kind and unit narrow the list; grouped, one row per account', async () => {
    await page.goto(`${baseUrl}/alerts`);
    const kinds = page.getByTestId('alert-kind-filter');
    await kinds.getByText('全部 5').waitFor();
    expect(await kinds.textContent()).toContain('栏目链接失效 2');
    expect(await kinds.textContent()).toContain('采集失败 3');
    await kinds.getByText('栏目链接失效 2').click();
    await page.waitForURL((url) => url.searchParams.get('kind') === 'link_broken');
    await page.locator('.ant-table-row', { hasText: '采集失败' }).first().waitFor({ state: 'detached' });
    await page.locator('.ant-table-row', { hasText: '失效栏目甲' }).waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(2);
    await screenshot(page, '61-alerts-link-only');

    // One unit: its counts only; the chosen kind stays, with 0 of it there.
    await page.goto(`${baseUrl}/alerts?unitId=${unitIds[POLL_FAILING[0] - 1]}`);
    await kinds.getByText('全部 1').waitFor();
    expect(await kinds.textContent()).not.toContain('栏目链接失效');
    await page.locator('.ant-table-row', { hasText: '采集失败' }).waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(1);

    await page.goto(`${baseUrl}/alerts`);
    await page.getByRole('switch', { name: '按账号分组' }).click();
    await page.waitForURL((url) => url.searchParams.get('group') === 'account');
    const groups = page.getByTestId('alert-groups');
    const linked = groups.locator('.ant-table-row', { hasText: accountName(1) });
    await linked.waitFor();
    expect(await groups.locator('.ant-table-row').count()).toBe(1 + POLL_FAILING.length);
    expect(await linked.locator('td').last().textContent()).toBe('2');
    await linked.locator('.ant-table-row-expand-icon').click();
    await groups.locator('.ant-table-expanded-row', { hasText: '失效栏目乙' }).waitFor();
    await screenshot(page, '62-alerts-by-account');
  });

  step('link columns are counted per health, the broken ones shown alone, and checking all is asked first', async () => {
    await page.goto(`${baseUrl}/columns`);
    const health = page.getByTestId('health-filter');
    await health.getByText('全部 4').waitFor();
    for (const label of ['失效 2', '正常 1', '未检查 1', '无法判断 0']) expect(await health.textContent()).toContain(label);
    await health.getByText('失效 2').click();
    await page.waitForURL((url) => url.searchParams.get('health') === 'broken');
    await page.locator('.ant-table-row', { hasText: '正常栏目' }).waitFor({ state: 'detached' });
    await page.locator('.ant-table-row', { hasText: '失效栏目乙' }).waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(2);
    await screenshot(page, '63-columns-broken-only');

    // 全部检查 asks first: cancelled, nothing starts; confirmed, the check runs.
    await page.getByTestId('sweep-all').click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await confirm.getByText('检查全部栏目？').waitFor();
    expect(await confirm.textContent()).toContain('4 个栏目链接');
    await confirm.getByRole('button', { name: '取消' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('link-check-counters').count()).toBe(0);
    await page.getByTestId('sweep-all').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '开始检查' }).click();
    await page.getByTestId('link-check-counters').waitFor();
    await page.getByText(/检查完成：正常 \d+，失效 2/).waitFor();
  });

  step('moving an account into a unit that already runs one on the platform is told in the dialog and asks for the reason', async () => {
    await page.goto(`${baseUrl}/accounts?unitId=${unitIds[6]}`);
    await page.getByRole('link', { name: accountName(7) }).click();
    await page.getByRole('heading', { name: accountName(7) }).waitFor();
    await page.getByRole('button', { name: '编辑' }).click();
    const dialog = await openedDialog(page);
    expect(await dialog.getByTestId('platform-taken').count()).toBe(0);
    const unit = formItemOf(page, '单位');
    await unit.locator('.ant-select').click();
    await page.keyboard.type(unitName(8));
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: unitName(8) }).click();
    const taken = dialog.getByTestId('platform-taken');
    await taken.waitFor();
    expect(await taken.textContent()).toContain(`迁入单位在微信公众号已有账号：“${accountName(8)}”（已开设）`);
    await dialog.getByRole('button', { name: '保存' }).click();
    await formItemOf(page, '同平台多账号理由').getByText('该单位在此平台已有账号，请说明理由').waitFor();
    await formItemOf(page, '同平台多账号理由').locator('textarea').fill('两街道合署办公，账号暂并存');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByRole('link', { name: unitName(8) })
      .first()
      .waitFor();
  });
});
