import { LIVE_STATES } from '../../accounts/account-state-machine';
import { AccountFacts, accountEvidence, DetectedFinding, defineDetector, iso } from './types';

/** States in which the account is running (or about to), so somebody must be answerable for it. */
const RUNNING = ['approved', 'opened', 'deregistration_requested'];

/**
 * 监管和实体脱离: a live account whose unit is abolished (it was neither moved to another
 * unit nor deregistered); or a running account with no operator contact (name and phone).
 */
export function detectOrphanedSupervision(accounts: AccountFacts[]): DetectedFinding[] {
  const found: DetectedFinding[] = [];
  for (const a of accounts) {
    if (!LIVE_STATES.includes(a.state)) continue;
    const reasons: string[] = [];
    const said: string[] = [];
    if (a.unitStatus === 'abolished') {
      reasons.push('unit_abolished');
      said.push(`所属单位“${a.unitName ?? a.unitId}”已撤并${a.successorUnitId ? `（承接单位编号 ${a.successorUnitId}）` : ''}，账号未迁移或注销`);
    }
    const missing: string[] = [];
    if (RUNNING.includes(a.state)) {
      if (!a.operatorName?.trim()) missing.push('operatorName');
      if (!a.operatorPhone?.trim()) missing.push('operatorPhone');
    }
    if (missing.length) {
      reasons.push('no_operator_contact');
      said.push(`未登记${missing.map((m) => (m === 'operatorName' ? '负责人' : '负责人电话')).join('和')}`);
    }
    // [recertify] the named operator was disabled or moved away and no new operator is recorded yet.
    const handover = RUNNING.includes(a.state) ? (a.handoverFlags ?? []) : [];
    if (handover.length) {
      reasons.push('operator_handover');
      said.push(`负责人${handover.map((h) => `“${h.userName}”${h.reason === 'user_disabled' ? '已停用' : '已调离'}`).join('、')}，尚未登记新的负责人`);
    }
    if (!reasons.length) continue;
    found.push({
      kind: 'orphaned_supervision',
      subjectType: 'account',
      subjectId: String(a.id),
      accountId: a.id,
      unitId: a.unitId,
      message: `账号“${a.name}”监管和实体脱离：${said.join('；')}`,
      evidence: {
        account: accountEvidence(a),
        reasons,
        unit: { id: a.unitId, name: a.unitName, status: a.unitStatus, abolishedAt: iso(a.unitAbolishedAt), successorUnitId: a.successorUnitId },
        missingContact: missing,
        operatorName: a.operatorName,
        operatorPhone: a.operatorPhone,
        ...(handover.length ? { handover: handover.map((h) => ({ userId: h.userId, userName: h.userName, reason: h.reason, flaggedAt: iso(h.flaggedAt) })) } : {}),
      },
      evidenceKey: [reasons.join(','), a.unitId, a.unitStatus, missing.join(','), ...handover.map((h) => h.userId)].join('|'),
    });
  }
  return found;
}

export const orphanedSupervision = defineDetector({
  kind: 'orphaned_supervision',
  label: '监管和实体脱离',
  severity: 'serious',
  input: 'accounts',
  evaluate: (accounts) => detectOrphanedSupervision(accounts),
});
