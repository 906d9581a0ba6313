import { baseOf, cycleOf, daysLeft, DAY_MS, dueAtOf, localDate, statusAt, thresholds } from './recertification-cycle';

const options = { days: 90, remindDays: 14 };
const opened = new Date('2024-01-01T00:00:00.000Z');
const created = new Date('2023-12-01T00:00:00.000Z');

describe('re-certification cycle', () => {
  it('counts from the last confirmation, else the opening, else the creation', () => {
    expect(baseOf({ certifiedAt: null, openedAt: null, createdAt: created })).toEqual(created);
    expect(baseOf({ certifiedAt: null, openedAt: opened, createdAt: created })).toEqual(opened);
    const certified = new Date('2024-03-01T00:00:00.000Z');
    expect(baseOf({ certifiedAt: certified, openedAt: opened, createdAt: created })).toEqual(certified);
    expect(dueAtOf(opened, 90).toISOString()).toBe('2024-03-31T00:00:00.000Z');
  });

  it('is ok, then due within the reminder window, then overdue from the due instant', () => {
    const due = dueAtOf(opened, 90);
    expect(statusAt(due, new Date(due.getTime() - 15 * DAY_MS), 14)).toBe('ok');
    expect(statusAt(due, new Date(due.getTime() - 14 * DAY_MS), 14)).toBe('due');
    expect(statusAt(due, new Date(due.getTime() - 1), 14)).toBe('due');
    expect(statusAt(due, due, 14)).toBe('overdue');
    expect(daysLeft(due, new Date(due.getTime() - 36 * 3600_000))).toBe(2);
    expect(daysLeft(due, due)).toBe(0);
    expect(daysLeft(due, new Date(due.getTime() + 36 * 3600_000))).toBe(-1);
  });

  it('a confirmation starts the next cycle (across the boundary)', () => {
    const facts = { certifiedAt: null, openedAt: opened, createdAt: created };
    const late = new Date('2024-04-02T00:00:00.000Z');
    expect(cycleOf(facts, late, options)).toMatchObject({ status: 'overdue', daysLeft: -2 });
    const after = cycleOf({ ...facts, certifiedAt: late }, late, options);
    expect(after).toMatchObject({ status: 'ok', daysLeft: 90 });
    expect(after.dueAt.toISOString()).toBe('2024-07-01T00:00:00.000Z');
  });

  it('thresholds agree with statusAt', () => {
    const now = new Date('2024-06-01T12:00:00.000Z');
    const { overdueBase, dueBase } = thresholds(now, options);
    expect(statusAt(dueAtOf(overdueBase, 90), now, 14)).toBe('overdue');
    expect(statusAt(dueAtOf(new Date(overdueBase.getTime() + 1), 90), now, 14)).toBe('due');
    expect(statusAt(dueAtOf(dueBase, 90), now, 14)).toBe('due');
    expect(statusAt(dueAtOf(new Date(dueBase.getTime() + 1), 90), now, 14)).toBe('ok');
  });

  it('writes local dates in the office time zone', () => {
    expect(localDate(new Date('2024-03-31T17:00:00.000Z'), 'Asia/Shanghai')).toBe('2024-04-01');
  });

  it('counts from the cycle start: nothing falls due before start + days', () => {
    const start = new Date('2026-12-01T00:00:00.000Z');
    const facts = { certifiedAt: null, openedAt: new Date('2021-03-05T00:00:00.000Z'), createdAt: new Date('2021-03-01T00:00:00.000Z') };
    const withStart = { ...options, start };
    expect(cycleOf(facts, new Date('2023-09-30T16:00:00.000Z'), withStart)).toMatchObject({ status: 'ok' });
    expect(cycleOf(facts, new Date('2027-03-10T00:00:00.000Z'), withStart).dueAt.toISOString()).toBe('2027-03-01T00:00:00.000Z');
    // A start before the account's own base changes nothing.
    expect(cycleOf(facts, new Date('2021-09-01T00:00:00.000Z'), { ...options, start: new Date('2000-01-01T00:00:00.000Z') })).toMatchObject({ status: 'overdue' });
    // SQL thresholds: before start + days no base is overdue; after it the account's own base decides.
    const before = thresholds(new Date('2027-01-01T00:00:00.000Z'), withStart);
    expect(before.overdueBase.getTime()).toBeLessThan(facts.openedAt.getTime());
    const after = thresholds(new Date('2027-06-01T00:00:00.000Z'), withStart);
    expect(after.overdueBase.getTime()).toBeGreaterThan(facts.openedAt.getTime());
  });
});
