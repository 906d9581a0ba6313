/**
 * Reading the environment: each setting parsed and checked once, with a message that names the
 * variable and what it must be (ConfigError stops the start). Used by app-config.ts.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_IMPORT_LIMITS, ImportLimits } from './import-limits';

export class ConfigError extends Error {}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return false;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

export function cron(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  const fields = value.split(/\s+/);
  if (fields.length < 5 || fields.length > 6) {
    throw new ConfigError(`${name} must be a cron expression with 5 or 6 fields (seconds first), got "${value}"`);
  }
  return value;
}

export function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a valid URL: "${raw}"`);
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new ConfigError('DATABASE_URL must start with mysql:// (MySQL 8 or MariaDB 10.11)');
  }
  if (url.pathname.length <= 1) throw new ConfigError('DATABASE_URL must name a database, e.g. mysql://user:pass@host:3306/registry');
  return raw;
}

export function redisUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`REDIS_URL is not a valid URL: "${raw}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ConfigError('REDIS_URL must start with redis:// or rediss://, e.g. redis://127.0.0.1:6379/0');
  return raw;
}

export function timezone(env: NodeJS.ProcessEnv): string {
  const tz = env.APP_TIMEZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ConfigError(`APP_TIMEZONE is not a known IANA time zone: "${tz}"`);
  }
  return tz;
}

/** Walks up from this file to the folder holding package.json (works from src/ and dist/src/). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

// ---- [polling] settings ----

export function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off, got "${env[name]}"`);
}

export function fraction(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 0.9) throw new ConfigError(`${name} must be a number between 0 and 0.9, got "${raw}"`);
  return value;
}

/** POLL_BUDGET_PER_MINUTE (every platform) and POLL_BUDGETS="wechat=60,weibo=30" (overrides). */
export function budgets(env: NodeJS.ProcessEnv): Record<string, number> {
  const result: Record<string, number> = { default: integer(env, 'POLL_BUDGET_PER_MINUTE', 120, 1, 1_000_000) };
  for (const entry of (env.POLL_BUDGETS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([a-z_]+)=(\d+)$/.exec(entry);
    if (!match || Number(match[2]) < 1) throw new ConfigError(`POLL_BUDGETS must look like "wechat=60,weibo=30" (requests per minute), got "${entry}"`);
    result[match[1]] = Number(match[2]);
  }
  return result;
}

/** 32 bytes as 64 hex characters or base64; required in production. */
export function appSecretKey(env: NodeJS.ProcessEnv, nodeEnv: string): string | undefined {
  const raw = env.APP_SECRET_KEY?.trim();
  if (!raw) {
    if (nodeEnv === 'production') throw new ConfigError('APP_SECRET_KEY is required when NODE_ENV=production (32 bytes as 64 hex characters, e.g. `openssl rand -hex 32`)');
    return undefined;
  }
  const hex = /^[0-9a-fA-F]{64}$/.test(raw);
  const base64 = /^[A-Za-z0-9+/_-]+={0,2}$/.test(raw) && Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64').length === 32;
  if (!hex && !base64) throw new ConfigError('APP_SECRET_KEY must be 32 bytes written as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)');
  return raw;
}

// ---- [tasks] settings ----

/** A similarity threshold strictly between 0 and 1 (REPOST_TITLE_THRESHOLD). */
export function threshold(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0.5 || value > 1) throw new ConfigError(`${name} must be a number above 0.5 and at most 1, got "${raw}"`);
  return value;
}

export function queuePrefix(env: NodeJS.ProcessEnv): string {
  const value = env.QUEUE_PREFIX?.trim() || 'registry';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value)) throw new ConfigError(`QUEUE_PREFIX must be 1-64 letters, digits, "_", "." or "-", got "${value}"`);
  return value;
}

// ---- [security] settings ----

/** CORS_ORIGINS="https://a.gov.cn,https://b.gov.cn": exact origins (scheme, host, port), never "*". */
export function corsOrigins(env: NodeJS.ProcessEnv): string[] {
  const origins: string[] = [];
  for (const entry of (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    if (entry === '*') throw new ConfigError('CORS_ORIGINS may not be "*": list the exact origins, e.g. https://portal.example.gov.cn');
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== entry.replace(/\/$/, '')) {
      throw new ConfigError(`CORS_ORIGINS must be a comma-separated list of origins such as https://portal.example.gov.cn (no path), got "${entry}"`);
    }
    origins.push(url.origin);
  }
  return origins;
}

/** TRUST_PROXY: hops (0-10) or a comma list of loopback / linklocal / uniquelocal / addresses / CIDRs; never "true" (anyone could forge X-Forwarded-For). */
export function trustProxy(env: NodeJS.ProcessEnv): string | number {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return 'loopback';
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 0, 10);
  const items = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const valid = (item: string) => ['loopback', 'linklocal', 'uniquelocal'].includes(item) || /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(item);
  if (!items.length || !items.every(valid)) {
    throw new ConfigError(`TRUST_PROXY must be a number of proxy hops or a comma list of loopback, linklocal, uniquelocal, IP addresses or CIDRs (not "true"), got "${raw}"`);
  }
  return items.join(',');
}

export function importLimits(env: NodeJS.ProcessEnv): ImportLimits {
  const d = DEFAULT_IMPORT_LIMITS;
  return {
    maxDataRows: integer(env, 'IMPORT_MAX_ROWS', d.maxDataRows, 1, 1_000_000),
    maxColumns: integer(env, 'IMPORT_MAX_COLUMNS', d.maxColumns, 1, 16384),
    maxZipEntries: integer(env, 'IMPORT_MAX_ZIP_ENTRIES', d.maxZipEntries, 4, 65535),
    maxUncompressedBytes: integer(env, 'IMPORT_MAX_UNCOMPRESSED_BYTES', d.maxUncompressedBytes, 1024 * 1024, 1024 * 1024 * 1024),
  };
}
