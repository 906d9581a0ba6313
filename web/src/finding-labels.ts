// Chinese labels of findings and their evidence (检测发现); re-exported by labels.ts, where every label is looked up.
import type { ErrorWordCategory, FindingKind, FindingStatus } from './api/models';

export const FINDING_KIND_LABELS: Record<FindingKind, string> = {
  opened_before_approval: '先开设后申请',
  active_after_deregistration: '已注销仍运行',
  orphaned_supervision: '监管和实体脱离',
  multiple_accounts_on_platform: '一平台多账号',
  inactive: '内容不更新',
  error_word: '错敏词',
  privacy_leak: '隐私泄露',
  leader_title_error: '领导职务错误',
};

export const FINDING_KIND_COLORS: Record<FindingKind, string> = {
  opened_before_approval: 'volcano',
  active_after_deregistration: 'red',
  orphaned_supervision: 'purple',
  multiple_accounts_on_platform: 'orange',
  inactive: 'gold',
  error_word: 'magenta',
  privacy_leak: 'red',
  leader_title_error: 'red',
};

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: '待处理',
  resolved: '已消除',
  accepted: '已接受',
};

export const FINDING_STATUS_COLORS: Record<FindingStatus, string> = {
  open: 'error',
  resolved: 'success',
  accepted: 'default',
};

export const ERROR_WORD_CATEGORY_LABELS: Record<ErrorWordCategory, string> = {
  country_name: '国家名称',
  state_body: '国家机关名称',
  statute: '法律法规名称',
  political: '固定政治表述',
  hk_mo_tw: '涉港澳台表述',
  common: '常见易错词',
};

export const SEVERITY_LABELS: Record<'serious' | 'general', string> = { serious: '严重', general: '一般' };
export const SEVERITY_COLORS: Record<'serious' | 'general', string> = { serious: 'red', general: 'orange' };

/** Where in a post a content check found something. */
export const POST_FIELD_LABELS: Record<'title' | 'body', string> = { title: '标题', body: '正文' };

export const PRIVACY_TYPE_LABELS: Record<'resident_id' | 'mobile' | 'bank_card', string> = { resident_id: '身份证号', mobile: '手机号', bank_card: '银行卡号' };

/** Evidence keys of findings by their Chinese name. */
export const EVIDENCE_FIELD_LABELS: Record<string, string> = {
  account: '账号',
  accounts: '账号',
  post: '发布',
  posts: '注销后发布',
  latestPost: '最近发布',
  earliestPost: '最早发布',
  words: '错敏词',
  severity: '严重程度',
  leaks: '泄露信息',
  mentions: '领导职务',
  day: '发布日期',
  reasons: '原因',
  appliedAt: '申请时间',
  approvedAt: '批准时间',
  openedAt: '开设时间',
  deregisteredAt: '注销时间',
  postsAfter: '注销后发布数',
  daysWithoutUpdate: '未更新天数',
  inactiveDays: '判定阈值（天）',
  checkedAt: '检查时间',
  unit: '单位',
  unitName: '单位',
  platform: '平台',
  missing: '缺少',
  justifications: '理由',
};
