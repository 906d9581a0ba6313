import { ROLES, Role } from '../../common/roles';
import {
  ACCOUNT_STATES,
  AccountSnapshot,
  AccountState,
  PARTS_BY_STATE,
  TRANSITION_ACTIONS,
  TransitionAction,
  allowedActions,
  isRefusal,
  partRefusal,
  planTransition,
  STATE_LABELS,
} from './account-state-machine';

/** The lifecycle table of api.md, written out independently of the implementation. */
const EXPECTED: Record<TransitionAction, { from: AccountState; to: AccountState; roles: Role[] }> = {
  approve: { from: 'applied', to: 'approved', roles: ['reviewer', 'admin'] },
  reject: { from: 'applied', to: 'rejected', roles: ['reviewer', 'admin'] },
  open: { from: 'approved', to: 'opened', roles: ['operator', 'reviewer', 'admin'] },
  request_deregistration: { from: 'opened', to: 'deregistration_requested', roles: ['operator', 'reviewer', 'admin'] },
  cancel_deregistration: { from: 'deregistration_requested', to: 'opened', roles: ['operator', 'reviewer', 'admin'] },
  deregister: { from: 'deregistration_requested', to: 'deregistered', roles: ['reviewer', 'admin'] },
};

const APPLICANT = 7;
const OTHER = 8;
const fullInput = { reason: '原因', platformAccountId: 'gh_1', homepageUrl: 'https://example.gov.cn/' };

function account(state: AccountState, extra: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return { state, appliedById: APPLICANT, platformAccountId: null, homepageUrl: null, ...extra };
}

