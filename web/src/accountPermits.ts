// What the current user may change on one account: their role (permissions.ts) and what the
// account's state allows. The state rules live in one place on the server
// (src/modules/accounts/account-state-machine.ts, PARTS_BY_STATE) and arrive as the account's
// `changeableParts`; every card of the account page asks here, so none shows a panel the API
// would refuse (409) — e.g. nothing to edit on an applied account's re-certification or a
// deregistered account's details and columns.
import type { AccountView, UserView } from './api/schema';
import type { AccountState } from './api/models';
import { can } from './permissions';

export interface AccountPermits {
  /** 编辑 the account's details (PATCH). */
  details: boolean;
  /** Add or edit columns (栏目). */
  addColumns: boolean;
  /** Remove columns: stays open when the account ended, to clear its links. */
  removeColumns: boolean;
  /** Set the collection source and poll now. */
  source: boolean;
  /** Import posts (手工导入). */
  posts: boolean;
  /** Re-certify (定期核查). */
  recertify: boolean;
}

export function accountPermits(user: UserView, account: AccountView): AccountPermits {
  const parts = new Set(account.changeableParts ?? []);
  const edits = can.editAccount(user, account);
  const columns = can.manageColumns(user, account);
  const works = edits && can.startChecks(user);
  return {
    details: edits && parts.has('details'),
    addColumns: columns && parts.has('columns'),
    removeColumns: columns,
    source: works && parts.has('source'),
    posts: works && parts.has('posts'),
    recertify: edits && parts.has('recertify'),
  };
}

/**
 * States in which an account counts toward the one-account-per-platform rule (the server's
 * LIVE_STATES in account-state-machine.ts): rejected and deregistered accounts do not.
 */
export const ONE_PER_PLATFORM_STATES: readonly AccountState[] = ['applied', 'approved', 'opened', 'deregistration_requested'];
