import { findPersonalNumbers, maskPersonalNumbers, PERSONAL_NUMBER_LABELS } from '../../../common/personal-numbers';
import { contextAround } from '../../error-words/matcher';
import { DetectedFinding, defineDetector, postFields, postSummary, ScannedPost } from './types';

/**
 * 隐私泄露 (安全泄密, 单项否决): a post whose title or body shows an unmasked resident ID,
 * mobile or bank card number. Evidence holds only the masked number and a context cut from the
 * masked text, so the full number is never stored (the scan masks every finding's text again).
 */
export function detectPrivacyLeaks(posts: ScannedPost[]): DetectedFinding[] {
  const found: DetectedFinding[] = [];
  for (const post of posts) {
    const leaks = postFields(post).flatMap(([field, text]) => {
      const numbers = findPersonalNumbers(text);
      if (!numbers.length) return [];
      const masked = maskPersonalNumbers(text);
      return numbers.map((n) => ({ field, type: n.kind, label: PERSONAL_NUMBER_LABELS[n.kind], value: n.masked, offset: n.start, context: contextAround(masked, n.start, n.end) }));
    });
    if (!leaks.length) continue;
    const kinds = [...new Set(leaks.map((l) => l.label))].join('、');
    found.push({
      kind: 'privacy_leak',
      subjectType: 'post',
      subjectId: String(post.id),
      accountId: post.accountId,
      unitId: post.unitId,
      message: `账号“${post.accountName ?? post.accountId}”的发布《${maskPersonalNumbers(post.title).slice(0, 60)}》公开了未脱敏的${kinds}（${leaks.length} 处）`,
      evidence: { severity: 'serious', post: { ...postSummary(post), title: maskPersonalNumbers(post.title) }, leaks },
      evidenceKey: leaks.map((l) => `${l.field}:${l.type}:${l.value}`).join(','),
    });
  }
  return found;
}

export const privacyLeak = defineDetector({
  kind: 'privacy_leak',
  label: '隐私泄露',
  severity: 'serious',
  input: 'posts',
  evaluate: (posts) => detectPrivacyLeaks(posts),
});
