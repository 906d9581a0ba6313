import type { RepostStatus } from './matching/match';
import { countByStatus, pageOfUnits } from './repost-task-views';

const unit = (unitId: number, ...statuses: RepostStatus[]) => ({
  unitId,
  status: statuses.includes('missing') ? 'missing' : statuses.includes('late') ? 'late' : 'done',
  accounts: statuses.map((status, i) => ({ accountId: unitId * 10 + i, status })),
});

describe('the compliance listing: status filter and pages of units', () => {
  const units = [unit(1, 'done', 'missing'), unit(2, 'done'), unit(3, 'late', 'missing'), unit(4, 'missing')];

  it('keeps every unit, unpaged, without a filter or page size', () => {
    expect(pageOfUnits(units, {})).toEqual({ items: units, total: 4, page: 1, pageSize: null });
  });

  it('keeps only the accounts in the status and the units that have any, each unit keeping its own status', () => {
    const missing = pageOfUnits(units, { status: 'missing' });
    expect(missing.total).toBe(3);
    expect(missing.items.map((u) => [u.unitId, u.status, u.accounts.map((a) => a.accountId)])).toEqual([
      [1, 'missing', [11]],
      [3, 'missing', [31]],
      [4, 'missing', [40]],
    ]);
    expect(pageOfUnits(units, { status: 'late' }).items.map((u) => u.unitId)).toEqual([3]);
  });

  it('pages the matching units; a page past the end is empty', () => {
    expect(pageOfUnits(units, { status: 'missing', pageSize: 2, page: 2 })).toMatchObject({ total: 3, page: 2, pageSize: 2, items: [{ unitId: 4 }] });
    expect(pageOfUnits(units, { pageSize: 3 }).items.map((u) => u.unitId)).toEqual([1, 2, 3]);
    expect(pageOfUnits(units, { pageSize: 3, page: 5 }).items).toEqual([]);
  });

  it('counts the required accounts by status', () => {
    expect(countByStatus(units.flatMap((u) => u.accounts))).toEqual({ all: 6, done: 2, late: 1, missing: 3 });
  });
});
