/** Child processes of the [scale] bench: start, ask over IPC, wait, stop, and read their CPU time. */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

// Compiled to dist/bench/bench/scale: run from the repository root.
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const PROBE_JS = path.join(__dirname, 'probe.js');

export interface Child {
  name: string;
  proc: ChildProcess;
  output: string;
  exited: boolean;
}

export function startChild(name: string, args: string[], env: Record<string, string>): Child {
  // BENCH_PROFILE_DIR: a V8 CPU profile of every process, to see where its CPU goes.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : [];
  const proc = spawn(process.execPath, [...profile, '-r', PROBE_JS, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const child: Child = { name, proc, output: '', exited: false };
  const keep = (chunk: Buffer) => (child.output = (child.output + chunk.toString()).slice(-20_000));
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  proc.on('exit', () => (child.exited = true));
  return child;
}

export function ask<T>(child: Child, message: Record<string, unknown>, reply: string, timeoutMs = 600_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${child.name}: no ${reply} within ${timeoutMs} ms\n${child.output.slice(-3000)}`)), timeoutMs);
    const onMessage = (m: { bench?: string }) => {
      if (m?.bench !== reply) return;
      clearTimeout(timer);
      child.proc.off('message', onMessage);
      resolve(m as T);
    };
    child.proc.on('message', onMessage);
    if (Object.keys(message).length) child.proc.send(message);
  });
}

export async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number, children: Child[] = []): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    const dead = children.find((c) => c.exited);
    if (dead) throw new Error(`${dead.name} exited:\n${dead.output.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function stopChild(child: Child): Promise<void> {
  if (child.exited) return;
  child.proc.kill('SIGTERM');
  await until(`${child.name} to exit`, () => child.exited, 30_000).catch(() => child.proc.kill('SIGKILL'));
}

/** CPU time (user + system) of another process on this machine, ms; null when it is not here. */
export function procCpuMs(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, at 100 ticks a second
  } catch {
    return null;
  }
}

export function pidOf(name: string): number | null {
  try {
    return Number(execFileSync('pgrep', ['-x', name], { encoding: 'utf8' }).trim().split('\n')[0]) || null;
  } catch {
    return null;
  }
}
