import { formatTime } from '../../../common/time';
import { AccountFacts, accountEvidence, DetectedFinding, defineDetector, iso, postEvidence } from './types';

/**
 * 先开设后申请: the earliest post, or the stated opening date, is before `approvedAt`; or
 * the account has posts while it was never approved (still `applied`, or `rejected`).
 * A post exactly at the approval time is not a violation.
 */
export function detectOpenedBeforeApproval(accounts: AccountFacts[], timeZone = 'Asia/Shanghai'): DetectedFinding[] {
  const found: DetectedFinding[] = [];
  const at = (date: Date | null | undefined) => (date ? formatTime(date, timeZone) : '—');
  for (const a of accounts) {
    const reasons: string[] = [];
    const earliest = a.earliestPost;
    if ((a.state === 'applied' || a.state === 'rejected') && earliest) reasons.push('posts_without_approval');
    if (a.approvedAt && earliest && earliest.publishedAt.getTime() < a.approvedAt.getTime()) reasons.push('post_before_approval');
    if (a.approvedAt && a.openedAt && a.openedAt.getTime() < a.approvedAt.getTime()) reasons.push('opened_before_approval_date');
    if (!reasons.length) continue;
    const said: string[] = [];
    if (reasons.includes('posts_without_approval')) said.push(`账号尚未获批（${a.state === 'applied' ? '待审批' : '已驳回'}）已有发布`);
    if (reasons.includes('post_before_approval')) said.push(`最早发布 ${at(earliest?.publishedAt)} 早于批准时间 ${at(a.approvedAt)}`);
    if (reasons.includes('opened_before_approval_date')) said.push(`登记的开设时间 ${at(a.openedAt)} 早于批准时间 ${at(a.approvedAt)}`);
    found.push({
      kind: 'opened_before_approval',
      subjectType: 'account',
      subjectId: String(a.id),
      accountId: a.id,
      unitId: a.unitId,
      message: `账号“${a.name}”先开设后申请：${said.join('；')}`,
      evidence: {
        account: accountEvidence(a),
        reasons,
        appliedAt: iso(a.appliedAt),
        approvedAt: iso(a.approvedAt),
        openedAt: iso(a.openedAt),
        earliestPost: postEvidence(earliest),
      },
      evidenceKey: [reasons.join(','), earliest?.id ?? '', iso(a.approvedAt), iso(a.openedAt)].join('|'),
    });
  }
  return found;
}

export const openedBeforeApproval = defineDetector({
  kind: 'opened_before_approval',
  label: '先开设后申请',
  severity: 'serious',
  input: 'accounts',
  evaluate: (accounts, { timeZone }) => detectOpenedBeforeApproval(accounts, timeZone),
});
