/**
 * Every page, as the office's admin and as a town's operator (信息员), over the demo district
 * (`npm run seed:demo`): each route of web/src/routes.tsx, detail pages of real records and the
 * tabs of tabbed pages. A page fails on a console error, an uncaught exception, a failed request
 * (HTTP ≥ 400 or a network failure) and on any ISO/UTC timestamp or raw enum code in its text.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/modules/demo/demo-data';
import { DEMO_ENV } from '../../src/modules/demo/seed-demo';
import { ADMIN, ApiClient, chromiumAvailable, defineStep, ensureBuilt, launchBrowser, loginAs, ROOT, startServer, type RunningServer, useBrowserHooks } from './support';
import { offendingText } from './visible-text';

jest.setTimeout(600_000);

const enabled = chromiumAvailable();
/** The demo town whose operator is logged in: it has findings, rectifications and every platform. */
const OPERATOR = { username: 'migangqiao', unit: '糜杆桥镇' };
const DEMO_QUARTER = '2023Q3';

let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let baseUrl = '';
let dataDir = '';
const consoleErrors: string[] = [];
const networkFailures: string[] = [];
/** Login names of the demo's users: data on screen (操作人 admin), not codes. */
let usernames: string[] = [];

interface Ids {
  accounts: Record<string, number>;
  repostTask: number;
  inspection: number;
  rectification: number;
}
const ids: { admin?: Ids; operator?: Ids } = {};

async function idsFor(client: ApiClient, unitId?: number): Promise<Ids> {
  const scope = unitId ? `&unitId=${unitId}` : '';
  const first = async (apiPath: string) => {
    const found = await client.call<{ items: { id: number }[] }>('GET', apiPath);
    if (!found.items.length) throw new Error(`the demo has nothing at ${apiPath}`);
    return found.items[0].id;
  };
  const accounts: Record<string, number> = {};
  for (const state of ['opened', 'applied', 'rejected', 'deregistered', 'deregistration_requested']) {
    const found = await client.call<{ items: { id: number }[] }>('GET', `/accounts?state=${state}&pageSize=1${scope}`);
    if (found.items.length) accounts[state] = found.items[0].id;
  }
  return {
    accounts,
    repostTask: await first(`/repost-tasks?quarter=${DEMO_QUARTER}&pageSize=1`),
    inspection: await first('/inspections?pageSize=1'),
    rectification: await first(`/rectifications?pageSize=1${scope}`),
  };
}

beforeAll(async () => {
  if (!enabled) return;
  ensureBuilt();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnm-browser-demo-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...DEMO_ENV,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli.js'), 'seed-demo'], { cwd: ROOT, env, stdio: 'ignore', timeout: 240_000 });
  server = await startServer({ ...DEMO_ENV, DATA_DIR: dataDir, BROWSER_SERVER_LOG: 'browser-server-every-page.log' });
  baseUrl = server.baseUrl;
  const admin = await ApiClient.login(baseUrl, ADMIN.username, ADMIN.password);
  ids.admin = await idsFor(admin);
  usernames = (await admin.call<{ items: { username: string }[] }>('GET', '/users?pageSize=200')).items.map((u) => u.username);
  const units = await admin.call<{ items: { id: number; name: string }[] }>('GET', `/units?q=${encodeURIComponent(OPERATOR.unit)}`);
  const operator = await ApiClient.login(baseUrl, OPERATOR.username, DEMO_PASSWORD);
  ids.operator = await idsFor(operator, units.items.find((u) => u.name === OPERATOR.unit)!.id);

  browser = await launchBrowser();
  page = browser.page;
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  // A request cut short by leaving the page (net::ERR_ABORTED) is no failure of the page.
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText ?? '';
    if (!reason.includes('ERR_ABORTED')) networkFailures.push(`${req.method()} ${req.url()} (${reason})`);
  });
}, 400_000);

useBrowserHooks(
  () => browser,
  () => server?.stop(),
  async () => dataDir && fs.rmSync(dataDir, { recursive: true, force: true }),
);

