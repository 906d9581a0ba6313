// Shapes of the HTTP contract (/work/shared/design/api.md) as the UI uses them.

export type Id = number | string;

export type Role = 'admin' | 'reviewer' | 'operator' | 'viewer';

export interface User {
  id: Id;
  username: string;
  role: Role;
  unitId: Id | null;
  unitName?: string | null;
  disabled: boolean;
  createdAt?: string;
}

export interface LoginResult {
  accessToken: string;
  user: User;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type UnitKind = 'town' | 'department' | 'committee' | 'other';
export type UnitStatus = 'active' | 'abolished';

export interface Unit {
  id: Id;
  name: string;
  kind: UnitKind;
  code: string | null;
  parentId: Id | null;
  contactName: string | null;
  contactPhone: string | null;
  status: UnitStatus;
  abolishedAt: string | null;
  abolishReason: string | null;
  successorUnitId: Id | null;
  accountCount?: number;
}

/** A platform code from the platform registry (GET /api/platforms), e.g. `wechat`, `xiaohongshu`. */
export type Platform = string;

/** One entry of GET /api/platforms. */
export interface PlatformInfo {
  code: Platform;
  name: string;
  /** Built into the server (an admin's custom platforms are not). */
  builtIn: boolean;
  /** Regular expressions over the URL without scheme, matched case-insensitively. */
  urlPatterns: string[];
  sourceKinds: SourceKind[];
}

export type AccountState =
  | 'applied'
  | 'approved'
  | 'rejected'
  | 'opened'
  | 'deregistration_requested'
  | 'deregistered';

export type TransitionAction =
  | 'approve'
  | 'reject'
  | 'open'
  | 'request_deregistration'
  | 'cancel_deregistration'
  | 'deregister';

export interface UserRef {
  id: Id;
  username: string;
}

export interface Account {
  id: Id;
  unitId: Id;
  unitName: string;
  platform: Platform;
  name: string;
  platformAccountId: string | null;
  homepageUrl: string | null;
  operatorName: string | null;
  operatorPhone: string | null;
  purpose: string | null;
  justification: string | null;
  filingNumber: string | null;
  state: AccountState;
  appliedAt: string | null;
  approvedAt: string | null;
  rejectedAt: string | null;
  openedAt: string | null;
  deregistrationRequestedAt: string | null;
  deregisteredAt: string | null;
  lastReason: string | null;
  appliedBy: UserRef | null;
  /** [recertify] 认证主体, the last confirmation and the user behind the operator. */
  certifiedSubject?: string | null;
  certifiedAt?: string | null;
  certifiedBy?: UserRef | null;
  operatorUserId?: Id | null;
  createdAt: string;
  updatedAt: string;
  /** Present on GET /api/accounts/:id: the transitions the current user may perform now. */
  allowedActions?: TransitionAction[];
}

export interface HistoryEntry {
  at: string;
  actor: UserRef | null;
  action: TransitionAction | 'create' | 'update' | string;
  fromState: AccountState | null;
  toState: AccountState | null;
  reason: string | null;
  changes: unknown;
}

export interface Overview {
  accountsByState: Partial<Record<AccountState, number>>;
  accountsByPlatform: Partial<Record<Platform, number>>;
  pendingReview: number;
  unitsWithoutAccount: { id: Id; name: string }[];
}

export interface ImportResult {
  imported: number;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface RowError {
  row: number;
  message: string;
}

// ---- monitoring: columns and link health, alerts, sources and polling, posts ----

export type LinkHealth = 'unknown' | 'ok' | 'broken' | 'unverifiable';

export interface AccountColumn {
  id: Id;
  accountId: Id;
  accountName: string | null;
  unitId: Id | null;
  unitName: string | null;
  name: string;
  url: string;
  health: LinkHealth;
  lastCheckedAt: string | null;
  lastHttpStatus: number | null;
  lastReason: string | null;
  /** `lastReason` in words (server-side label). */
  lastReasonText: string | null;
  lastFinalUrl: string | null;
  brokenSince: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface LinkCheck {
  id: Id;
  columnId: Id;
  runId: Id | null;
  health: Exclude<LinkHealth, 'unknown'>;
  reason: string;
  reasonText: string;
  httpStatus: number | null;
  finalUrl: string | null;
  redirects: number;
  requests: number;
  durationMs: number;
  confirmation: boolean;
  detail: string | null;
  checkedAt: string;
}

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';

export interface LinkCheckRun {
  id: Id;
  status: RunStatus;
  trigger: 'manual' | 'schedule';
  unitId: Id | null;
  total: number;
  done: number;
  ok: number;
  broken: number;
  unverifiable: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type AlertKind = 'link_broken' | 'poll_failing' | 'account_inactive' | 'repost_due' | 'finding' | 'source_config' | 'recertify_due';
export type AlertStatus = 'open' | 'resolved';

export interface AlertItem {
  id: Id;
  kind: AlertKind;
  status: AlertStatus;
  subjectType: string;
  subjectId: string;
  unitId: Id | null;
  message: string;
  details: Record<string, unknown> | null;
  openedAt: string;
  resolvedAt: string | null;
  lastNotifiedAt: string | null;
}

export type ChannelKind = 'webhook' | 'wecom' | 'dingtalk' | 'feishu' | 'email';

export interface AlertChannel {
  id: Id;
  name: string;
  kind: ChannelKind;
  target: string;
  /** The secret itself is write-only. */
  secretSet: boolean;
  kinds: AlertKind[] | null;
  enabled: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface AlertDelivery {
  id: Id;
  channelId: Id;
  alertId: Id | null;
  /** alert.opened | alert.resolved | alert.reminder | test */
  event: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export type SourceKind = 'feed' | 'wechat_api' | 'weibo_api' | 'manual';

export interface AccountSource {
  accountId: Id;
  kind: SourceKind;
  url: string | null;
  baseUrl: string | null;
  appId: string | null;
  uid: string | null;
  appSecretSet: boolean;
  accessTokenSet: boolean;
  consecutiveFailures: number;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorKind: string | null;
  nextPollAt: string | null;
  pausedUntil: string | null;
  updatedAt: string;
}

export interface PollRun {
  id: Id;
  status: 'running' | 'done' | 'failed';
  trigger: 'manual' | 'schedule';
  total: number;
  succeeded: number;
  failed: number;
  newPosts: number;
  startedAt: string;
  finishedAt: string | null;
}

export interface PostItem {
  id: Id;
  accountId: Id;
  platformPostId: string;
  title: string;
  url: string | null;
  publishedAt: string;
  isRepost: boolean;
  sourceUrl: string | null;
  sourceName: string | null;
  origin: SourceKind;
}

export interface PostImportResult {
  imported: number;
  skipped: number;
}

export type StatsGroup = 'unit' | 'account' | 'platform';

export interface PostStats {
  quarter: string;
  groupBy: StatsGroup;
  from: string;
  to: string;
  totals: { posts: number; reposts: number };
  items: { id: Id; name: string; posts: number; reposts: number }[];
}

// ---- repost tasks (转发任务), findings (风险发现), error words (错敏词库) ----

export type RepostStatus = 'done' | 'late' | 'missing';
export type MatchedBy = 'url' | 'source' | 'title' | 'manual';

export interface RepostTask {
  id: number;
  title: string;
  sourceUrl: string;
  sourceName: string | null;
  issuedAt: string;
  dueAt: string;
  platforms: Platform[] | null;
  unitIds: number[] | null;
  editable: boolean;
  computedAt: string | null;
  createdAt: string;
  updatedAt: string;
  summary?: { units: number; done: number; late: number; missing: number };
}

export interface RepostEvidence {
  postId?: number;
  confirmationId?: number;
  url: string | null;
  postedAt: string;
  matchedBy: MatchedBy;
}

export interface RepostCompliance {
  task: RepostTask;
  items: {
    unitId: number;
    unitName: string;
    unitCode: string | null;
    status: RepostStatus;
    accounts: { accountId: number; accountName: string; platform: Platform; status: RepostStatus; evidence?: RepostEvidence }[];
  }[];
}

export interface RepostConfirmation {
  id: number;
  taskId: number;
  accountId: number;
  evidenceUrl: string;
  postedAt: string;
  note: string | null;
  confirmedByUsername: string;
  confirmedAt: string;
  revokedAt: string | null;
  revokedByUsername: string | null;
  revokeReason: string | null;
}

export interface RepostComplianceReport {
  quarter: string;
  period: { from: string; to: string };
  tasks: { id: number; title: string; sourceUrl: string; issuedAt: string; dueAt: string }[];
  units: {
    unitId: number;
    unitName: string;
    unitCode: string | null;
    required: number;
    done: number;
    late: number;
    missing: number;
    pending: number;
    missingTasks: { id: number; title: string }[];
  }[];
  nonCompliantUnits: string[];
}

export type FindingKind =
  | 'opened_before_approval'
  | 'active_after_deregistration'
  | 'orphaned_supervision'
  | 'multiple_accounts_on_platform'
  | 'inactive'
  | 'error_word';
export type FindingStatus = 'open' | 'resolved' | 'accepted';

export interface Finding {
  id: number;
  kind: FindingKind;
  status: FindingStatus;
  subjectType: 'account' | 'post' | 'unit_platform';
  subjectId: string;
  accountId: number | null;
  unitId: number | null;
  message: string;
  evidence: Record<string, unknown>;
  detectedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  acceptedAt: string | null;
  acceptedBy: string | null;
  acceptReason: string | null;
}

export interface FindingScan {
  id: number;
  status: RunStatus;
  trigger: 'manual' | 'schedule';
  accounts: number;
  posts: number;
  opened: number;
  updated: number;
  resolved: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type ErrorWordCategory = 'country_name' | 'state_body' | 'statute' | 'political' | 'hk_mo_tw' | 'common';

export interface ErrorWord {
  id: number;
  wrong: string;
  correct: string;
  category: ErrorWordCategory;
  categoryLabel: string;
  note: string | null;
  allows: { id: number; phrase: string }[];
  createdAt: string;
  updatedAt: string;
}

// ---- [report] quarterly report (季度通报) and targets (发布任务) ----

export interface TargetValue {
  posts: number;
  reposts: number;
}

export interface TargetsView {
  quarter: string;
  default: (TargetValue & { updatedAt: string; updatedBy: string | null }) | null;
  units: { unitId: number; unitName: string; unitCode: string | null; posts: number; reposts: number; updatedAt: string; updatedBy: string | null }[];
}

export type TargetSource = 'unit' | 'default' | 'none';

export interface QuarterlyReportUnit {
  unitId: number;
  unitName: string;
  unitCode: string | null;
  unitStatus: 'active' | 'abolished';
  posts: number;
  reposts: number;
  targetPosts: number;
  targetReposts: number;
  targetSource: TargetSource;
  met: boolean;
  accountsOpen: number;
  accountsByPlatform: Record<string, number>;
  repostTasks: { required: number; done: number; late: number; missing: number; pending: number };
  brokenColumns: number;
  lastPostAt: string | null;
  inactiveAccounts: number;
  openFindings: number;
  problems: string[];
}

export interface QuarterlyReport {
  quarter: string;
  quarterLabel: string;
  period: { from: string; to: string };
  asOf: string;
  current: boolean;
  status: 'live' | 'published';
  publishedAt: string | null;
  publishedBy: string | null;
  generatedAt: string;
  inactiveDays: number;
  defaultTarget: TargetValue | null;
  totals: {
    posts: number;
    reposts: number;
    accountsOpen: number;
    units: number;
    accountsByPlatform: Record<string, number>;
    repostTasks: { tasks: number; required: number; done: number; late: number; missing: number; pending: number };
    brokenColumns: number;
    openFindings: number;
  };
  units: QuarterlyReportUnit[];
  goodUnits: string[];
  unmetUnits: string[];
  zeroPostUnits: string[];
  repostNonCompliantUnits: string[];
  brokenLinkUnits: string[];
  inactiveAccounts: { accountId: number; name: string; platform: Platform; unitId: number; unitName: string; lastPostAt: string | null }[];
  findings: { kind: string; label: string; count: number; units: string[] }[];
}

// ---- [recertify] 定期核查, contact history, handover ----
export type RecertStatus = 'ok' | 'due' | 'overdue';
export type HandoverReason = 'user_disabled' | 'user_moved';

export interface HandoverFlag {
  id: Id;
  accountId: Id;
  userId: Id;
  userName: string;
  reason: HandoverReason;
  detail: string | null;
  flaggedAt: string;
}

export interface RecertificationItem {
  accountId: Id;
  name: string;
  platform: Platform;
  state: AccountState;
  unitId: Id;
  unitName: string | null;
  platformAccountId: string | null;
  homepageUrl: string | null;
  certifiedSubject: string | null;
  operatorName: string | null;
  operatorPhone: string | null;
  certifiedAt: string | null;
  certifiedBy: { id: Id; username: string | null } | null;
  baseAt: string;
  dueAt: string;
  status: RecertStatus;
  daysLeft: number;
  handoverFlags: HandoverFlag[];
}

export interface AccountRecertification {
  accountId: Id;
  state: AccountState;
  certifiedSubject: string | null;
  certifiedAt: string | null;
  certifiedBy: { id: Id; username: string | null } | null;
  cycleDays: number;
  remindDays: number;
  baseAt: string | null;
  dueAt: string | null;
  status: RecertStatus | null;
  daysLeft: number | null;
  handoverFlags: HandoverFlag[];
  certifications: { id: Id; certifiedAt: string; certifiedBy: { id: Id | null; username: string | null }; dueAt: string | null; changes: Record<string, unknown> | null }[];
}

export interface AccountContactPeriod {
  id: Id | null;
  operatorName: string | null;
  operatorPhone: string | null;
  operatorUserId: Id | null;
  validFrom: string;
  validTo: string | null;
  source: 'initial' | 'update' | 'recertify';
  recordedAt: string | null;
  recordedBy: { id: Id | null; username: string | null } | null;
}

// ---- 运行状态 (GET /system/status) ----

export type SystemRunKind = 'link_check' | 'poll' | 'findings_scan';

export interface SystemStatus {
  driver: 'local' | 'bullmq';
  queueUp: boolean;
  runJobs: boolean;
  queues: { name: string; waiting: number; active: number; failed: number }[];
  workers: { name: string; addr: string | null; startedAt: string | null; queues: string[] }[];
  schedules: { name: string; pattern: string | null; tz: string | null; everyMs: number | null; next: string | null }[];
  recentRuns: {
    kind: SystemRunKind;
    id: Id;
    status: RunStatus;
    trigger: 'manual' | 'schedule';
    total?: number;
    done?: number;
    createdAt: string | null;
    startedAt: string | null;
    finishedAt: string | null;
  }[];
}

/** A report file built in the background (POST /api/reports/exports). */
export interface ReportExport {
  id: number;
  report: 'quarterly' | 'repost-compliance';
  quarter: string;
  format: 'xlsx' | 'docx';
  status: 'queued' | 'running' | 'done' | 'failed';
  error: string | null;
  fileName: string | null;
  size: number | null;
  createdAt: string;
  finishedAt: string | null;
}
