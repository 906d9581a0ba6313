import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus';
import type { Actor } from '../../common/roles';
import { badRequest } from '../../common/validation';
import { TransactionRunner } from '../../database/transactions';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import type { SourceSettings } from '../source-kinds/post-source';
import { PLAIN_FIELDS, SECRET_FIELDS } from '../source-kinds/source-kind';
import { sourceKindRegistry } from '../source-kinds/source-kind-registry';
import { AccountSource } from './account-source.entity';
import { resolveSettings, SECRET_COLUMNS } from './source-settings';
import { PutSourceDto } from './sources.dto';
import { SourcesRepository } from './sources.repository';
import { SourceConfiguredEvent } from './sources.events';
import { SourceView } from './sources.responses';
import { SecretService } from '../../common/secret.service';

const SET = '已设置';
const CLEARED = '已清除';

/** Source settings of accounts (account_sources): the only writer of that table. */
@Injectable()
export class SourcesService {
  constructor(
    private readonly sources: SourcesRepository,
    private readonly transactions: TransactionRunner,
    private readonly accounts: AccountsService,
    private readonly secrets: SecretService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  /** True when the account exists and the actor may see it (get() then 404s only for a missing source). */
  async accountVisible(accountId: number, actor: Actor): Promise<boolean> {
    try {
      await this.accounts.get(accountId, actor);
      return true;
    } catch {
      return false;
    }
  }

  async get(accountId: number, actor: Actor): Promise<SourceView> {
    await this.accounts.get(accountId, actor);
    const source = await this.sources.findByAccount(accountId);
    if (!source) throw new NotFoundException(`账号 ${accountId} 尚未配置采集来源，请先设置（PUT /api/accounts/${accountId}/source）`);
    return present(source);
  }

  async put(accountId: number, dto: PutSourceDto, actor: Actor): Promise<SourceView> {
    const account = await this.accounts.get(accountId, actor);
    const saved = await this.transactions.run(async (tx) => {
      const before = await this.sources.findByAccount(accountId, tx);
      const { next, stored, cleared, errors } = resolveSettings(sourceKindRegistry.require(dto.kind), dto, before, (secret) => this.secrets.encrypt(secret));
      if (errors.length) throw badRequest(errors);

      const targetChanged = !before || before.kind !== next.kind || PLAIN_FIELDS.some((field) => before[field] !== next[field]);
      const now = new Date();
      const result = await this.sources.save(tx, {
        ...(before ?? {}),
        accountId,
        ...next,
        ...stored,
        cursor: targetChanged ? null : (before?.cursor ?? null),
        consecutiveFailures: 0,
        lastError: null,
        lastErrorKind: null,
        pausedUntil: null,
        nextPollAt: sourceKindRegistry.isPolled(next.kind) ? now : null,
        lastPolledAt: before?.lastPolledAt ?? null,
        lastSuccessAt: before?.lastSuccessAt ?? null,
      });
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of ['kind', ...PLAIN_FIELDS] as const) {
        const from = before ? before[field] : null;
        if (from !== next[field]) changes[field] = { from, to: next[field] };
      }
      // Secrets appear only as "set / changed / cleared", never as values.
      const secretChange = (entered: string | undefined, from: string | null | undefined, to: string | null) =>
        entered || (from ?? null) !== to ? { from: from ? SET : null, to: to ? (entered ? '已更新' : SET) : from ? CLEARED : null } : null;
      for (const field of SECRET_FIELDS) {
        const { column } = SECRET_COLUMNS[field];
        const change = secretChange(dto[field], before?.[column], stored[column]);
        if (change) changes[field] = change;
      }
      const note = cleared.length ? `；接口地址或账号标识已变更，原 ${cleared.map((field) => SECRET_COLUMNS[field].name).join('、')} 已清除，请重新填写` : '';
      await this.audit.record(tx, {
        subjectType: 'account',
        subjectId: accountId,
        action: 'source_update',
        actor,
        reason: `设置采集来源：${sourceKindRegistry.require(dto.kind).label}${note}`,
        changes,
      });
      return result;
    });
    // New settings may fix what was wrong; the next poll raises it again if not.
    await this.bus.emitRequired(new SourceConfiguredEvent(account.id));
    return present(saved);
  }

  // ---- for the polling module ----

  find(accountId: number): Promise<AccountSource | null> {
    return this.sources.findByAccount(accountId);
  }

  /** The adapter settings with secrets decrypted (kept in memory only). */
  settingsOf(source: AccountSource): SourceSettings {
    const open = (value: string | null) => {
      if (!value) return null;
      try {
        return this.secrets.decrypt(value);
      } catch {
        throw new BadRequestException('采集凭据无法解密（APP_SECRET_KEY 可能已更换），请重新填写 AppSecret / access_token');
      }
    };
    return {
      kind: source.kind,
      url: source.url,
      baseUrl: source.baseUrl,
      appId: source.appId,
      uid: source.uid,
      appSecret: open(source.appSecretEnc),
      accessToken: open(source.accessTokenEnc),
    };
  }

  /** Polling state after a poll (cursor, failures, schedule). */
  async recordPoll(
    accountId: number,
    state: Partial<Pick<AccountSource, 'cursor' | 'consecutiveFailures' | 'lastPolledAt' | 'lastSuccessAt' | 'lastError' | 'lastErrorKind' | 'nextPollAt' | 'pausedUntil'>>,
  ): Promise<void> {
    await this.sources.update(accountId, { ...state, updatedAt: new Date() });
  }

  /** Pushes the next poll time of these sources forward (claimed by a scheduler tick). */
  async claim(accountIds: number[], until: Date): Promise<void> {
    for (let i = 0; i < accountIds.length; i += 500) {
      await this.sources.setNextPollAt(accountIds.slice(i, i + 500), until);
    }
  }
}

function present(source: AccountSource): SourceView {
  return {
    accountId: source.accountId,
    kind: source.kind,
    url: source.url,
    baseUrl: source.baseUrl,
    appId: source.appId,
    uid: source.uid,
    appSecretSet: !!source.appSecretEnc,
    accessTokenSet: !!source.accessTokenEnc,
    consecutiveFailures: source.consecutiveFailures,
    lastPolledAt: source.lastPolledAt,
    lastSuccessAt: source.lastSuccessAt,
    lastError: source.lastError,
    lastErrorKind: source.lastErrorKind,
    nextPollAt: source.nextPollAt,
    pausedUntil: source.pausedUntil,
    updatedAt: source.updatedAt,
  };
}
