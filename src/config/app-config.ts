import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Typed, validated configuration. Built once at start from the environment. */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  host: string;
  dataDir: string;
  /** mysql://user:pass@host:port/db, or undefined for the embedded SQLite file. */
  databaseUrl?: string;
  jwtSecret: string;
  /** True when no JWT_SECRET was given and one was generated for this run. */
  jwtSecretGenerated: boolean;
  jwtExpiresIn: string;
  adminUsername: string;
  adminPassword?: string;
  appTimezone: string;
  logLevel: string;
  uploadMaxBytes: number;
  loginMaxFailures: number;
  loginFailureWindowSeconds: number;
  loginRateLimitPerMinute: number;
  webDir: string;
  /** Outbound requests may reach private/loopback addresses, per purpose (api.md, General). */
  linkCheckAllowPrivate: boolean;
  sourceAllowPrivate: boolean;
  alertAllowPrivate: boolean;
  /** Six-field cron (with seconds) in APP_TIMEZONE for the scheduled link sweep. */
  linkSweepCron: string;
  /** An opened account with no post for this many days is inactive (local rule: 2 weeks). */
  inactiveDays: number;
  /** Key for secrets at rest (AES-256-GCM); see the polling module. */
  appSecretKey?: string;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return false;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function cron(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  const fields = value.split(/\s+/);
  if (fields.length < 5 || fields.length > 6) {
    throw new ConfigError(`${name} must be a cron expression with 5 or 6 fields (seconds first), got "${value}"`);
  }
  return value;
}

function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
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

function timezone(env: NodeJS.ProcessEnv): string {
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV || 'development';
  const secret = env.JWT_SECRET?.trim();
  if (!secret && nodeEnv === 'production') {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production (use a long random string)');
  }
  if (secret && secret.length < 8 && nodeEnv === 'production') {
    throw new ConfigError('JWT_SECRET must be at least 8 characters in production');
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const adminUsername = env.ADMIN_USERNAME?.trim() || 'admin';
  if (adminUsername.length > 64) throw new ConfigError('ADMIN_USERNAME must be at most 64 characters');
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 8 characters');
  }
  return {
    nodeEnv,
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: databaseUrl(env),
    jwtSecret: secret || randomBytes(32).toString('hex'),
    jwtSecretGenerated: !secret,
    jwtExpiresIn: env.JWT_EXPIRES_IN || '12h',
    adminUsername,
    adminPassword,
    appTimezone: timezone(env),
    logLevel,
    uploadMaxBytes: integer(env, 'UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    loginMaxFailures: integer(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginFailureWindowSeconds: integer(env, 'LOGIN_FAILURE_WINDOW_SECONDS', 900, 1, 86400),
    loginRateLimitPerMinute: integer(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 60, 1, 100000),
    webDir: path.resolve(env.WEB_DIR || path.join(projectRoot(), 'dist', 'web')),
    linkCheckAllowPrivate: flag(env, 'LINK_CHECK_ALLOW_PRIVATE'),
    sourceAllowPrivate: flag(env, 'SOURCE_ALLOW_PRIVATE'),
    alertAllowPrivate: flag(env, 'ALERT_ALLOW_PRIVATE'),
    linkSweepCron: cron(env, 'LINK_SWEEP_CRON', '0 0 8 * * *'),
    inactiveDays: integer(env, 'INACTIVE_DAYS', 14, 1, 3650),
    appSecretKey: env.APP_SECRET_KEY || undefined,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
