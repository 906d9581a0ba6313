import type { AccountState } from '../accounts/account-state-machine';

// What the read model hands the findings detectors (re-exported by findings/detectors/types.ts).

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

/** A live account of a unit that has more than one on the same platform (一平台多账号). */
export interface PlatformAccount {
  id: number;
  name: string;
  platform: string;
  state: AccountState;
  unitId: number;
  unitName: string | null;
  justification: string | null;
  appliedAt: Date | null;
}

/** A stored post with its account, as post detectors read it (a page at a time). */
export interface ScannedPost {
  id: number;
  accountId: number;
  accountName: string | null;
  unitId: number | null;
  title: string;
  /** Plain-text body (正文) as stored, where the source gave one. */
  body?: string | null;
  /** sha256 of title and body as stored (posts.content_hash): what an incremental scan compares. */
  contentHash?: string | null;
  url: string | null;
  publishedAt: Date;
}

/** What the quarterly report needs of one finding to decide whether its quarter counts it. */
export interface FindingFacts {
  kind: string;
  unitId: number | null;
  evidence: Record<string, unknown>;
  detectedAt: Date;
  resolvedAt: Date | null;
}

// What the read model hands the dormant-account list (reports/dormant.ts).

export interface LatestPost {
  title: string;
  url: string | null;
  publishedAt: Date;
}

/** An opened account with its unit's name and its latest post. */
export interface OpenedAccountFacts {
  id: number;
  unitId: number;
  unitName: string;
  name: string;
  platform: string;
  openedAt: Date;
  latestPost: LatestPost | null;
}
