import { LIVE_STATES } from '../../accounts/account-state-machine';
import { DetectedFinding, defineDetector, iso, PlatformAccount } from './types';

/**
 * 一平台开设多个账号: more than one live account (applied, approved, opened,
 * deregistration_requested) of a unit on one platform. Rejected and deregistered accounts
 * do not count. One finding per (unit, platform); recorded justifications are in the evidence.
 */
export function detectMultipleAccounts(accounts: PlatformAccount[]): DetectedFinding[] {
  const groups = new Map<string, PlatformAccount[]>();
  for (const a of accounts) {
    if (!LIVE_STATES.includes(a.state)) continue;
    const key = `${a.unitId}:${a.platform}`;
    const group = groups.get(key);
    if (group) group.push(a);
    else groups.set(key, [a]);
  }
  const found: DetectedFinding[] = [];
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    group.sort((x, y) => x.id - y.id);
    const newest = group[group.length - 1];
    const justified = group.filter((a) => a.justification?.trim());
    found.push({
      kind: 'multiple_accounts_on_platform',
      subjectType: 'unit_platform',
      subjectId: key,
      accountId: newest.id,
      unitId: newest.unitId,
      message: `单位“${newest.unitName ?? newest.unitId}”在同一平台（${newest.platform}）有 ${group.length} 个在用账号：${group.map((a) => `“${a.name}”`).join('、')}${justified.length ? '（已登记多账号理由）' : '（未登记多账号理由）'}`,
      evidence: {
        unitId: newest.unitId,
        unitName: newest.unitName,
        platform: newest.platform,
        accounts: group.map((a) => ({ id: a.id, name: a.name, state: a.state, appliedAt: iso(a.appliedAt), justification: a.justification?.trim() || null })),
        justification: justified.map((a) => a.justification?.trim()).join('；') || null,
      },
      evidenceKey: group.map((a) => a.id).join(','),
    });
  }
  return found;
}

export const multipleAccounts = defineDetector({
  kind: 'multiple_accounts_on_platform',
  label: '一平台开设多个账号',
  severity: 'general',
  input: 'crowdedPlatforms',
  evaluate: (accounts) => detectMultipleAccounts(accounts),
});
