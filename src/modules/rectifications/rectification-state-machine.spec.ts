import { isOverdue, planStep, reminderLevel } from './rectification-state-machine';

describe('rectification state machine', () => {
  const ctx = { actorId: 1, respondedById: 2 };

  it('walks issued → responded → closed, and responded → issued on return', () => {
    expect(planStep('issued', 'respond', { actorId: 2, respondedById: null })).toEqual({ ok: true, to: 'responded' });
    expect(planStep('responded', 'accept', ctx)).toEqual({ ok: true, to: 'closed' });
    expect(planStep('responded', 'return', ctx)).toEqual({ ok: true, to: 'issued' });
  });

  it('refuses every step out of order', () => {
    for (const [status, action] of [
      ['issued', 'accept'],
      ['issued', 'return'],
      ['responded', 'respond'],
      ['closed', 'respond'],
      ['closed', 'accept'],
      ['closed', 'return'],
    ] as const) {
      const plan = planStep(status, action, ctx);
      expect(plan).toMatchObject({ ok: false, reason: 'out_of_order' });
      if (!plan.ok) expect(plan.message).toMatch(/不能/);
    }
  });

  it('never lets the responder verify their own answer', () => {
    expect(planStep('responded', 'accept', { actorId: 2, respondedById: 2 })).toMatchObject({ ok: false, reason: 'own_response' });
    expect(planStep('responded', 'return', { actorId: 2, respondedById: 2 })).toMatchObject({ ok: false, reason: 'own_response' });
  });

  it('derives overdue and the reminder level from the deadline', () => {
    const dueAt = new Date('2023-09-30T10:00:00Z');
    const before = new Date('2023-09-25T10:00:00Z');
    const close = new Date('2023-09-28T10:00:01Z');
    const after = new Date('2023-09-30T10:00:01Z');
    expect(isOverdue({ status: 'issued', dueAt }, after)).toBe(true);
    expect(isOverdue({ status: 'responded', dueAt }, after)).toBe(true);
    expect(isOverdue({ status: 'closed', dueAt }, after)).toBe(false);
    expect(isOverdue({ status: 'issued', dueAt }, before)).toBe(false);
    expect(reminderLevel({ status: 'issued', dueAt }, before, 72)).toBe('none');
    expect(reminderLevel({ status: 'issued', dueAt }, close, 72)).toBe('due');
    expect(reminderLevel({ status: 'issued', dueAt }, after, 72)).toBe('overdue');
    expect(reminderLevel({ status: 'closed', dueAt }, after, 72)).toBe('none');
  });
});