describe('account state machine', () => {
  // Every action from every state by every role: 6 × 6 × 4 = 144 cases.
  const cases = ACCOUNT_STATES.flatMap((state) => TRANSITION_ACTIONS.flatMap((action) => ROLES.map((role) => [state, action, role] as const)));

  it.each(cases)('from %s, %s by %s', (state, action, role) => {
    const result = planTransition(account(state), action, { id: OTHER, role }, fullInput);
    const rule = EXPECTED[action];
    if (!rule.roles.includes(role)) {
      expect(result).toMatchObject({ kind: 'forbidden' });
    } else if (rule.from !== state) {
      expect(result).toMatchObject({ kind: 'conflict', currentState: state });
      if (isRefusal(result) && result.kind === 'conflict') {
        expect(result.allowedActions).toEqual(TRANSITION_ACTIONS.filter((a) => EXPECTED[a].from === state));
        // Named as people read it, without the API's codes (the codes are in currentState/allowedActions).
        expect(result.message).toContain(STATE_LABELS[state]);
        expect(result.message).not.toMatch(/[a-z]/);
      }
    } else {
      expect(result).toMatchObject({ action, from: state, to: rule.to });
    }
  });

  it('never lets the applicant approve their own application (编审分离)', () => {
    for (const role of ['reviewer', 'admin'] as const) {
      expect(planTransition(account('applied'), 'approve', { id: APPLICANT, role })).toMatchObject({ kind: 'forbidden' });
      expect(planTransition(account('applied'), 'approve', { id: OTHER, role })).toMatchObject({ to: 'approved' });
    }
    // The applicant may still reject (withdraw) their application.
    expect(planTransition(account('applied'), 'reject', { id: APPLICANT, role: 'reviewer' }, { reason: '撤回' })).toMatchObject({ to: 'rejected' });
    // Imported accounts have no applicant: anyone in the office may approve.
    expect(planTransition(account('applied', { appliedById: null }), 'approve', { id: APPLICANT, role: 'admin' })).toMatchObject({ to: 'approved' });
  });

  it('requires a reason to reject and to request deregistration', () => {
    expect(planTransition(account('applied'), 'reject', { id: OTHER, role: 'reviewer' }, { reason: '  ' })).toEqual(expect.objectContaining({ kind: 'invalid', field: 'reason' }));
    expect(planTransition(account('opened'), 'request_deregistration', { id: OTHER, role: 'operator' })).toEqual(expect.objectContaining({ kind: 'invalid', field: 'reason' }));
  });

  it('requires a platform ID and a homepage to open, from the request or the record', () => {
    const actor = { id: OTHER, role: 'operator' as const };
    expect(planTransition(account('approved'), 'open', actor)).toMatchObject({ kind: 'invalid', field: 'platformAccountId' });
    expect(planTransition(account('approved'), 'open', actor, { platformAccountId: 'x' })).toMatchObject({ kind: 'invalid', field: 'homepageUrl' });
    expect(planTransition(account('approved', { platformAccountId: 'x', homepageUrl: 'https://a.cn/' }), 'open', actor)).toMatchObject({ to: 'opened', stamps: 'openedAt' });
  });

  it('stamps the date of each step, and cancelling a deregistration clears its request date', () => {
    const office = { id: OTHER, role: 'admin' as const };
    expect(planTransition(account('applied'), 'approve', office)).toMatchObject({ stamps: 'approvedAt', clears: null });
    expect(planTransition(account('deregistration_requested'), 'cancel_deregistration', office)).toMatchObject({ stamps: null, clears: 'deregistrationRequestedAt' });
    expect(planTransition(account('deregistration_requested'), 'deregister', office)).toMatchObject({ stamps: 'deregisteredAt' });
  });

  it('lists the actions a person can take now', () => {
    expect(allowedActions(account('applied'), { id: OTHER, role: 'reviewer' })).toEqual(['approve', 'reject']);
    expect(allowedActions(account('applied'), { id: APPLICANT, role: 'reviewer' })).toEqual(['reject']);
    expect(allowedActions(account('applied'), { id: OTHER, role: 'operator' })).toEqual([]);
    expect(allowedActions(account('opened'), { id: OTHER, role: 'operator' })).toEqual(['request_deregistration']);
    expect(allowedActions(account('deregistration_requested'), { id: OTHER, role: 'operator' })).toEqual(['cancel_deregistration']);
    expect(allowedActions(account('deregistration_requested'), { id: OTHER, role: 'admin' })).toEqual(['cancel_deregistration', 'deregister']);
    expect(allowedActions(account('deregistered'), { id: OTHER, role: 'admin' })).toEqual([]);
    for (const state of ACCOUNT_STATES) expect(allowedActions(account(state), { id: OTHER, role: 'viewer' })).toEqual([]);
  });

  it('deregistration is maker-checker: the requester cannot confirm it (409), others can', () => {
    const pending = account('deregistration_requested', { deregistrationRequestedById: OTHER });
    expect(planTransition(pending, 'deregister', { id: OTHER, role: 'reviewer' })).toMatchObject({ kind: 'conflict', message: expect.stringContaining('编审分离') });
    expect(allowedActions(pending, { id: OTHER, role: 'reviewer' })).not.toContain('deregister');
    expect(planTransition(pending, 'deregister', { id: APPLICANT, role: 'admin' })).toMatchObject({ to: 'deregistered' });
    expect(allowedActions(pending, { id: APPLICANT, role: 'admin' })).toContain('deregister');
    // Cancelling stays open to the requester.
    expect(planTransition(pending, 'cancel_deregistration', { id: OTHER, role: 'reviewer' })).toMatchObject({ to: 'opened' });
  });
});

describe('what each state allows changing', () => {
  it('ends details and columns with the account, keeps source and posts open, re-certifies only opened accounts', () => {
    expect(partRefusal('applied', 'details')).toBeNull();
    expect(partRefusal('opened', 'recertify')).toBeNull();
    expect(partRefusal('applied', 'recertify')).toContain('已申请');
    expect(partRefusal('deregistered', 'details')).toBe('账号当前状态为“已注销”，不能修改账号信息');
    expect(partRefusal('rejected', 'columns')).toContain('不能添加或修改栏目');
    for (const state of ACCOUNT_STATES) {
      expect(PARTS_BY_STATE[state]).toEqual(expect.arrayContaining(['source', 'posts']));
    }
  });
});