const step = defineStep(enabled, () => browser);

/** Opens `url`, waits until it has loaded and settled, and returns what is wrong with it. */
async function visit(url: string): Promise<string[]> {
  consoleErrors.length = 0;
  networkFailures.length = 0;
  browser!.failedRequests.length = 0;
  await page.goto(`${baseUrl}${url}`);
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached', timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  // Text in <code> is a technical value shown on purpose (a platform's code, a URL rule, a cron line).
  const text = await page.evaluate<string>(`(() => {
    const style = document.createElement('style');
    style.textContent = 'code { display: none !important; }';
    document.head.append(style);
    const visible = document.body.innerText;
    style.remove();
    return visible;
  })()`);
  return [
    ...consoleErrors.map((e) => `console error: ${e}`),
    ...browser!.pageErrors.splice(0).map((e) => `uncaught error: ${e}`),
    ...browser!.failedRequests.map((r) => `failed request: ${r}`),
    ...networkFailures.map((r) => `failed request: ${r}`),
    ...offendingText(text, usernames),
  ];
}

/** Visits every page in turn and fails once, naming each bad page and what is wrong on it. */
async function expectAllClean(urls: string[]): Promise<void> {
  const report: string[] = [];
  for (const url of urls) {
    const problems = await visit(url).catch((err: Error) => [`did not load: ${err.message.split('\n')[0]}`]);
    if (problems.length) report.push(`${url}:\n  ${problems.join('\n  ')}`);
  }
  if (report.length) throw new Error(`${report.length} of ${urls.length} pages show problems:\n${report.join('\n')}`);
}

/** The pages of both roles; detail ids are the role's own records. */
function pagesOf(role: 'admin' | 'operator'): string[] {
  const own = ids[role]!;
  const q = `quarter=${DEMO_QUARTER}`;
  const common = [
    '/',
    '/units',
    '/accounts',
    '/accounts/new',
    ...Object.values(own.accounts).map((id) => `/accounts/${id}`),
    '/password',
    '/import',
    '/columns',
    '/columns?health=broken',
    '/alerts',
    '/alerts?status=resolved',
    '/stats/posts',
    `/stats/posts?${q}`,
    `/stats/posts?${q}&groupBy=account`,
    `/stats/posts?${q}&groupBy=platform`,
    '/repost-tasks',
    `/repost-tasks?${q}`,
    `/repost-tasks?${q}&tab=report`,
    `/repost-tasks/${own.repostTask}`,
    '/reports/quarterly',
    `/reports/quarterly?${q}`,
    `/reports/quarterly?${q}&tab=targets`,
    '/reports/dormant',
    '/inspections',
    `/inspections/${own.inspection}`,
    `/inspections/${own.inspection}?verdict=fail`,
    '/findings',
    '/findings?status=resolved',
    '/rectifications',
    `/rectifications/${own.rectification}`,
    '/recertifications',
    '/recertifications?status=overdue',
    '/error-words',
    '/leaders',
  ];
  if (role === 'operator') return common;
  return [
    ...common,
    '/review',
    '/review?tab=deregistration_requested',
    '/repost-tasks?tab=import',
    `/reports/quarterly?${q}&tab=settings`,
    '/rectifications?tab=import',
    '/discoveries',
    '/alert-channels',
    '/system',
    '/platforms',
    '/users',
  ];
}

describe('every page, as admin and as operator', () => {
  step('the admin logs in', async () => {
    await loginAs(page, baseUrl, ADMIN.username, ADMIN.password);
  });
  step('every page of the admin is clean', async () => {
    await expectAllClean(pagesOf('admin'));
  });
  step(`the operator of ${OPERATOR.unit} logs in`, async () => {
    await loginAs(page, baseUrl, OPERATOR.username, DEMO_PASSWORD);
  });
  step('every page of the operator is clean', async () => {
    await expectAllClean(pagesOf('operator'));
  });
});
