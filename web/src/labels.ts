// Every Chinese label for a contract value lives here.
import type {
  AccountState,
  AlertKind,
  AlertStatus,
  ChannelKind,
  ContactSource,
  DiscoveryStatus,
  DeliveryEvent,
  DeliveryStatus,
  HandoverReason,
  LinkHealth,
  MatchedBy,
  RecertStatus,
  ReportStatus,
  RepostStatus,
  Role,
  RunStatus,
  SourceErrorKind,
  SourceKind,
  StatsGroup,
  TargetSource,
  TriageState,
  TransitionAction,
  UnitKind,
  UnitStatus,
} from './api/models';

// Platform names come from the server's registry: see platforms.tsx (usePlatforms, PlatformTag).

export const STATE_LABELS: Record<AccountState, string> = {
  applied: '已申请（待审批）',
  approved: '已批准',
  rejected: '已驳回',
  opened: '已开设',
  deregistration_requested: '注销申请中',
  deregistered: '已注销',
};

export const STATE_COLORS: Record<AccountState, string> = {
  applied: 'processing',
  approved: 'cyan',
  rejected: 'error',
  opened: 'success',
  deregistration_requested: 'warning',
  deregistered: 'default',
};

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  town: '镇',
  department: '部门',
  committee: '管委会',
  other: '其他',
};

export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = {
  active: '正常',
  abolished: '已撤并',
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  reviewer: '审核员',
  operator: '信息员',
  viewer: '只读',
};

export const ACTION_LABELS: Record<TransitionAction, string> = {
  approve: '审批通过',
  reject: '驳回',
  open: '开设',
  request_deregistration: '申请注销',
  cancel_deregistration: '撤回注销',
  deregister: '注销',
};

/** History entries also record the creation and edits of an account. */
export const HISTORY_ACTION_LABELS: Record<string, string> = {
  create: '提交申请',
  update: '修改信息',
  import: '台账导入',
  recertify: '定期核查',
  posts_import: '导入发布记录',
  source_update: '设置采集来源',
  ...ACTION_LABELS,
};

/** Account fields by their Chinese name (forms, detail page, change history). */
export const ACCOUNT_FIELD_LABELS: Record<string, string> = {
  unitId: '单位',
  platform: '平台',
  name: '账号名称',
  platformAccountId: '平台账号ID',
  homepageUrl: '主页链接',
  operatorName: '负责人',
  operatorPhone: '负责人电话',
  purpose: '用途',
  justification: '同平台多账号理由',
  filingNumber: '备案号',
  state: '状态',
  appliedAt: '申请时间',
  approvedAt: '批准时间',
  rejectedAt: '驳回时间',
  openedAt: '开设时间',
  deregistrationRequestedAt: '申请注销时间',
  deregisteredAt: '注销时间',
  lastReason: '最近理由',
  certifiedSubject: '认证主体',
  certifiedAt: '核查时间',
  certifiedById: '核查人',
  operatorUserId: '负责人用户',
  // The 采集来源 settings, as history records their changes.
  kind: '采集方式',
  url: '订阅地址',
  baseUrl: '接口地址',
  appId: 'AppID',
  appSecret: 'AppSecret',
  uid: '微博 UID',
  accessToken: '访问令牌',
};

// ---- monitoring ----

export const HEALTH_LABELS: Record<LinkHealth, string> = {
  ok: '正常',
  broken: '失效',
  unverifiable: '无法判断',
  unknown: '未检查',
};

export const HEALTH_COLORS: Record<LinkHealth, string> = {
  ok: 'success',
  broken: 'error',
  unverifiable: 'warning',
  unknown: 'default',
};

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  queued: '排队中',
  running: '进行中',
  done: '已完成',
  failed: '失败',
};

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  link_broken: '栏目链接失效',
  poll_failing: '采集失败',
  account_inactive: '长期未更新',
  repost_due: '转发任务即将到期',
  finding: '风险发现',
  source_config: '采集配置错误',
  recertify_due: '核查即将到期',
  rectification_due: '整改即将到期',
  rectification_overdue: '整改逾期',
};

export const ALERT_KIND_COLORS: Record<AlertKind, string> = {
  link_broken: 'error',
  poll_failing: 'orange',
  account_inactive: 'gold',
  repost_due: 'blue',
  finding: 'magenta',
  source_config: 'volcano',
  recertify_due: 'purple',
  rectification_due: 'cyan',
  rectification_overdue: 'red',
};

