/**
 * The inspection indicator set (检查指标, api.md v1.1 "Inspections"): what each item is, the ten
 * defaults as bulletins apply 国办秘函〔2019〕19号, and the validation of an admin's set. Pure.
 */

export const INDICATOR_TYPES = ['veto', 'deduction', 'bonus'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export const INDICATOR_BASES = ['auto', 'manual'] as const;
export type IndicatorBasis = (typeof INDICATOR_BASES)[number];

export interface Indicator {
  code: string;
  name: string;
  type: IndicatorType;
  basis: IndicatorBasis;
  /** Points per hit (deductions and bonuses); 0 for vetoes. */
  points: number;
  /** The most one item may take or give per account (≥ points). */
  cap: number;
  description: string;
}

/**
 * The codes the evaluation knows how to compute from data. An auto item with another code is
 * refused (nothing would ever hit it); a manual item may have any code of the right form.
 */
export const AUTO_CODES = ['security_leak', 'serious_error', 'no_update', 'stale_update', 'error_word', 'broken_column', 'repost_missing'] as const;
export type AutoCode = (typeof AUTO_CODES)[number];

export const DEFAULT_INDICATORS: readonly Indicator[] = [
  { code: 'security_leak', name: '发生泄密或信息安全事件', type: 'veto', basis: 'auto', points: 0, cap: 0, description: '检查季度内有“隐私泄露”问题，或人工标记' },
  {
    code: 'serious_error',
    name: '出现严重表述错误',
    type: 'veto',
    basis: 'auto',
    points: 0,
    cap: 0,
    description: '检查季度内有严重错敏词或“领导职务错误”问题',
  },
  { code: 'no_update', name: '内容不更新', type: 'veto', basis: 'auto', points: 0, cap: 0, description: '检查日前 14 天内无发布' },
  { code: 'no_interaction', name: '互动回应差', type: 'veto', basis: 'manual', points: 0, cap: 0, description: '人工检查：无可用的互动渠道' },
  { code: 'stale_update', name: '发布数量不足', type: 'deduction', basis: 'auto', points: 10, cap: 10, description: '账号所属单位本季度发布数低于发布任务（每个账号扣一次）' },
  { code: 'error_word', name: '一般错敏词', type: 'deduction', basis: 'auto', points: 2, cap: 20, description: '检查季度内每条一般错敏词问题' },
  { code: 'broken_column', name: '栏目链接不可用', type: 'deduction', basis: 'auto', points: 5, cap: 20, description: '检查日每个不可访问的栏目' },
  { code: 'repost_missing', name: '未完成转发任务', type: 'deduction', basis: 'auto', points: 5, cap: 20, description: '检查季度内每个未完成的转发任务' },
  { code: 'slow_reply', name: '留言回复不及时', type: 'deduction', basis: 'manual', points: 5, cap: 20, description: '人工检查' },
  { code: 'feature_broken', name: '功能不可用', type: 'deduction', basis: 'manual', points: 5, cap: 20, description: '人工检查：菜单、服务功能不可用' },
];

const CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

/** One problem of a submitted set: the index of the item, the field and a Chinese message. */
export interface IndicatorProblem {
  field: string;
  message: string;
}

/** Checks an admin's set (api.md: known types, points ≥ 0, cap ≥ points; codes unique). Empty when valid. */
export function validateIndicators(items: unknown): IndicatorProblem[] {
  if (!Array.isArray(items)) return [{ field: 'items', message: '请求体应为检查指标数组' }];
  const problems: IndicatorProblem[] = [];
  if (!items.length) problems.push({ field: 'items', message: '检查指标不能为空' });
  const seen = new Set<string>();
  (items as Partial<Indicator>[]).forEach((raw, i) => {
    const item = raw && typeof raw === 'object' ? raw : ({} as Partial<Indicator>);
    const at = (field: string, message: string) => problems.push({ field: `${i}.${field}`, message: `第 ${i + 1} 项：${message}` });
    const code = String(item.code ?? '');
    if (!CODE_PATTERN.test(code)) at('code', `编码“${code.slice(0, 40)}”应为小写字母开头的字母、数字或下划线，2–40 位`);
    else if (seen.has(code)) at('code', `编码“${code}”重复`);
    seen.add(code);
    if (typeof item.name !== 'string' || !item.name.trim()) at('name', '名称不能为空');
    else if (item.name.length > 100) at('name', '名称不能超过 100 字');
    if (item.description !== undefined && item.description !== null && (typeof item.description !== 'string' || item.description.length > 500)) {
      at('description', '说明应为不超过 500 字的文字');
    }
    if (!INDICATOR_TYPES.includes(item.type as IndicatorType)) at('type', `类型应为 veto（单项否决）、deduction（扣分）或 bonus（加分），收到“${String(item.type)}”`);
    if (!INDICATOR_BASES.includes(item.basis as IndicatorBasis)) at('basis', `依据应为 auto（自动）或 manual（人工），收到“${String(item.basis)}”`);
    if (item.basis === 'auto' && CODE_PATTERN.test(code) && !AUTO_CODES.includes(code as AutoCode)) {
      at('code', `系统无法自动计算指标“${code}”；自动指标的编码只能是 ${AUTO_CODES.join('、')}，其他指标请设为人工`);
    }
    const points = typeof item.points === 'number' ? item.points : NaN;
    const cap = typeof item.cap === 'number' ? item.cap : NaN;
    if (!Number.isFinite(points) || points < 0 || points > 100) at('points', `分值应为 0–100 的数，收到 ${String(item.points)}`);
    if (!Number.isFinite(cap) || cap < 0 || cap > 100) at('cap', `上限应为 0–100 的数，收到 ${String(item.cap)}`);
    else if (Number.isFinite(points) && cap < points) at('cap', `上限 ${cap} 不能小于分值 ${points}`);
  });
  return problems;
}
