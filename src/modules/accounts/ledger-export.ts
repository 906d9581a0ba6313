/**
 * The ledger (台账) export: accounts as rows in the import template's columns and words, so an
 * export imports into an empty system unchanged (api.md v1.1, "Account holders"). Pure.
 */
import { platformRegistry } from '../platforms/platform-registry';
import type { AccountState } from './account-state-machine';
import type { Account } from './account.entity';
import { LEDGER_COLUMNS, LedgerField } from './ledger';

/** How the import reads each state back (ledger.ts STATE_NAMES). */
export const STATE_EXPORT_NAMES: Record<AccountState, string> = {
  applied: '已申请',
  approved: '已批准',
  rejected: '已驳回',
  opened: '已开设',
  deregistration_requested: '注销申请中',
  deregistered: '已注销',
};

export type LedgerAccount = Pick<
  Account,
  | 'unitId'
  | 'platform'
  | 'name'
  | 'platformAccountId'
  | 'homepageUrl'
  | 'openedAt'
  | 'operatorName'
  | 'operatorPhone'
  | 'state'
  | 'deregisteredAt'
  | 'filingNumber'
  | 'justification'
>;

export const LEDGER_HEADERS = LEDGER_COLUMNS.map((c) => c.header);

/** One row per account, in LEDGER_COLUMNS order; dates as YYYY-MM-DD in the office's zone. */
export function ledgerRows(accounts: LedgerAccount[], unitNames: Map<number, string>, day: (at: Date) => string): string[][] {
  return accounts.map((a) => {
    const value: Record<LedgerField, string> = {
      unit: unitNames.get(a.unitId) ?? String(a.unitId),
      platform: platformRegistry.nameOf(a.platform),
      name: a.name,
      platformAccountId: a.platformAccountId ?? '',
      homepageUrl: a.homepageUrl ?? '',
      openedAt: a.openedAt ? day(a.openedAt) : '',
      operatorName: a.operatorName ?? '',
      operatorPhone: a.operatorPhone ?? '',
      state: STATE_EXPORT_NAMES[a.state],
      deregisteredAt: a.deregisteredAt ? day(a.deregisteredAt) : '',
      filingNumber: a.filingNumber ?? '',
      justification: a.justification ?? '',
    };
    return LEDGER_COLUMNS.map((c) => value[c.field]);
  });
}

/** RFC 4180 CSV with a BOM (Excel opens it as UTF-8). */
export function ledgerCsv(rows: string[][]): Buffer {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = [LEDGER_HEADERS, ...rows].map((r) => r.map(quote).join(',')).join('\r\n');
  return Buffer.from(`\ufeff${text}\r\n`, 'utf8');
}
