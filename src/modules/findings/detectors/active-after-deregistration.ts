import { formatTime } from '../../../common/time';
import { AccountFacts, accountEvidence, DetectedFinding, defineDetector, iso, postEvidence } from './types';

/**
 * 已注销仍运行: a deregistered account has posts dated after `deregisteredAt`. A post
 * before (or exactly at) the deregistration time is not a violation.
 */
export function detectActiveAfterDeregistration(accounts: AccountFacts[], timeZone = 'Asia/Shanghai'): DetectedFinding[] {
  const found: DetectedFinding[] = [];
  for (const a of accounts) {
    if (a.state !== 'deregistered' || !a.deregisteredAt || !a.latestPost) continue;
    const cutoff = a.deregisteredAt.getTime();
    if (a.latestPost.publishedAt.getTime() <= cutoff) continue;
    const sample = (a.postsAfterDeregistration?.sample ?? [a.latestPost]).filter((p) => p.publishedAt.getTime() > cutoff);
    const count = Math.max(a.postsAfterDeregistration?.count ?? 0, sample.length, 1);
    found.push({
      kind: 'active_after_deregistration',
      subjectType: 'account',
      subjectId: String(a.id),
      accountId: a.id,
      unitId: a.unitId,
      message: `账号“${a.name}”已于 ${formatTime(a.deregisteredAt, timeZone)} 注销，之后仍有 ${count} 条发布（最近 ${formatTime(a.latestPost.publishedAt, timeZone)}）`,
      evidence: { account: accountEvidence(a), deregisteredAt: iso(a.deregisteredAt), postsAfter: count, latestPost: postEvidence(a.latestPost), posts: sample.map(postEvidence) },
      evidenceKey: [iso(a.deregisteredAt), a.latestPost.id].join('|'),
    });
  }
  return found;
}

export const activeAfterDeregistration = defineDetector({
  kind: 'active_after_deregistration',
  label: '已注销仍运行',
  severity: 'serious',
  input: 'accounts',
  evaluate: (accounts, { timeZone }) => detectActiveAfterDeregistration(accounts, timeZone),
});
