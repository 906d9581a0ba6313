import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { Actor } from '../../common/roles';
import { EventBus } from '../../common/events/event-bus';
import { Transaction } from '../../database/transactions';
import { enqueueDetached, JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { AccountEditingEvent } from '../accounts/accounts.events';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AccountsService } from '../accounts/accounts.service';
import { FINDINGS_SCAN_JOB, FindingsScanJob } from '../findings/findings.service';
import { UserChangedEvent } from '../users/users.events';
import { ContactsQuery } from './recertification.dto';
import { HandoverReason } from './recertification.entities';
import { CertificationsRepository, ContactsRepository, HandoverFlagsRepository } from './recertification.repository';
import { ContactView, HandoverFlagView } from './recertification.responses';

export function sameName(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a?.trim() && !!b?.trim() && a.trim() === b.trim();
}

/**
 * Contact history and handover (交接): the only writer of `account_contacts` and
 * `handover_flags`, and of `account_certifications` (a confirmation is recorded inside the
 * account edit that stamps it). Listens to account edits (same transaction) and user changes.
 */
@Injectable()
export class HandoverService implements OnModuleInit {
  private readonly logger = new Logger('Recertification');

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly certifications: CertificationsRepository,
    private readonly contacts: ContactsRepository,
    private readonly flags: HandoverFlagsRepository,
    private readonly accountRows: AccountsRepository,
    private readonly accounts: AccountsService,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    // Inside every account edit's transaction: contact history, confirmations, clearing handovers.
    this.bus.on(AccountEditingEvent, (event) => this.onAccountEdited(event));
    // After a user is disabled or moved: flag the accounts that named them.
    this.bus.on(UserChangedEvent, (event) => this.onUserChanged(event));
  }

  // ---- inside an account edit (same transaction) ----

  private async onAccountEdited(event: AccountEditingEvent): Promise<void> {
    const { tx, account, changes, actor, at } = event;
    const contactChanged = 'operatorName' in changes || 'operatorPhone' in changes;
    if (contactChanged) await this.recordContact(tx, event);
    else if ('operatorUserId' in changes) await this.contacts.setCurrentUser(tx, account.id, account.operatorUserId);
    if (event.action === 'recertify') {
      const { certifiedAt: _c, certifiedById: _b, ...fieldChanges } = changes;
      const columns = event.context?.columns ?? null;
      const recorded: Record<string, unknown> = {};
      if (Object.keys(fieldChanges).length) recorded.account = fieldChanges;
      if (columns) recorded.columns = columns;
      await this.certifications.insert(tx, {
        accountId: account.id,
        unitId: account.unitId,
        certifiedAt: account.certifiedAt ?? at,
        certifiedById: actor.id,
        certifiedBy: actor.username,
        dueAt: typeof event.context?.dueAt === 'string' ? new Date(event.context.dueAt) : null,
        changes: Object.keys(recorded).length ? recorded : null,
      });
    }
    if (('operatorName' in changes || 'operatorUserId' in changes) && account.operatorName?.trim()) {
      const open = await this.flags.openOf([account.id], tx);
      const replaced = open.filter((f) => f.userId !== account.operatorUserId && !sameName(f.userName, account.operatorName));
      await this.flags.clear(
        tx,
        replaced.map((f) => f.id),
        { clearedAt: at, clearedById: actor.id, clearedBy: actor.username },
      );
    }
  }

  /** Closes the current contact period and opens the new one (the first change also records what was there before). */
  private async recordContact(tx: Transaction, event: AccountEditingEvent): Promise<void> {
    const { account, changes, actor, at } = event;
    const before = (field: 'operatorName' | 'operatorPhone' | 'operatorUserId') => (field in changes ? (changes[field].from as string | number | null) : account[field]);
    const open = await this.contacts.currentOf(tx, account.id);
    if (open.length) {
      await this.contacts.close(
        tx,
        open.map((c) => c.id),
        at,
      );
    } else if (before('operatorName') || before('operatorPhone')) {
      await this.contacts.insert(tx, {
        accountId: account.id,
        operatorName: before('operatorName') as string | null,
        operatorPhone: before('operatorPhone') as string | null,
        operatorUserId: before('operatorUserId') as number | null,
        validFrom: account.appliedAt ?? account.openedAt ?? account.createdAt,
        validTo: at,
        source: 'initial',
        recordedAt: at,
        recordedById: null,
        recordedBy: null,
      });
    }
    await this.contacts.insert(tx, {
      accountId: account.id,
      operatorName: account.operatorName,
      operatorPhone: account.operatorPhone,
      operatorUserId: account.operatorUserId,
      validFrom: at,
      validTo: null,
      source: event.action === 'recertify' ? 'recertify' : 'update',
      recordedAt: at,
      recordedById: actor.id,
      recordedBy: actor.username,
    });
  }

  // ---- contact history ----

  /** Who was responsible for the account, newest period first; with `at`, only the period covering that instant. */
  async contactHistory(id: number, query: ContactsQuery, actor: Actor): Promise<ContactView[]> {
    const account = await this.accounts.get(id, actor);
    const rows = await this.contacts.ofAccount(id);
    let items: ContactView[] = rows.map((r) => ({
      id: r.id,
      operatorName: r.operatorName,
      operatorPhone: r.operatorPhone,
      operatorUserId: r.operatorUserId,
      validFrom: r.validFrom,
      validTo: r.validTo,
      source: r.source,
      recordedAt: r.recordedAt,
      recordedBy: r.recordedById === null && r.recordedBy === null ? null : { id: r.recordedById, username: r.recordedBy },
    }));
    if (!items.length && (account.operatorName || account.operatorPhone)) {
      // Never changed since it was registered: what the account carries is the whole history.
      items = [
        {
          id: null,
          operatorName: account.operatorName,
          operatorPhone: account.operatorPhone,
          operatorUserId: account.operatorUserId,
          validFrom: account.appliedAt ?? account.openedAt ?? account.createdAt,
          validTo: null,
          source: 'initial',
          recordedAt: null,
          recordedBy: null,
        },
      ];
    }
    if (query.at) {
      const at = new Date(query.at).getTime();
      items = items.filter((c) => c.validFrom.getTime() <= at && (c.validTo === null || c.validTo.getTime() > at));
    }
    return items;
  }

  // ---- handover (交接) ----

  private async onUserChanged(event: UserChangedEvent): Promise<void> {
    const { user, before, changes, actor } = event;
    let reason: HandoverReason | null = null;
    if ('disabled' in changes && user.disabled) reason = 'user_disabled';
    else if ('unitId' in changes && before.unitId !== null) reason = 'user_moved';
    if (!reason) return;
    await this.flagAccountsOf(user, before, reason, actor);
  }

  /**
   * Flags the live accounts that name this user as operator: linked by `operatorUserId`, or
   * (not linked to anyone) in the user's former unit with `operatorName` equal to the user's
   * display name or username.
   */
  async flagAccountsOf(
    user: UserChangedEvent['user'],
    before: UserChangedEvent['before'],
    reason: HandoverReason,
    actor: Pick<Actor, 'id' | 'username'> | null,
  ): Promise<number[]> {
    const formerUnit = before.unitId;
    const names = [...new Set([before.displayName, user.displayName, user.username].map((n) => n?.trim()).filter((n): n is string => !!n))];
    const accounts = await this.accountRows.liveOperatedBy(user.id, formerUnit, names, reason === 'user_moved');
    const userName = (before.displayName ?? user.displayName ?? user.username).slice(0, 64);
    const detail =
      reason === 'user_disabled'
        ? `负责人“${userName}”（用户 ${user.username}）已停用，请登记新的负责人并做好交接`
        : `负责人“${userName}”（用户 ${user.username}）已调离本单位，请登记新的负责人并做好交接`;
    const flagged: number[] = [];
    const now = new Date();
    for (const a of accounts) {
      try {
        await this.flags.insert({
          accountId: a.id,
          unitId: a.unitId,
          userId: user.id,
          userName,
          reason,
          detail,
          flaggedAt: now,
          clearedAt: null,
          clearedById: null,
          clearedBy: null,
          openKey: `${a.id}:${user.id}`,
        });
        flagged.push(a.id);
      } catch (error) {
        if (!(error instanceof QueryFailedError)) throw error; // already flagged for this user
      }
    }
    if (flagged.length) {
      this.logger.log(
        `handover: ${flagged.length} account(s) flagged after user ${user.id} was ${reason === 'user_disabled' ? 'disabled' : 'moved'}${actor ? ` by ${actor.username}` : ''}`,
      );
      enqueueDetached<FindingsScanJob>(this.queue, this.logger, FINDINGS_SCAN_JOB, { accountIds: flagged });
    }
    return flagged;
  }

  async openFlags(accountIds: number[]): Promise<HandoverFlagView[]> {
    const rows = await this.flags.openOf(accountIds);
    return rows.map((f) => ({
      id: f.id,
      accountId: f.accountId,
      userId: f.userId,
      userName: f.userName,
      reason: f.reason,
      detail: f.detail,
      flaggedAt: f.flaggedAt,
      clearedAt: f.clearedAt,
      clearedBy: f.clearedBy,
    }));
  }
}