export const ALERT_STATUS_LABELS: Record<AlertStatus, string> = {
  open: '未恢复',
  resolved: '已恢复',
};

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  webhook: '通用Webhook',
  wecom: '企业微信机器人',
  dingtalk: '钉钉机器人',
  feishu: '飞书机器人',
  email: '邮件',
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: '待发送',
  sent: '发送成功',
  failed: '发送失败',
};

export const DELIVERY_STATUS_COLORS: Record<DeliveryStatus, string> = {
  pending: 'processing',
  sent: 'success',
  failed: 'error',
};

export const DELIVERY_EVENT_LABELS: Record<DeliveryEvent, string> = {
  'alert.opened': '告警产生',
  'alert.resolved': '告警恢复',
  'alert.reminder': '告警提醒',
  test: '测试消息',
};

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  feed: '订阅源',
  wechat_api: '微信公众号接口',
  weibo_api: '微博接口',
  manual: '手工导入',
};

export const SOURCE_ERROR_KIND_LABELS: Record<SourceErrorKind, string> = {
  transient: '临时故障',
  config: '配置错误',
  rate_limited: '平台限流',
  quota: '平台额度用尽',
};

/** The 全部/发布/转发 filter of post lists (URL value of `isRepost`). */
export const POST_TYPE_LABELS: Record<'false' | 'true', string> = {
  false: '发布',
  true: '转发',
};

export const STATS_GROUP_LABELS: Record<StatsGroup, string> = {
  unit: '单位',
  account: '账号',
  platform: '平台',
};

// ---- repost tasks, findings, error words ----

/** Status of a unit/account for a repost task; `missing` before the deadline reads 待完成 (see repostStatusLabel). */
export const REPOST_STATUS_LABELS: Record<RepostStatus | 'pending', string> = {
  done: '按时完成',
  late: '逾期完成',
  missing: '未完成',
  pending: '待完成',
};

export const REPOST_STATUS_COLORS: Record<RepostStatus | 'pending', string> = {
  done: 'success',
  late: 'warning',
  missing: 'error',
  pending: 'processing',
};

export const MATCHED_BY_LABELS: Record<MatchedBy, string> = {
  url: '链接',
  source: '来源',
  title: '标题',
  manual: '人工',
};

export * from './finding-labels';

export function labelOf<K extends string>(map: Record<K, string>, value: K | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return map[value] ?? value;
}

/** Options for an antd Select built from a label map, in the map's order. */
export function optionsOf<K extends string>(map: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(map) as K[]).map((value) => ({ value, label: map[value] }));
}

/** A repost status as shown: `missing` while the deadline has not passed is 待完成. */
export function repostStatusKey(status: RepostStatus, dueAt: string, now = Date.now()): RepostStatus | 'pending' {
  return status === 'missing' && new Date(dueAt).getTime() > now ? 'pending' : status;
}

// ---- [report] ----
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  live: '实时',
  published: '已发布',
};

export const TARGET_SOURCE_LABELS: Record<TargetSource, string> = {
  unit: '单独设置',
  default: '默认',
  none: '未设置',
};

// ---- [recertify] ----
export const RECERT_STATUS_LABELS: Record<RecertStatus, string> = {
  overdue: '已逾期',
  due: '即将到期',
  ok: '未到期',
};

export const RECERT_STATUS_COLORS: Record<RecertStatus, string> = {
  overdue: 'error',
  due: 'warning',
  ok: 'success',
};

export const HANDOVER_REASON_LABELS: Record<HandoverReason, string> = {
  user_disabled: '负责人已停用',
  user_moved: '负责人已调离',
};

export const CONTACT_SOURCE_LABELS: Record<ContactSource, string> = {
  initial: '登记时',
  update: '修改信息',
  recertify: '定期核查',
};

// 运行状态 labels live in system-labels.ts (re-exported here).
export * from './system-labels';

// prettier-ignore
export const DISCOVERY_STATUS_LABELS: Record<DiscoveryStatus, string> = { registered: '已登记', deregistered_active: '注销后仍运行', deregistered: '已注销', undeclared: '未登记', unrelated: '无关' };
export const TRIAGE_LABELS: Record<TriageState, string> = { claimed: '已认领', impostor: '假冒', dismissed: '已忽略' };
