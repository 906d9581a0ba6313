/** Inputs and outputs of the finding detectors: plain data, no framework. */
import type { AccountState } from '../../accounts/account-state-machine';

export const FINDING_KINDS = ['opened_before_approval', 'active_after_deregistration', 'orphaned_supervision', 'multiple_accounts_on_platform', 'inactive', 'error_word'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_KIND_LABELS: Record<FindingKind, string> = {
  opened_before_approval: '先开设后申请',
  active_after_deregistration: '已注销仍运行',
  orphaned_supervision: '监管和实体脱离',
  multiple_accounts_on_platform: '一平台开设多个账号',
  inactive: '内容不更新',
  error_word: '错敏词',
};

export type SubjectType = 'account' | 'post' | 'unit_platform';

export interface PostRef {
  id: number;
  title: string;
  url: string | null;
  publishedAt: Date;
}

/** What the detectors know of one account: its record, its unit, and aggregates of its posts. */
export interface AccountFacts {
  id: number;
  name: string;
  platform: string;
  state: AccountState;
  unitId: number;
  unitName: string | null;
  unitStatus: 'active' | 'abolished' | null;
  unitAbolishedAt: Date | null;
  successorUnitId: number | null;
  appliedAt: Date | null;
  approvedAt: Date | null;
  openedAt: Date | null;
  deregisteredAt: Date | null;
  operatorName: string | null;
  operatorPhone: string | null;
  justification: string | null;
  earliestPost: PostRef | null;
  latestPost: PostRef | null;
  /** Posts dated after `deregisteredAt` (count and a few of them), when any. */
  postsAfterDeregistration: { count: number; sample: PostRef[] } | null;
  /** [recertify] Open handover flags: the named operator was disabled or moved and no new one is recorded yet. */
  handoverFlags?: { userId: number; userName: string; reason: string; flaggedAt: Date }[];
}

export interface DetectedFinding {
  kind: FindingKind;
  subjectType: SubjectType;
  subjectId: string;
  accountId: number | null;
  unitId: number | null;
  /** One line a person reads in lists and alerts. */
  message: string;
  /** What a person checks: post links, dates, states. JSON-safe (dates as ISO strings). */
  evidence: Record<string, unknown>;
  /** The substance of the evidence: an accepted finding reopens only when this changes. */
  evidenceKey: string;
}

export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

export function postEvidence(post: PostRef | null): Record<string, unknown> | null {
  return post ? { id: post.id, title: post.title, url: post.url, publishedAt: iso(post.publishedAt) } : null;
}

export function accountEvidence(a: AccountFacts): Record<string, unknown> {
  return { id: a.id, name: a.name, platform: a.platform, state: a.state, unitId: a.unitId, unitName: a.unitName };
}
