/**
 * The rectification work order's state machine (整改通知), the only place that decides a step:
 * issued → responded (the unit answers) → closed (accepted), or responded → issued again
 * (returned with a note). Pure: no framework, no database.
 */
export const RECTIFICATION_STATUSES = ['issued', 'responded', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export const RECTIFICATION_ACTIONS = ['issue', 'respond', 'accept', 'return'] as const;
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number];

export const STATUS_LABELS: Record<RectificationStatus, string> = { issued: '待整改', responded: '待核验', closed: '已办结' };
export const ACTION_LABELS: Record<RectificationAction, string> = { issue: '下发', respond: '反馈整改情况', accept: '核验通过', return: '退回重改' };

export interface StepContext {
  /** Who takes the step. */
  actorId: number;
  /** Who gave the latest answer (verification is never theirs). */
  respondedById: number | null;
}

export type StepPlan = { ok: true; to: RectificationStatus } | { ok: false; reason: 'out_of_order' | 'own_response'; message: string };

const STEPS: Record<Exclude<RectificationAction, 'issue'>, { from: RectificationStatus; to: RectificationStatus }> = {
  respond: { from: 'issued', to: 'responded' },
  accept: { from: 'responded', to: 'closed' },
  return: { from: 'responded', to: 'issued' },
};

/** Where `action` leads from `status`, or why it may not be taken (both answered 409 by the service). */
export function planStep(status: RectificationStatus, action: Exclude<RectificationAction, 'issue'>, context: StepContext): StepPlan {
  const step = STEPS[action];
  if (status !== step.from) {
    return { ok: false, reason: 'out_of_order', message: `整改通知当前为“${STATUS_LABELS[status]}”，不能${ACTION_LABELS[action]}${hint(status)}` };
  }
  if ((action === 'accept' || action === 'return') && context.respondedById === context.actorId) {
    return { ok: false, reason: 'own_response', message: '整改情况由您本人反馈，不能由您核验；请由其他审核员或管理员核验' };
  }
  return { ok: true, to: step.to };
}

function hint(status: RectificationStatus): string {
  if (status === 'issued') return '（需先由单位反馈整改情况）';
  if (status === 'responded') return '（已反馈，等待核验）';
  return '（已办结）';
}

/** `overdue` is derived, never stored: an order not closed whose deadline has passed. */
export function isOverdue(order: { status: RectificationStatus; dueAt: Date }, now: Date): boolean {
  return order.status !== 'closed' && order.dueAt.getTime() < now.getTime();
}

export type ReminderLevel = 'none' | 'due' | 'overdue';

/** Which reminder an order should have open now: overdue after the deadline, due within `dueHours` before it. */
export function reminderLevel(order: { status: RectificationStatus; dueAt: Date }, now: Date, dueHours: number): ReminderLevel {
  if (order.status === 'closed') return 'none';
  if (isOverdue(order, now)) return 'overdue';
  return order.dueAt.getTime() - now.getTime() <= dueHours * 3_600_000 ? 'due' : 'none';
}
