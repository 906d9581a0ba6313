// What each role may do in the UI. The server enforces the same rules; this only hides
// buttons that would be refused. Transition buttons follow the server's allowedActions.
import type { AccountView, UserView } from './api/schema';
import type { Role } from './api/models';

const OFFICE: Role[] = ['admin', 'reviewer'];

export const can = {
  manageUsers: (user: UserView) => user.role === 'admin',
  manageUnits: (user: UserView) => user.role === 'admin',
  /** Custom platforms (平台设置) are added by admins. */
  managePlatforms: (user: UserView) => user.role === 'admin',
  /** Account discovery (账号发现): importing lists and triaging them is office work. */
  triageDiscovery: (user: UserView) => OFFICE.includes(user.role),
  /** Moving an account to another unit (after 机构撤并) is office work. */
  moveAccount: (user: UserView) => OFFICE.includes(user.role),
  review: (user: UserView) => OFFICE.includes(user.role),
  applyAccount: (user: UserView) => user.role !== 'viewer',
  importLedger: (user: UserView) => user.role !== 'viewer',
  editAccount: (user: UserView, account: AccountView) => OFFICE.includes(user.role) || (user.role === 'operator' && String(user.unitId) === String(account.unitId)),
  /** Columns (栏目) of an account: whoever may edit the account. */
  manageColumns: (user: UserView, account: AccountView) => OFFICE.includes(user.role) || (user.role === 'operator' && String(user.unitId) === String(account.unitId)),
  /** Starting link checks and polls, setting sources, importing posts: not for viewers. */
  startChecks: (user: UserView) => user.role !== 'viewer',
  /** Alert channels are office-wide settings. */
  manageChannels: (user: UserView) => OFFICE.includes(user.role),
  /** Operators work inside their own unit only: unit pickers are fixed for them. */
  /** Repost tasks: created, imported and corrected by the office. */
  manageRepostTasks: (user: UserView) => OFFICE.includes(user.role),
  /** Manual confirmation of a repost: the office, or an operator for their own unit. */
  confirmRepost: (user: UserView, unitId?: number | string) => OFFICE.includes(user.role) || (user.role === 'operator' && String(user.unitId) === String(unitId)),
  /** Accepting a finding (with a reason) is office work. */
  acceptFinding: (user: UserView) => OFFICE.includes(user.role),
  /** A findings scan covers every unit: office work (SECURITY.md). */
  scanFindings: (user: UserView) => OFFICE.includes(user.role),
  /** The 错敏词 library is maintained by the office. */
  manageErrorWords: (user: UserView) => OFFICE.includes(user.role),
  /** Leaders' names and terms (领导信息) are kept by the administrator. */
  manageLeaders: (user: UserView) => user.role === 'admin',
  /** The inspection indicator set (检查指标) is the administrator's (PUT /inspection-indicators). */
  manageIndicators: (user: UserView) => user.role === 'admin',
  isScopedToUnit: (user: UserView) => user.role === 'operator',
};
