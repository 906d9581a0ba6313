/**
 * Dormant accounts (僵尸号): opened accounts with no post in the given number of days, and
 * what the bulletins ask for (关停整合). Pure, no framework.
 */

import type { OpenedAccountFacts } from '../reporting/read-model.types';

export type { LatestPost, OpenedAccountFacts } from '../reporting/read-model.types';

export type DormantSuggestion = '整合' | '关停';

export interface DormantAccount extends OpenedAccountFacts {
  /** Whole days since the latest post (or, with none, since the opening). */
  idleDays: number;
  suggestion: DormantSuggestion;
  /** Why: the unit's other opened accounts, or that it has none. */
  suggestionReason: string;
}

const DAY_MS = 86_400_000;

/**
 * The accounts of `opened` idle for `days` or more at `now`, longest idle first. 整合 when
 * the unit has another opened account (on any platform) to carry its content, else 关停.
 */
export function dormantAccounts(opened: readonly OpenedAccountFacts[], now: Date, days: number, nameOf: (platform: string) => string): DormantAccount[] {
  const cutoff = now.getTime() - days * DAY_MS;
  const result: DormantAccount[] = [];
  for (const account of opened) {
    const since = account.latestPost?.publishedAt ?? account.openedAt;
    if (since.getTime() > cutoff) continue;
    const others = opened.filter((o) => o.unitId === account.unitId && o.id !== account.id);
    const listed = others
      .slice(0, 3)
      .map((o) => `${nameOf(o.platform)}“${o.name}”`)
      .join('、');
    result.push({
      ...account,
      idleDays: Math.floor((now.getTime() - since.getTime()) / DAY_MS),
      suggestion: others.length ? '整合' : '关停',
      suggestionReason: others.length
        ? `本单位另有已开设账号 ${listed}${others.length > 3 ? ` 等 ${others.length} 个` : ''}，建议将内容整合后注销本账号`
        : '本单位没有其他已开设账号，建议关停或恢复更新',
    });
  }
  return result.sort((a, b) => b.idleDays - a.idleDays || a.id - b.id);
}
