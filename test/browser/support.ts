/**
 * Browser-test harness: builds what is stale, starts the real server on a free port with
 * a fresh SQLite data directory, seeds data through the HTTP API, and launches Debian's
 * Chromium through playwright-core with a fresh profile.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ADMIN = { username: 'admin', password: 'Admin#12345' };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests can run. Under CI=true a missing Chromium is a failure;
 * elsewhere the tests are passed over with a clear message.
 */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  const message = `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH).`;
  if (process.env.CI === 'true') throw new Error(`${message} Browser tests may not be skipped under CI=true.`);
  console.warn(`[browser tests] SKIPPED — ${message}`);
  return false;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(output: string, sources: string[]): boolean {
  if (!fs.existsSync(output)) return true;
  const built = fs.statSync(output).mtimeMs;
  return sources.some((src) => fs.existsSync(src) && (fs.statSync(src).isDirectory() ? newestMtime(src) : fs.statSync(src).mtimeMs) > built);
}

/** Builds the server and the UI when their output is missing or older than the source. */
export function ensureBuilt(): void {
  if (isStale(path.join(ROOT, 'dist', 'src', 'main.js'), [path.join(ROOT, 'src')])) {
    execSync('npm run build:server', { cwd: ROOT, stdio: 'inherit' });
  }
  if (isStale(path.join(ROOT, 'dist', 'web', 'index.html'), [path.join(ROOT, 'web')])) {
    execSync('npm run build:web', { cwd: ROOT, stdio: 'inherit' });
  }
}

/** One HTTP exchange without keep-alive, so no socket outlives the tests. */
function httpRequest(url: string, method = 'GET', headers: Record<string, string> = {}, body?: string | Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  stop: () => Promise<void>;
}

