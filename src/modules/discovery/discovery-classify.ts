/**
 * Classifying an account seen on a platform (账号发现) against the registry: pure, no
 * framework. The first rule that applies wins (api.md "Platforms and discovery").
 */
import { keysForPlatformId, samePlatformId, tryAccountUrlKey } from '../platforms/account-url';

export const DISCOVERY_STATUSES = ['registered', 'deregistered_active', 'deregistered', 'undeclared', 'unrelated'] as const;
export type DiscoveryStatus = (typeof DISCOVERY_STATUSES)[number];
export const TRIAGE_STATES = ['claimed', 'impostor', 'dismissed'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];
export const TRIAGE_ACTIONS = ['claim', 'impostor', 'dismiss'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

/** An account as seen on a platform (one row of the file). */
export interface SeenAccount {
  platform: string;
  name: string;
  platformAccountId: string | null;
  homepageUrl: string | null;
  certifiedSubject: string | null;
  lastPostedAt: Date | null;
}

/** What classification needs of a registered account. */
export interface KnownAccount {
  id: number;
  unitId: number;
  name: string;
  platform: string;
  platformAccountId: string | null;
  homepageUrl: string | null;
  state: string;
  deregisteredAt: Date | null;
  /** Its latest stored post. */
  latestPostAt: Date | null;
  /** The canonical key of its homepage, when computed beforehand (a list is compared with every account). */
  homepageKey?: string | null;
}

export interface KnownUnit {
  id: number;
  name: string;
}

/** A 假冒 case recorded in a period (the quarterly report's `impostors`). */
export interface ImpostorCase {
  discoveryId: number;
  platform: string;
  name: string;
  platformAccountId: string | null;
  homepageUrl: string | null;
  certifiedSubject: string | null;
  /** The unit it pretends to be, when known. */
  unitId: number | null;
  unitName: string | null;
  note: string | null;
  recordedAt: string;
}

export interface Classification {
  status: DiscoveryStatus;
  reason: string;
  accountId: number | null;
  unitId: number | null;
}

/** Unit names shorter than this are too common to mean a unit (e.g. 区). */
const MIN_UNIT_NAME = 2;

const formatDay = (date: Date) => date.toISOString().slice(0, 10);

/** How a seen account names a registered one, or null when it does not. */
export function howMatched(seen: SeenAccount, account: KnownAccount, seenKey = tryAccountUrlKey(seen.homepageUrl)): string | null {
  if (seen.platform !== account.platform) return null;
  const accountKey = account.homepageKey !== undefined ? (account.homepageKey === null ? null : { key: account.homepageKey }) : tryAccountUrlKey(account.homepageUrl);
  if (seen.platformAccountId && samePlatformId(seen.platformAccountId, account.platformAccountId)) return `账号ID“${seen.platformAccountId.trim()}”相同`;
  if (seenKey && accountKey && seenKey.key === accountKey.key) return '主页链接相同（规范化后一致）';
  if (seen.platformAccountId && accountKey && keysForPlatformId(seen.platform, seen.platformAccountId).includes(accountKey.key)) return '账号ID与登记的主页链接一致';
  if (seenKey?.id && samePlatformId(seenKey.id, account.platformAccountId)) return `主页链接中的账号ID“${seenKey.id}”与登记的账号ID相同`;
  return null;
}

/** The unit whose name the seen account's name or 认证主体 contains (the longest name wins). */
function unitNamed(seen: SeenAccount, units: readonly KnownUnit[]): { unit: KnownUnit; field: string } | null {
  const candidates = units.filter((u) => u.name.trim().length >= MIN_UNIT_NAME).sort((a, b) => b.name.length - a.name.length);
  for (const unit of candidates) {
    const name = unit.name.trim();
    if (seen.certifiedSubject?.includes(name)) return { unit, field: '认证主体' };
    if (seen.name.includes(name)) return { unit, field: '账号名称' };
  }
  return null;
}

export function classify(seen: SeenAccount, accounts: readonly KnownAccount[], units: readonly KnownUnit[]): Classification {
  const seenKey = tryAccountUrlKey(seen.homepageUrl);
  const matches = accounts
    .filter((account) => account.platform === seen.platform)
    .map((account) => ({ account, how: howMatched(seen, account, seenKey) }))
    .filter((m) => m.how !== null);
  const live = matches.find((m) => m.account.state !== 'deregistered');
  if (live) {
    return { status: 'registered', reason: `与已登记账号“${live.account.name}”（编号 ${live.account.id}）${live.how}`, accountId: live.account.id, unitId: live.account.unitId };
  }
  const deregistered = matches[0];
  if (deregistered) {
    const { account, how } = deregistered;
    const since = account.deregisteredAt;
    const activity = [seen.lastPostedAt, account.latestPostAt].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
    const base = `与已注销账号“${account.name}”（编号 ${account.id}）${how}`;
    if (since && activity && activity > since) {
      return { status: 'deregistered_active', reason: `${base}；注销于 ${formatDay(since)}，最近发布于 ${formatDay(activity)}`, accountId: account.id, unitId: account.unitId };
    }
    return { status: 'deregistered', reason: `${base}；注销后未见发布`, accountId: account.id, unitId: account.unitId };
  }
  const named = unitNamed(seen, units);
  if (named) {
    return { status: 'undeclared', reason: `${named.field}包含单位名称“${named.unit.name}”，但未在台账中登记`, accountId: null, unitId: named.unit.id };
  }
  return { status: 'unrelated', reason: '未匹配到登记账号，名称和认证主体也不含任何单位名称', accountId: null, unitId: null };
}
