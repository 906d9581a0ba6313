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
function httpRequest(url: string, method = 'GET', headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
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

export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnm-browser-data-'));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const log = fs.openSync(path.join(ARTIFACTS, 'browser-server.log'), 'w');
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
    },
    stdio: ['ignore', log, log],
  });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) throw new Error(`server exited with code ${exited}; see test-artifacts/browser-server.log`);
    try {
      const res = await httpRequest(`${baseUrl}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not become healthy within 30 s; see test-artifacts/browser-server.log');
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
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  // Toasts from earlier steps would cover the page.
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled', style: '.ant-message { display: none !important; }' });
}
