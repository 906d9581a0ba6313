/**
 * Real server processes for the e2e suites that need them (cluster, faults): the built
 * `dist/src/main.js` / `worker.js` started as children, their output kept, waiting with
 * deadlines instead of fixed sleeps, and Redis db indexes flushed.
 */
import { ChildProcess, execSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import IORedis from 'ioredis';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the server when dist is missing or older than src (as the browser tests do). */
export function ensureServerBuilt(): void {
  const entry = path.join(ROOT, 'dist', 'src', 'worker.js');
  if (!fs.existsSync(entry) || newestMtime(path.join(ROOT, 'src')) > fs.statSync(entry).mtimeMs) execSync('npm run build:server', { cwd: ROOT, stdio: 'inherit' });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `everyMs` until it returns something truthy; fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Connects to the Redis db index of `url` and flushes it; false when Redis does not answer. */
export async function flushRedis(url: string): Promise<boolean> {
  const client = new IORedis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.flushdb();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface Proc {
  name: string;
  child: ChildProcess;
  output: string;
  exited: boolean;
  /** Exit code, or the signal that ended it. */
  exit?: number | string;
}

/** Starts `dist/src/<script>` with only PATH and `env` in its environment; output is collected. */
export function startProcess(name: string, script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', script)], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = { name, child, output: '', exited: false };
  child.stdout!.on('data', (chunk: Buffer) => (proc.output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (proc.output += chunk.toString()));
  child.on('close', (code, signal) => {
    proc.exited = true;
    proc.exit = code ?? signal ?? undefined;
  });
  return proc;
}

/** The last part of a process's output, without the route table noise. */
export function tail(proc: Proc, chars = 3000): string {
  return proc.output
    .split('\n')
    .filter((l) => !l.includes('RouterExplorer') && !l.includes('RoutesResolver'))
    .join('\n')
    .slice(-chars);
}

/** Waits until every process printed its start line (API: "listening on", worker: "worker N started"); fails if one exits. */
export async function waitStarted(procs: Proc[], timeoutMs = 60_000): Promise<void> {
  await until(
    'every process to start',
    async () => {
      const dead = procs.find((p) => p.exited);
      if (dead) throw new Error(`${dead.name} exited (${dead.exit}):\n${tail(dead)}`);
      return procs.every((p) => /listening on|worker \d+ started/.test(p.output));
    },
    timeoutMs,
    100,
  );
}

/** SIGKILL (kill -9) and wait for the exit. */
export async function killHard(proc: Proc): Promise<void> {
  if (!proc.exited) proc.child.kill('SIGKILL');
  await until(`${proc.name} to exit`, async () => proc.exited, 10_000, 50);
}
