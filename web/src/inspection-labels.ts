/** Labels of the inspection pages (检查评分); kept apart from labels.ts so each file stays short. */

export const INDICATOR_TYPE_LABELS: Record<'veto' | 'deduction' | 'bonus', string> = {
  veto: '单项否决',
  deduction: '扣分',
  bonus: '加分',
};

export const INDICATOR_BASIS_LABELS: Record<'auto' | 'manual', string> = {
  auto: '自动',
  manual: '人工',
};

export const ROUND_STATUS_LABELS: Record<'open' | 'final', string> = {
  open: '进行中',
  final: '已定稿',
};

export const ROUND_STATUS_COLORS: Record<'open' | 'final', string> = {
  open: 'processing',
  final: 'default',
};

export const VERDICT_LABELS: Record<'pass' | 'fail', string> = {
  pass: '合格',
  fail: '不合格',
};

export const VERDICT_COLORS: Record<'pass' | 'fail', string> = {
  pass: 'green',
  fail: 'red',
};

export const EVIDENCE_KIND_LABELS: Record<'finding' | 'column' | 'post' | 'task' | 'unit' | 'manual', string> = {
  finding: '问题',
  column: '栏目',
  post: '发布',
  task: '转发任务',
  unit: '单位',
  manual: '人工',
};
