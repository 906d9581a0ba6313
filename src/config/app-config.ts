import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { ImportLimits } from './import-limits';
import {
  ConfigError,
  LOG_LEVELS,
  projectRoot,
  integer,
  flag,
  cron,
  databaseUrl,
  redisUrl,
  timezone,
  onOff,
  fraction,
  budgets,
  appSecretKey,
  threshold,
  queuePrefix,
  corsOrigins,
  trustProxy,
  importLimits,
} from './env-parsers';

export { ConfigError, projectRoot };

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
  /** Every XLSX/CSV import: refused before parsing beyond these (IMPORT_MAX_*). */
  importLimits: ImportLimits;
  loginMaxFailures: number;
  loginFailureWindowSeconds: number;
  loginRateLimitPerMinute: number;
  /** Requests per client IP per minute to the public directory (/api/public/*, /directory). */
  publicRateLimitPerMinute: number;
  webDir: string;
  /** Outbound requests may reach private/loopback addresses, per purpose (api.md, General). */
  linkCheckAllowPrivate: boolean;
  sourceAllowPrivate: boolean;
  alertAllowPrivate: boolean;
  /** Six-field cron (with seconds) in APP_TIMEZONE for the scheduled link sweep. */
  linkSweepCron: string;
  /** Link checks ([links]): limits, timeouts, retries, history kept per column. */
  linkCheckConcurrency: number;
  linkCheckPerHost: number;
  linkCheckMinGapMs: number;
  linkCheckTimeoutMs: number;
  linkCheckConnectTimeoutMs: number;
  linkCheckRetries: number;
  linkCheckBackoffMs: number;
  /** Start the retry of a request unanswered this long when its host answers later requests (0 = off). */
  linkCheckEarlyRetryMs: number;
  linkCheckRetryAfterCapMs: number;
  linkCheckRateLimitTries: number;
  linkCheckMaxBodyBytes: number;
  /** Wait before the confirming re-check of a link that just broke. */
  linkCheckConfirmDelayMs: number;
  linkCheckRetention: number;
  /** Columns per link-check batch job: a sweep is one job per host, big hosts split into batches of at most this many ([scale]). */
  linkCheckBatchSize: number;
  /** Alert delivery ([links]): reminder interval for open alerts (0 = none), retries, SMTP. */
  alertReminderMinutes: number;
  alertDeliveryRetries: number;
  alertDeliveryBackoffMs: number;
  alertDeliveryTimeoutMs: number;
  smtpHost?: string;
  smtpPort: number;
  smtpSecure: boolean;
  smtpUser?: string;
  smtpPass?: string;
  smtpFrom: string;
  /** An opened account with no post for this many days is inactive (local rule: 2 weeks). */
  inactiveDays: number;
  /** Findings ([findings]): scheduled full detector scan on/off, and its six-field cron in APP_TIMEZONE. */
  findingsScheduler: boolean;
  findingsScanCron: string;
  /** After an edit of the 错敏词 library or the leaders, wait this long for more edits before the one rescan starts. */
  rulesRescanDelayMs: number;
  /** Key for secrets at rest (AES-256-GCM); see the polling module. */
  appSecretKey?: string;
  /** Polling ([polling]): scheduler switch, intervals, jitter, concurrency, budgets, backoff. */
  pollScheduler: boolean;
  pollIntervalMinutes: number;
  /** Fraction of the interval added or removed at random (0.1 = ±10%). */
  pollJitter: number;
  pollDeregisteredIntervalMinutes: number;
  pollConcurrency: number;
  pollTickSeconds: number;
  /** Requests per minute per platform; `default` applies to platforms not listed. */
  pollBudgets: Record<string, number>;
  pollBackoffBaseSeconds: number;
  pollBackoffMaxMinutes: number;
  pollFailureAlertThreshold: number;
  sourceTimeoutMs: number;
  sourceMaxBytes: number;
  /** Repost tasks ([tasks]): title-similarity threshold, reminder lead time, reminder scheduler. */
  repostTitleThreshold: number;
  repostReminderHours: number;
  repostReminderScheduler: boolean;
  repostReminderIntervalMinutes: number;
  /** Quarterly report ([report]): the issuing office named in the bulletin, and an optional path of the 工作要求 template. */
  reportIssuer: string;
  reportRequirementsFile?: string;
  /** Re-certification ([recertify]): cycle in days, reminder lead in days, scheduled check switch and its six-field cron. */
  recertifyDays: number;
  recertifyRemindDays: number;
  recertifyScheduler: boolean;
  recertifyCheckCron: string;
  /** RECERTIFY_START_DATE (YYYY-MM-DD): the day the re-certification cycle starts; unset, the day it was first enabled (stored). */
  recertifyStartDate: string | undefined;
  /** Rectification ([rectify]): hours before a deadline that rectification_due opens, and the deadline watch (once a minute). */
  rectificationDueHours: number;
  rectificationScheduler: boolean;
  /** Queue mode ([scale]): BullMQ on this Redis when set; the in-process queue otherwise. */
  redisUrl?: string;
  /** Prefix of every BullMQ key (several deployments can share one Redis). */
  queuePrefix: string;
  /** This process runs queued jobs (default: true without REDIS_URL, false with it; workers force it). */
  runJobs: boolean;
  /** Jobs of each parallel job kind one worker process runs at once (unset: each kind's own default). */
  workerConcurrency?: number;
  /** BullMQ lock of a running job and the stalled-job check interval (a dead worker's job is retried after these). */
  queueLockMs: number;
  queueStalledIntervalMs: number;
  /** `npm run start:worker`: optional port answering GET /health (0 = none). */
  workerHealthPort: number;
  /** [security] Origins allowed to call the API from a browser (CORS); empty = no CORS header for anyone (the public directory has its own). */
  corsOrigins: string[];
  /** [security] Express `trust proxy`: which proxies' X-Forwarded-For is believed for the client address (login throttling, audit). */
  trustProxy: string | number;
  /** [security] Failed logins allowed per username from any client, and per client for any username, within the failure window. */
  loginMaxFailuresPerUser: number;
  loginMaxFailuresPerClient: number;
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
  // The password policy is checked when the initial admin is created (UsersService): the variable
  // is read only then, and a deployment set up before the policy must still start.
  if (env.JWT_EXPIRES_IN && !/^[1-9]\d*\s*(s|m|h|d)$/.test(env.JWT_EXPIRES_IN.trim())) {
    throw new ConfigError(`JWT_EXPIRES_IN must be a lifetime such as 12h, 30m or 1d (with a unit: s, m, h or d), got "${env.JWT_EXPIRES_IN}"`);
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
    importLimits: importLimits(env),
    loginMaxFailures: integer(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginFailureWindowSeconds: integer(env, 'LOGIN_FAILURE_WINDOW_SECONDS', 900, 1, 86400),
    loginRateLimitPerMinute: integer(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 60, 1, 100000),
    publicRateLimitPerMinute: integer(env, 'PUBLIC_RATE_LIMIT_PER_MINUTE', 120, 1, 1000000),
    webDir: path.resolve(env.WEB_DIR || path.join(projectRoot(), 'dist', 'web')),
    linkCheckAllowPrivate: flag(env, 'LINK_CHECK_ALLOW_PRIVATE'),
    sourceAllowPrivate: flag(env, 'SOURCE_ALLOW_PRIVATE'),
    alertAllowPrivate: flag(env, 'ALERT_ALLOW_PRIVATE'),
    linkSweepCron: env.LINK_SWEEP_CRON?.trim().toLowerCase() === 'off' ? 'off' : cron(env, 'LINK_SWEEP_CRON', '0 0 8 * * *'),
    linkCheckConcurrency: integer(env, 'LINK_CHECK_CONCURRENCY', 32, 1, 1024),
    linkCheckPerHost: integer(env, 'LINK_CHECK_PER_HOST', 10, 1, 256),
    linkCheckMinGapMs: integer(env, 'LINK_CHECK_MIN_GAP_MS', 50, 0, 60000),
    linkCheckTimeoutMs: integer(env, 'LINK_CHECK_TIMEOUT_MS', 15000, 50, 300000),
    linkCheckConnectTimeoutMs: integer(env, 'LINK_CHECK_CONNECT_TIMEOUT_MS', 5000, 50, 120000),
    linkCheckRetries: integer(env, 'LINK_CHECK_RETRIES', 2, 0, 10),
    linkCheckBackoffMs: integer(env, 'LINK_CHECK_BACKOFF_MS', 1000, 0, 600000),
    linkCheckEarlyRetryMs: integer(env, 'LINK_CHECK_EARLY_RETRY_MS', 5000, 0, 300000),
    linkCheckRetryAfterCapMs: integer(env, 'LINK_CHECK_RETRY_AFTER_CAP_MS', 60000, 0, 3600000),
    linkCheckRateLimitTries: integer(env, 'LINK_CHECK_RATE_LIMIT_TRIES', 3, 1, 10),
    linkCheckMaxBodyBytes: integer(env, 'LINK_CHECK_MAX_BODY_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
    linkCheckConfirmDelayMs: integer(env, 'LINK_CHECK_CONFIRM_DELAY_MS', 30000, 0, 3600000),
    linkCheckRetention: integer(env, 'LINK_CHECK_RETENTION', 50, 1, 10000),
    linkCheckBatchSize: integer(env, 'LINK_CHECK_BATCH_SIZE', 100, 1, 10000),
    alertReminderMinutes: integer(env, 'ALERT_REMINDER_MINUTES', 0, 0, 525600),
    alertDeliveryRetries: integer(env, 'ALERT_DELIVERY_RETRIES', 3, 0, 20),
    alertDeliveryBackoffMs: integer(env, 'ALERT_DELIVERY_BACKOFF_MS', 30000, 0, 3600000),
    alertDeliveryTimeoutMs: integer(env, 'ALERT_DELIVERY_TIMEOUT_MS', 10000, 50, 120000),
    smtpHost: env.SMTP_HOST?.trim() || undefined,
    smtpPort: integer(env, 'SMTP_PORT', 587, 1, 65535),
    smtpSecure: flag(env, 'SMTP_SECURE'),
    smtpUser: env.SMTP_USER?.trim() || undefined,
    smtpPass: env.SMTP_PASS || undefined,
    smtpFrom: env.SMTP_FROM?.trim() || 'gov-newmedia-registry@localhost',
    inactiveDays: integer(env, 'INACTIVE_DAYS', 14, 1, 3650),
    findingsScheduler: onOff(env, 'FINDINGS_SCHEDULER', true),
    findingsScanCron: cron(env, 'FINDINGS_SCAN_CRON', '0 30 6 * * *'),
    rulesRescanDelayMs: integer(env, 'RULES_RESCAN_DELAY_MS', 3000, 0, 600_000),
    appSecretKey: appSecretKey(env, nodeEnv),
    pollScheduler: onOff(env, 'POLL_SCHEDULER', true),
    pollIntervalMinutes: integer(env, 'POLL_INTERVAL_MINUTES', 120, 1, 10080),
    pollJitter: fraction(env, 'POLL_JITTER', 0.1),
    pollDeregisteredIntervalMinutes: integer(env, 'POLL_DEREGISTERED_INTERVAL_MINUTES', 1440, 1, 43200),
    pollConcurrency: integer(env, 'POLL_CONCURRENCY', 8, 1, 256),
    pollTickSeconds: integer(env, 'POLL_TICK_SECONDS', 60, 1, 3600),
    pollBudgets: budgets(env),
    pollBackoffBaseSeconds: integer(env, 'POLL_BACKOFF_BASE_SECONDS', 300, 0, 86400),
    pollBackoffMaxMinutes: integer(env, 'POLL_BACKOFF_MAX_MINUTES', 1440, 1, 43200),
    pollFailureAlertThreshold: integer(env, 'POLL_FAILURE_ALERT_THRESHOLD', 3, 1, 100),
    sourceTimeoutMs: integer(env, 'SOURCE_TIMEOUT_MS', 15000, 50, 300000),
    sourceMaxBytes: integer(env, 'SOURCE_MAX_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    repostTitleThreshold: threshold(env, 'REPOST_TITLE_THRESHOLD', 0.85),
    repostReminderHours: integer(env, 'REPOST_REMINDER_HOURS', 24, 0, 8760),
    repostReminderScheduler: onOff(env, 'REPOST_REMINDER_SCHEDULER', true),
    repostReminderIntervalMinutes: integer(env, 'REPOST_REMINDER_INTERVAL_MINUTES', 15, 1, 1440),
    reportIssuer: (env.REPORT_ISSUER ?? '').trim() || '政务公开办',
    reportRequirementsFile: (env.REPORT_REQUIREMENTS_FILE ?? '').trim() || undefined,
    recertifyDays: integer(env, 'RECERTIFY_DAYS', 90, 1, 3650),
    recertifyRemindDays: integer(env, 'RECERTIFY_REMIND_DAYS', 14, 0, integer(env, 'RECERTIFY_DAYS', 90, 1, 3650)),
    recertifyScheduler: onOff(env, 'RECERTIFY_SCHEDULER', true),
    recertifyCheckCron: cron(env, 'RECERTIFY_CHECK_CRON', '0 0 9 * * *'),
    recertifyStartDate: isoDay(env, 'RECERTIFY_START_DATE'),
    rectificationDueHours: integer(env, 'RECTIFICATION_DUE_HOURS', 72, 0, 8760),
    rectificationScheduler: onOff(env, 'RECTIFICATION_SCHEDULER', true),
    redisUrl: redisUrl(env),
    queuePrefix: queuePrefix(env),
    runJobs: env.RUN_JOBS === undefined || env.RUN_JOBS.trim() === '' ? !redisUrl(env) : flag(env, 'RUN_JOBS'),
    workerConcurrency: env.WORKER_CONCURRENCY ? integer(env, 'WORKER_CONCURRENCY', 8, 1, 1024) : undefined,
    queueLockMs: integer(env, 'QUEUE_LOCK_MS', 30000, 1000, 3600000),
    queueStalledIntervalMs: integer(env, 'QUEUE_STALLED_INTERVAL_MS', 30000, 1000, 3600000),
    workerHealthPort: integer(env, 'WORKER_HEALTH_PORT', 0, 0, 65535),
    corsOrigins: corsOrigins(env),
    trustProxy: trustProxy(env),
    loginMaxFailuresPerUser: integer(env, 'LOGIN_MAX_FAILURES_PER_USER', 20, 1, 100000),
    loginMaxFailuresPerClient: integer(env, 'LOGIN_MAX_FAILURES_PER_CLIENT', 30, 1, 100000),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function isoDay(env: Record<string, string | undefined>, name: string): string | undefined {
  const text = (env[name] ?? '').trim();
  if (!text) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new ConfigError(`${name} must be a date written YYYY-MM-DD`);
  }
  return text;
}