/** Starts the server; `env` adds or overrides its environment (e.g. LINK_CHECK_ALLOW_PRIVATE). */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnm-browser-data-'));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const logName = env.BROWSER_SERVER_LOG ?? 'browser-server.log';
  const log = fs.openSync(path.join(ARTIFACTS, logName), 'w');
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: 'browser-test-secret',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) throw new Error(`server exited with code ${exited}; see test-artifacts/${logName}`);
    try {
      const res = await httpRequest(`${baseUrl}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy within 30 s; see test-artifacts/${logName}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    baseUrl,
    stop: async () => {
      if (exited === null) {
        let timer: NodeJS.Timeout | undefined;
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, 5000)))]);
        clearTimeout(timer);
        if (exited === null) child.kill('SIGKILL');
      }
      fs.closeSync(log);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small client for seeding through the HTTP API (the same contract the UI uses). */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private token = '',
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const { accessToken } = await client.call<{ accessToken: string }>('POST', '/auth/login', { username, password });
    client.token = accessToken;
    return client;
  }

  async call<T = Record<string, unknown>>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const { status, text } = await httpRequest(
      `${this.baseUrl}/api${apiPath}`,
      method,
      { 'Content-Type': 'application/json', ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) },
      body === undefined ? undefined : JSON.stringify(body),
    );
    if (status < 200 || status >= 300) throw new Error(`${method} ${apiPath} → ${status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Uploads a file built in memory as multipart field `file` (imports). */
  async upload<T = Record<string, unknown>>(apiPath: string, filename: string, content: string, type = 'text/csv'): Promise<T> {
    const boundary = `----gnm${Date.now().toString(16)}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
      Buffer.from(content, 'utf8'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const { status, text } = await httpRequest(
      `${this.baseUrl}/api${apiPath}`,
      'POST',
      { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(body.length), Authorization: `Bearer ${this.token}` },
      body,
    );
    if (status < 200 || status >= 300) throw new Error(`POST ${apiPath} → ${status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

/** Chromium with a fresh profile in a temp dir; collects page errors for the tests to check. */
export async function launchBrowser(): Promise<Browser & { pageErrors: string[]; failedRequests: string[] }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gnm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('response', (res) => {
    if (res.status() >= 400) failedRequests.push(`${res.request().method()} ${new URL(res.url()).pathname} → ${res.status()}`);
  });
  return {
    context,
    page,
    pageErrors,
    failedRequests,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Removes failure screenshots of earlier runs, so those present belong to this one. */
export function clearFailureScreenshots(): void {
  if (!fs.existsSync(SCREENSHOTS)) return;
  for (const file of fs.readdirSync(SCREENSHOTS)) if (file.startsWith('failure-')) fs.rmSync(path.join(SCREENSHOTS, file));
}

/** Saves a full-page screenshot once loading spinners are gone, with animations finished. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => undefined);
  // Toasts from earlier steps would cover the page.
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled', style: '.ant-message { display: none !important; }' });
}

export interface Fixture {
  origin: string;
  /** Requests received, in order (method, path, body). */
  requests: { method: string; path: string; body: string }[];
  close: () => Promise<void>;
}

/**
 * A tiny HTTP server on 127.0.0.1 for the server to reach during a test (pages to check,
 * a feed to poll, a webhook to receive). `routes` maps a path to its answer; anything
 * else is a 404.
 */
export async function startFixture(routes: Record<string, { status?: number; type?: string; body: string }>): Promise<Fixture> {
  const requests: Fixture['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      requests.push({ method: req.method ?? 'GET', path: url.pathname, body: Buffer.concat(chunks).toString('utf8') });
      const route = routes[url.pathname];
      const status = route?.status ?? (route ? 200 : 404);
      const body = route?.body ?? '<html><head><title>404</title></head><body>Not Found</body></html>';
      res.writeHead(status, { 'Content-Type': route?.type ?? 'text/html; charset=utf-8', Connection: 'close' });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- page helpers (take the page explicitly, for any spec) ----

/** Logs in through the login page, starting from a clean session. */
export async function loginAs(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.evaluate('localStorage.clear()');
  await page.goto(`${baseUrl}/login`);
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('current-user').filter({ hasText: username }).waitFor();
}

/** The form item whose label is `label` (scoped to `within` when given). */
export function formItemOf(page: Page, label: string) {
  return page.locator('.ant-form-item').filter({ has: page.locator(`label:text-is("${label}")`) });
}

/** The open dialog, once its opening animation is over (a click during the zoom can miss). */
export async function openedDialog(page: Page) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await page.locator('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter').waitFor({ state: 'detached' });
  return dialog;
}

/** Picks `option` in the select of the form item labelled `label`. */
export async function chooseFormOption(page: Page, label: string, option: string): Promise<void> {
  await formItemOf(page, label).locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/**
 * Defines one step of a flow as a jest test. Passed over when Chromium is missing outside
 * CI; on failure it saves a screenshot and logs the page's URL, text and failed API calls.
 */
export function defineStep(enabled: boolean, current: () => { page: Page; failedRequests: string[] } | undefined) {
  return (name: string, fn: () => Promise<void>): void => {
    it(name, async () => {
      if (!enabled) return; // reported once by chromiumAvailable()
      try {
        await fn();
      } catch (err) {
        const b = current();
        if (b) {
          const slug = name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
          await screenshot(b.page, `failure-${slug}`).catch(() => undefined);
          const body = await b.page
            .locator('body')
            .innerText()
            .catch(() => '(no page text)');
          console.error(`[browser tests] "${name}" failed at ${b.page.url()}\nfailed API calls: ${b.failedRequests.join('; ') || 'none'}\npage text:\n${body.slice(0, 2000)}`);
        }
        throw err;
      }
    });
  };
}

/** Types `text` (e.g. `2023-09-01 09:00`) into the date picker of the form item labelled `label` and confirms it. */
export async function fillDatePicker(page: Page, label: string, text: string): Promise<void> {
  const input = formItemOf(page, label).locator('.ant-picker input');
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await page
    .locator('.ant-picker-dropdown:visible')
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
}

/**
 * The hooks every browser spec needs: after each step, an uncaught exception in the page fails
 * it (a bug even when the step passed); after the file, the browser closes, then whatever else
 * the spec started (server, fixtures), in the order given.
 */
export function useBrowserHooks(current: () => { close(): Promise<void>; pageErrors: string[] } | undefined, ...stops: (() => Promise<unknown> | undefined)[]): void {
  afterEach(() => {
    const browser = current();
    if (browser && browser.pageErrors.length > 0) {
      const errors = browser.pageErrors.splice(0);
      throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
    }
  });
  afterAll(async () => {
    await current()?.close();
    for (const stop of stops) await stop();
  });
}

/** An element's computed background colour, for `locator.evaluate` (the tests compile without the DOM library). */
export const backgroundOf = (el: unknown): string => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor;
