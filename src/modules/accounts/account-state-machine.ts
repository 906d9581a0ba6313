/**
 * The account lifecycle (api.md, Accounts): the one place that decides which state an
 * account moves to, who may move it, and what the move needs. Pure: no framework, no I/O.
 */
import type { Actor, Role } from '../../common/roles';

export const ACCOUNT_STATES = ['applied', 'approved', 'rejected', 'opened', 'deregistration_requested', 'deregistered'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

export const TRANSITION_ACTIONS = ['approve', 'reject', 'open', 'request_deregistration', 'cancel_deregistration', 'deregister'] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

/** States in which an account counts toward the one-account-per-platform rule. */
export const LIVE_STATES: readonly AccountState[] = ['applied', 'approved', 'opened', 'deregistration_requested'];

export type TimestampField = 'approvedAt' | 'rejectedAt' | 'openedAt' | 'deregistrationRequestedAt' | 'deregisteredAt';

interface TransitionRule {
  from: AccountState;
  to: AccountState;
  /** Roles that may act; operators only on their own unit's accounts (unit scope, checked before). */
  roles: readonly Role[];
  /** The date field this action sets (to `at`), if any. */
  stamps: TimestampField | null;
  /** A date field this action clears, if any. */
  clears: TimestampField | null;
  needsReason: boolean;
  needsPlatformIdentity: boolean;
  /** Maker-checker: the applicant may not take this action on their own application. */
  notByApplicant: boolean;
  /** Maker-checker: whoever requested the deregistration may not confirm it (409). */
  notByRequester?: boolean;
}

const OFFICE: readonly Role[] = ['reviewer', 'admin'];
const UNIT_OR_OFFICE: readonly Role[] = ['operator', 'reviewer', 'admin'];

export const TRANSITIONS: Readonly<Record<TransitionAction, TransitionRule>> = {
  approve: { from: 'applied', to: 'approved', roles: OFFICE, stamps: 'approvedAt', clears: null, needsReason: false, needsPlatformIdentity: false, notByApplicant: true },
  reject: { from: 'applied', to: 'rejected', roles: OFFICE, stamps: 'rejectedAt', clears: null, needsReason: true, needsPlatformIdentity: false, notByApplicant: false },
  open: { from: 'approved', to: 'opened', roles: UNIT_OR_OFFICE, stamps: 'openedAt', clears: null, needsReason: false, needsPlatformIdentity: true, notByApplicant: false },
  request_deregistration: {
    from: 'opened',
    to: 'deregistration_requested',
    roles: UNIT_OR_OFFICE,
    stamps: 'deregistrationRequestedAt',
    clears: null,
    needsReason: true,
    needsPlatformIdentity: false,
    notByApplicant: false,
  },
  cancel_deregistration: {
    from: 'deregistration_requested',
    to: 'opened',
    roles: UNIT_OR_OFFICE,
    stamps: null,
    clears: 'deregistrationRequestedAt',
    needsReason: false,
    needsPlatformIdentity: false,
    notByApplicant: false,
  },
  deregister: {
    from: 'deregistration_requested',
    to: 'deregistered',
    roles: OFFICE,
    stamps: 'deregisteredAt',
    clears: null,
    needsReason: false,
    needsPlatformIdentity: false,
    notByApplicant: false,
    notByRequester: true,
  },
};

export const STATE_LABELS: Record<AccountState, string> = {
  applied: '已申请（待审批）',
  approved: '已批准',
  rejected: '已驳回',
  opened: '已开设',
  deregistration_requested: '注销申请中',
  deregistered: '已注销',
};

export const ACTION_LABELS: Record<TransitionAction, string> = {
  approve: '审批通过',
  reject: '驳回',
  open: '开设',
  request_deregistration: '申请注销',
  cancel_deregistration: '撤回注销',
  deregister: '注销',
};

/**
 * The parts of an account a person may change, by state. `details` (PATCH) and `columns` (adding
 * and editing; removing stays open, to clear the links of an ended account) end with the account
 * (rejected, deregistered); the collection source and posts stay open in every
 * state, because posts are the evidence of 未批先发 and 已注销仍运行; re-certification concerns
 * opened accounts only. The API refuses the rest with 409; the UI shows them read-only.
 */
export const ACCOUNT_PARTS = ['details', 'columns', 'source', 'posts', 'recertify'] as const;
export type AccountPart = (typeof ACCOUNT_PARTS)[number];

const WHILE_LIVE: readonly AccountPart[] = ['details', 'columns', 'source', 'posts'];
const ENDED: readonly AccountPart[] = ['source', 'posts'];

export const PARTS_BY_STATE: Readonly<Record<AccountState, readonly AccountPart[]>> = {
  applied: WHILE_LIVE,
  approved: WHILE_LIVE,
  rejected: ENDED,
  opened: [...WHILE_LIVE, 'recertify'],
  deregistration_requested: WHILE_LIVE,
  deregistered: ENDED,
};

const PART_LABELS: Record<AccountPart, string> = {
  details: '修改账号信息',
  columns: '添加或修改栏目',
  source: '设置采集来源',
  posts: '导入发布记录',
  recertify: '定期核查',
};

/** Why the state does not allow changing the part, or null when it does. */
export function partRefusal(state: AccountState, part: AccountPart): string | null {
  if (PARTS_BY_STATE[state].includes(part)) return null;
  return `账号当前状态为“${STATE_LABELS[state]}”，不能${PART_LABELS[part]}`;
}

/** What the state machine needs to know about an account. */
export interface AccountSnapshot {
  state: AccountState;
  appliedById: number | null;
  /** Who requested the deregistration under way (null: unknown, e.g. recorded before [polish]). */
  deregistrationRequestedById?: number | null;
  platformAccountId: string | null;
  homepageUrl: string | null;
}

export interface TransitionInput {
  reason?: string | null;
  platformAccountId?: string | null;
  homepageUrl?: string | null;
}

export type TransitionRefusal =
  | { kind: 'forbidden'; message: string }
  | { kind: 'conflict'; message: string; currentState: AccountState; allowedActions: TransitionAction[] }
  | { kind: 'invalid'; field: string; message: string };

export interface TransitionPlan {
  action: TransitionAction;
  from: AccountState;
  to: AccountState;
  stamps: TimestampField | null;
  clears: TimestampField | null;
}

/** Actions whose `from` state is the given state, whoever acts. */
export function actionsFromState(state: AccountState): TransitionAction[] {
  return TRANSITION_ACTIONS.filter((action) => TRANSITIONS[action].from === state);
}

/** Decides a transition, or says why it is refused. Unit scope is checked before this. */
export function planTransition(
  account: AccountSnapshot,
  action: TransitionAction,
  actor: Pick<Actor, 'id' | 'role'>,
  input: TransitionInput = {},
): TransitionPlan | TransitionRefusal {
  const rule = TRANSITIONS[action];
  if (!rule.roles.includes(actor.role)) {
    return { kind: 'forbidden', message: `您的角色无权执行“${ACTION_LABELS[action]}”操作` };
  }
  if (account.state !== rule.from) {
    const allowed = actionsFromState(account.state);
    const allowedText = allowed.length ? allowed.map((a) => `“${ACTION_LABELS[a]}”`).join('、') : '无';
    return {
      kind: 'conflict',
      currentState: account.state,
      allowedActions: allowed,
      message: `账号当前状态为“${STATE_LABELS[account.state]}”，不能执行“${ACTION_LABELS[action]}”；当前可执行的操作：${allowedText}`,
    };
  }
  if (rule.notByApplicant && account.appliedById !== null && account.appliedById === actor.id) {
    return { kind: 'forbidden', message: '编审分离：申请人不能审批自己提交的申请，请由其他审核员审批' };
  }
  if (byRequester(rule, account, actor)) {
    const allowed = allowedActions(account, actor);
    return {
      kind: 'conflict',
      currentState: account.state,
      allowedActions: allowed,
      message: '编审分离：注销申请人不能确认自己提交的注销申请，请由其他审核员确认注销',
    };
  }
  if (rule.needsReason && !input.reason?.trim()) {
    return { kind: 'invalid', field: 'reason', message: `“${ACTION_LABELS[action]}”需要填写原因` };
  }
  if (rule.needsPlatformIdentity) {
    if (!(input.platformAccountId ?? account.platformAccountId)) {
      return { kind: 'invalid', field: 'platformAccountId', message: '开设需要填写平台账号ID(platformAccountId)' };
    }
    if (!(input.homepageUrl ?? account.homepageUrl)) {
      return { kind: 'invalid', field: 'homepageUrl', message: '开设需要填写账号主页链接' };
    }
  }
  return { action, from: rule.from, to: rule.to, stamps: rule.stamps, clears: rule.clears };
}

export function isRefusal(result: TransitionPlan | TransitionRefusal): result is TransitionRefusal {
  return 'kind' in result;
}

/** The actions this actor could take now (before input checks): drives the UI's buttons. */
export function allowedActions(account: AccountSnapshot, actor: Pick<Actor, 'id' | 'role'>): TransitionAction[] {
  return actionsFromState(account.state).filter((action) => {
    const rule = TRANSITIONS[action];
    if (!rule.roles.includes(actor.role)) return false;
    if (byRequester(rule, account, actor)) return false;
    return !(rule.notByApplicant && account.appliedById !== null && account.appliedById === actor.id);
  });
}

function byRequester(rule: TransitionRule, account: AccountSnapshot, actor: Pick<Actor, 'id'>): boolean {
  return !!rule.notByRequester && account.deregistrationRequestedById != null && account.deregistrationRequestedById === actor.id;
}
