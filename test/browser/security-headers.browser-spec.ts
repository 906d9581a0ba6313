/**
 * The Content-Security-Policy and the other helmet headers (src/bootstrap.ts) against the real
 * server in Chromium: the admin UI (React + Ant Design, which inserts its own <style> elements),
 * the Swagger UI at /api/docs and the public directory page (inline script and style allowed by
 * hash) all render and work, and the browser reports no policy violation.
 */
import type { Page } from 'playwright-core';
import { ADMIN, ApiClient, backgroundOf, chromiumAvailable, defineStep, ensureBuilt, launchBrowser, loginAs, startServer, type RunningServer, useBrowserHooks } from './support';

jest.setTimeout(120_000);

const enabled = chromiumAvailable();

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
/** Violations seen by the page (securitypolicyviolation events) and CSP messages on the console. */
const violations: string[] = [];

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  server = await startServer({ BROWSER_SERVER_LOG: 'browser-server-security.log', POLL_SCHEDULER: 'off', FINDINGS_SCHEDULER: 'off', LINK_SWEEP_CRON: 'off' });
  baseUrl = server.baseUrl;
  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  const unit = await admin.call<{ id: number }>('POST', '/units', { name: '城关镇', kind: 'town', code: 'CG01' });
  await admin.upload(
    '/accounts/import',
    'ledger.csv',
    ['单位,平台,账号名称,平台账号ID,主页链接,状态,开设时间', `城关镇,微博,城关发布,1234567890,https://weibo.com/u/1234567890,已开设,2021-03-05`].join('\n'),
  );
  expect(unit.id).toBeGreaterThan(0);
  browser = await launchBrowser();
  page = browser.page;
  // In the page (a string: this project's TypeScript has no DOM types).
  await browser.context.addInitScript(
    "document.addEventListener('securitypolicyviolation', function (e) { (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI); });",
  );
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) violations.push(message.text());
  });
}, 300_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
);

const step = defineStep(enabled, () => browser);

/** Runs in the page: the computed background colour of an element (no DOM types in this project). */

async function expectNoViolation(): Promise<void> {
  const seen = (await page.evaluate('window.__cspViolations || []')) as string[];
  expect([...violations, ...seen]).toEqual([]);
}

describe('security headers in Chromium', () => {
  step('the admin UI loads and works under the policy', async () => {
    const response = await page.goto(`${baseUrl}/login`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
    await page.goto(`${baseUrl}/accounts`);
    await page.locator('.ant-table-row', { hasText: '城关发布' }).waitFor();
    // Ant Design's CSS-in-JS styles apply (its inserted <style> elements are allowed).
    const color = await page.locator('.ant-btn-primary').first().evaluate(backgroundOf);
    expect(color).toMatch(/^rgb/);
    expect(color).not.toBe('rgba(0, 0, 0, 0)');
    await expectNoViolation();
  });

  step('the Swagger UI at /api/docs renders the API', async () => {
    const response = await page.goto(`${baseUrl}/api/docs`);
    expect(response?.headers()['content-security-policy']).toBeDefined();
    await page.locator('.swagger-ui .info .title').waitFor();
    expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('政务新媒体账号登记与监测系统');
    await page.locator('.opblock-tag', { hasText: 'auth' }).first().waitFor();
    await expectNoViolation();
  });

  step('the public directory page runs its inline script (client-side search) and styles', async () => {
    const response = await page.goto(`${baseUrl}/directory`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    await page.getByText('城关发布').first().waitFor();
    // The inline stylesheet applies: the header is the red banner.
    expect(await page.locator('header.top').evaluate(backgroundOf)).toBe('rgb(183, 28, 28)');
    // The inline script filters as one types (no form submission).
    await page.locator('#search-q').fill('不存在的账号名');
    await page.locator('#no-match').waitFor({ state: 'visible' });
    await page.locator('#search-q').fill('城关');
    await page.getByText('城关发布').first().waitFor();
    await expectNoViolation();
  });
});
