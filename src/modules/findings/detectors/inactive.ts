import { zoneOffsetMinutes } from '../../../common/time';
import { AccountFacts, accountEvidence, DetectedFinding, defineDetector, iso, postEvidence } from './types';

/** States in which an account must keep updating (also while its closing is pending). */
const MAINTAINED = ['opened', 'deregistration_requested'];

export interface InactiveOptions {
  now: Date;
  /** INACTIVE_DAYS (default 14, the 2-week rule of 国办秘函〔2019〕19号). */
  inactiveDays: number;
  timeZone: string;
}

/** The calendar day of an instant in the zone, as a day number. */
export function localDay(instant: Date, timeZone: string): number {
  return Math.floor((instant.getTime() + zoneOffsetMinutes(instant, timeZone) * 60_000) / 86_400_000);
}

/** YYYY-MM-DD of an instant in the office's zone (messages are read by people, never ISO/UTC). */
function dayText(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * 内容不更新: an opened account with no post within the `inactiveDays` calendar days (in
 * APP_TIMEZONE) before today. A post on day today−N still counts as an update; the latest
 * post on day today−N−1 or earlier makes the account inactive. With no post at all, the
 * opening date is the reference (no date either: inactive, never updated).
 */
export function detectInactive(accounts: AccountFacts[], options: InactiveOptions): DetectedFinding[] {
  const today = localDay(options.now, options.timeZone);
  const found: DetectedFinding[] = [];
  for (const a of accounts) {
    if (!MAINTAINED.includes(a.state)) continue;
    const reference = a.latestPost?.publishedAt ?? a.openedAt;
    const days = reference ? today - localDay(reference, options.timeZone) : null;
    if (days !== null && days <= options.inactiveDays) continue;
    found.push({
      kind: 'inactive',
      subjectType: 'account',
      subjectId: String(a.id),
      accountId: a.id,
      unitId: a.unitId,
      message: a.latestPost
        ? `账号“${a.name}”已 ${days} 天未更新（最近发布于 ${dayText(a.latestPost.publishedAt, options.timeZone)}，超过 ${options.inactiveDays} 天）`
        : `账号“${a.name}”开设后没有任何发布${days !== null ? `（开设已 ${days} 天）` : ''}`,
      evidence: {
        account: accountEvidence(a),
        latestPost: postEvidence(a.latestPost),
        openedAt: iso(a.openedAt),
        daysWithoutUpdate: days,
        inactiveDays: options.inactiveDays,
        checkedAt: iso(options.now),
      },
      evidenceKey: [a.latestPost?.id ?? 'none', iso(a.openedAt)].join('|'),
    });
  }
  return found;
}

export const inactive = defineDetector({
  kind: 'inactive',
  label: '内容不更新',
  severity: 'serious',
  input: 'accounts',
  evaluate: (accounts, { now, inactiveDays, timeZone }) => detectInactive(accounts, { now, inactiveDays, timeZone }),
});
