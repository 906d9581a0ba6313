import { detectOrphanedSupervision } from '../findings/detectors/orphaned-supervision';
import type { AccountFacts } from '../findings/detectors/types';

const account = (extra: Partial<AccountFacts> = {}): AccountFacts => ({
  id: 7,
  name: '某镇发布',
  platform: 'wechat',
  state: 'opened',
  unitId: 3,
  unitName: '某镇',
  unitStatus: 'active',
  unitAbolishedAt: null,
  successorUnitId: null,
  appliedAt: null,
  approvedAt: null,
  openedAt: new Date('2024-01-01T00:00:00Z'),
  deregisteredAt: null,
  operatorName: '王五',
  operatorPhone: '0917-1234567',
  justification: null,
  earliestPost: null,
  latestPost: null,
  postsAfterDeregistration: null,
  ...extra,
});

describe('orphaned_supervision with handover flags', () => {
  const flag = { userId: 12, userName: '王五', reason: 'user_disabled', flaggedAt: new Date('2024-05-01T00:00:00Z') };

  it('an open handover flag of a running account is a finding', () => {
    const [found] = detectOrphanedSupervision([account({ handoverFlags: [flag] })]);
    expect(found.evidence.reasons).toEqual(['operator_handover']);
    expect(found.message).toContain('“王五”已停用');
    expect(found.evidence.handover).toEqual([{ userId: 12, userName: '王五', reason: 'user_disabled', flaggedAt: '2024-05-01T00:00:00.000Z' }]);
  });

  it('no flag, or an account not running, is not; no flags keeps the old fingerprint', () => {
    expect(detectOrphanedSupervision([account({ handoverFlags: [] })])).toEqual([]);
    expect(detectOrphanedSupervision([account({ state: 'applied', handoverFlags: [flag] })])).toEqual([]);
    const [withoutField] = detectOrphanedSupervision([account({ operatorPhone: null })]);
    const [withEmpty] = detectOrphanedSupervision([account({ operatorPhone: null, handoverFlags: [] })]);
    expect(withEmpty.evidenceKey).toBe(withoutField.evidenceKey);
    expect(withEmpty.evidence).toEqual(withoutField.evidence);
  });
});
