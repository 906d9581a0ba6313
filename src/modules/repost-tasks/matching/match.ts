/**
 * Deciding one account's status for one repost task (api.md, Repost tasks). Pure.
 *
 * A post counts when it was published at or after `issuedAt` and matches the task, tried
 * in this order: canonical URL of the post equals the task's source (`url`), the post's own
 * source URL equals it (`source`), the titles are similar enough (`title`). A manual
 * confirmation counts like a post at its `postedAt` (`manual`). The status is `done` when
 * the evidence is at or before `dueAt`, `late` after it, `missing` without evidence.
 *
 * Among several pieces of evidence the best wins: done before late, then url > source >
 * title > manual, then reposts (isRepost) before original posts, then the earliest.
 * Original posts count too: an account that published the notice itself (e.g. its own
 * article carrying the source link) did carry it, and many feeds cannot mark reposts.
 */
import { canonicalUrl } from './canonical-url';
import { DEFAULT_TITLE_THRESHOLD, normaliseTitle, titleSimilarity } from './title-similarity';

export const REPOST_STATUSES = ['done', 'late', 'missing'] as const;
export type RepostStatus = (typeof REPOST_STATUSES)[number];
export const MATCHED_BY = ['url', 'source', 'title', 'manual'] as const;
export type MatchedBy = (typeof MATCHED_BY)[number];

export interface TaskWindow {
  title: string;
  sourceUrl: string;
  issuedAt: Date;
  dueAt: Date;
}

export interface CandidatePost {
  id: number;
  title: string;
  url: string | null;
  sourceUrl: string | null;
  publishedAt: Date;
  isRepost: boolean;
}

export interface ManualConfirmation {
  id: number;
  evidenceUrl: string;
  postedAt: Date;
}

export interface Evidence {
  postId?: number;
  confirmationId?: number;
  url: string | null;
  postedAt: Date;
  matchedBy: MatchedBy;
  /** Title similarity when matched by title. */
  similarity?: number;
}

export interface AccountOutcome {
  status: RepostStatus;
  evidence: Evidence | null;
}

/** A task prepared once for matching many posts. */
export interface PreparedTask extends TaskWindow {
  sourceKey: string | null;
  normalisedTitle: string;
  threshold: number;
}

export function prepareTask(task: TaskWindow, threshold = DEFAULT_TITLE_THRESHOLD): PreparedTask {
  return { ...task, sourceKey: canonicalUrl(task.sourceUrl), normalisedTitle: normaliseTitle(task.title), threshold };
}

/** done (issuedAt ≤ t ≤ dueAt), late (t > dueAt), or null when before the task was issued. */
export function statusAt(at: Date, task: Pick<TaskWindow, 'issuedAt' | 'dueAt'>): 'done' | 'late' | null {
  const t = at.getTime();
  if (t < task.issuedAt.getTime()) return null;
  return t <= task.dueAt.getTime() ? 'done' : 'late';
}

/** How a post matches the task, or null. */
export function matchPost(task: PreparedTask, post: CandidatePost): { matchedBy: Exclude<MatchedBy, 'manual'>; similarity?: number } | null {
  if (task.sourceKey) {
    if (post.url && canonicalUrl(post.url) === task.sourceKey) return { matchedBy: 'url' };
    if (post.sourceUrl && canonicalUrl(post.sourceUrl) === task.sourceKey) return { matchedBy: 'source' };
  }
  const similarity = titleSimilarity(task.title, post.title);
  if (similarity >= task.threshold) return { matchedBy: 'title', similarity: Math.round(similarity * 1000) / 1000 };
  return null;
}

const STATUS_RANK: Record<RepostStatus, number> = { done: 0, late: 1, missing: 2 };
const MATCH_RANK: Record<MatchedBy, number> = { url: 0, source: 1, title: 2, manual: 3 };

interface Candidate {
  status: 'done' | 'late';
  evidence: Evidence;
  isRepost: boolean;
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.status !== b.status) return STATUS_RANK[a.status] < STATUS_RANK[b.status];
  if (a.evidence.matchedBy !== b.evidence.matchedBy) return MATCH_RANK[a.evidence.matchedBy] < MATCH_RANK[b.evidence.matchedBy];
  if (a.isRepost !== b.isRepost) return a.isRepost;
  if (a.evidence.postedAt.getTime() !== b.evidence.postedAt.getTime()) return a.evidence.postedAt < b.evidence.postedAt;
  return (a.evidence.postId ?? a.evidence.confirmationId ?? 0) < (b.evidence.postId ?? b.evidence.confirmationId ?? 0);
}

/** The status of one required account: its posts and its active (not revoked) confirmations. */
export function matchAccount(task: PreparedTask, posts: CandidatePost[], confirmations: ManualConfirmation[] = []): AccountOutcome {
  let best: Candidate | null = null;
  const consider = (candidate: Candidate) => {
    if (!best || better(candidate, best)) best = candidate;
  };
  for (const post of posts) {
    const status = statusAt(post.publishedAt, task);
    if (!status) continue;
    const match = matchPost(task, post);
    if (!match) continue;
    consider({ status, isRepost: post.isRepost, evidence: { postId: post.id, url: post.url ?? post.sourceUrl, postedAt: post.publishedAt, ...match } });
  }
  for (const confirmation of confirmations) {
    const status = statusAt(confirmation.postedAt, task);
    if (!status) continue;
    consider({ status, isRepost: true, evidence: { confirmationId: confirmation.id, url: confirmation.evidenceUrl, postedAt: confirmation.postedAt, matchedBy: 'manual' } });
  }
  const chosen = best as Candidate | null;
  return chosen ? { status: chosen.status, evidence: chosen.evidence } : { status: 'missing', evidence: null };
}

/** A unit's status is its worst account's (missing > late > done). */
export function worstStatus(statuses: RepostStatus[]): RepostStatus {
  let worst: RepostStatus = 'done';
  for (const s of statuses) if (STATUS_RANK[s] > STATUS_RANK[worst]) worst = s;
  return worst;
}
