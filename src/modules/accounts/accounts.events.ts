import type { Actor } from '../../common/roles';
import type { Transaction } from '../../database/transactions';
import type { FieldChange } from '../audit/audit.service';
import type { Account } from './account.entity';

/**
 * An account was created, edited or moved through its lifecycle (told after commit, with
 * `EventBus.emit`: a failing listener never fails the change). The findings detectors listen.
 */
export class AccountChangedEvent {
  constructor(
    readonly accountId: number,
    /** 'create', 'update' (or the caller's edit action, e.g. 'recertify'), or the lifecycle action (TransitionAction). */
    readonly change: string,
  ) {}
}

/**
 * [recertify] An edit of an account's fields, told inside the edit's transaction (with
 * `EventBus.emitRequired`): what a listener writes in `tx` commits with the edit, and a
 * listener that throws fails the edit. Contact history listens.
 */
export class AccountEditingEvent {
  constructor(
    readonly tx: Transaction,
    /** The account as saved. */
    readonly account: Account,
    readonly changes: Record<string, FieldChange>,
    /** 'update', or the caller's action (e.g. 'recertify'). */
    readonly action: string,
    readonly actor: Actor,
    readonly at: Date,
    /** Opaque context the caller passed in `AccountUpdateOptions.context`. */
    readonly context?: Record<string, unknown>,
  ) {}
}
