import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { EventBus } from '../../common/events/event-bus';
import type { Actor } from '../../common/roles';
import { badRequest, FieldError } from '../../common/validation';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import type { SourceSettings } from './source-vocabulary';
import { AccountSource } from './account-source.entity';
import { PutSourceDto } from './sources.dto';
import { SourceConfiguredEvent } from './sources.events';
import { SourceView } from './sources.responses';
import { SecretService } from '../../common/secret.service';

const SET = '已设置';
const CLEARED = '已清除';

/** Source settings of accounts (account_sources): the only writer of that table. */
@Injectable()
export class SourcesService {
  constructor(
    @InjectRepository(AccountSource) private readonly sources: Repository<AccountSource>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly secrets: SecretService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  async get(accountId: number, actor: Actor): Promise<SourceView> {
    await this.accounts.get(accountId, actor);
    const source = await this.sources.findOne({ where: { accountId } });
    if (!source) throw new NotFoundException(`账号 ${accountId} 尚未配置采集来源,请先设置(PUT /api/accounts/${accountId}/source)`);
    return present(source);
  }

  async put(accountId: number, dto: PutSourceDto, actor: Actor): Promise<SourceView> {
    const account = await this.accounts.get(accountId, actor);
    const saved = await this.dataSource.transaction(async (manager) => {
      const before = await manager.findOne(AccountSource, { where: { accountId } });
      const next = nextSettings(dto, before);
      // Secrets belong to the address and identity they were entered for (SECURITY.md).
      const sameTarget = !!before && sameSecretTarget(before, next);
      const appSecretCleared = dto.kind === 'wechat_api' && !dto.appSecret && !!before?.appSecretEnc && before.kind === dto.kind && !sameTarget;
      const accessTokenCleared = dto.kind === 'weibo_api' && !dto.accessToken && !!before?.accessTokenEnc && before.kind === dto.kind && !sameTarget;
      const stored = {
        appSecretEnc: dto.kind === 'wechat_api' ? (dto.appSecret ? this.secrets.encrypt(dto.appSecret) : sameTarget ? before?.appSecretEnc ?? null : null) : null,
        accessTokenEnc: dto.kind === 'weibo_api' ? (dto.accessToken ? this.secrets.encrypt(dto.accessToken) : sameTarget ? before?.accessTokenEnc ?? null : null) : null,
      };
      const errors: FieldError[] = [];
      if (dto.kind === 'feed' && !next.url) errors.push({ field: 'url', message: '订阅源(feed)需要填写订阅地址 url' });
      if (dto.kind === 'wechat_api' && !next.appId) errors.push({ field: 'appId', message: '微信公众号接口需要填写 AppID(appId)' });
      // A secret this request cleared is reported as not set; one never entered is required.
      if (dto.kind === 'wechat_api' && !stored.appSecretEnc && !appSecretCleared) errors.push({ field: 'appSecret', message: '微信公众号接口需要填写 AppSecret(appSecret)' });
      if (dto.kind === 'weibo_api' && !next.uid) errors.push({ field: 'uid', message: '微博接口需要填写 uid' });
      if (dto.kind === 'weibo_api' && !stored.accessTokenEnc && !accessTokenCleared) errors.push({ field: 'accessToken', message: '微博接口需要填写 access_token(accessToken)' });
      const irrelevant = (['url', 'baseUrl', 'appId', 'appSecret', 'uid', 'accessToken'] as const).filter((f) => dto[f] !== undefined && dto[f] !== null && !RELEVANT[dto.kind].includes(f));
      for (const field of irrelevant) errors.push({ field, message: `类型 ${dto.kind} 不使用字段 ${field},请删除它` });
      if (errors.length) throw badRequest(errors);

      const targetChanged = !before || before.kind !== next.kind || before.url !== next.url || before.baseUrl !== next.baseUrl || before.appId !== next.appId || before.uid !== next.uid;
      const now = new Date();
      const entity = manager.create(AccountSource, {
        ...(before ?? {}),
        accountId,
        ...next,
        ...stored,
        cursor: targetChanged ? null : before?.cursor ?? null,
        consecutiveFailures: 0,
        lastError: null,
        lastErrorKind: null,
        pausedUntil: null,
        nextPollAt: next.kind === 'manual' ? null : now,
        lastPolledAt: before?.lastPolledAt ?? null,
        lastSuccessAt: before?.lastSuccessAt ?? null,
      });
      const result = await manager.save(AccountSource, entity);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of ['kind', 'url', 'baseUrl', 'appId', 'uid'] as const) {
        const from = before ? before[field] : null;
        if (from !== next[field]) changes[field] = { from, to: next[field] };
      }
      // Secrets appear only as "set / changed / cleared", never as values.
      const secretChange = (entered: string | undefined, from: string | null | undefined, to: string | null) =>
        entered || (from ?? null) !== to ? { from: from ? SET : null, to: to ? (entered ? '已更新' : SET) : from ? CLEARED : null } : null;
      const appSecret = secretChange(dto.appSecret, before?.appSecretEnc, stored.appSecretEnc);
      if (appSecret) changes.appSecret = appSecret;
      const accessToken = secretChange(dto.accessToken, before?.accessTokenEnc, stored.accessTokenEnc);
      if (accessToken) changes.accessToken = accessToken;
      const cleared = [appSecretCleared ? 'AppSecret' : null, accessTokenCleared ? 'access_token' : null].filter(Boolean);
      const note = cleared.length ? `;接口地址或账号标识已变更,原 ${cleared.join('、')} 已清除,请重新填写` : '';
      await this.audit.record(manager, { subjectType: 'account', subjectId: accountId, action: 'source_update', actor, reason: `设置采集来源:${dto.kind}${note}`, changes });
      return result;
    });
    // New settings may fix what was wrong; the next poll raises it again if not.
    await this.bus.emitRequired(new SourceConfiguredEvent(account.id));
    return present(saved);
  }

  // ---- for the polling module ----

  find(accountId: number): Promise<AccountSource | null> {
    return this.sources.findOne({ where: { accountId } });
  }

  /** The adapter settings with secrets decrypted (kept in memory only). */
  settingsOf(source: AccountSource): SourceSettings {
    const open = (value: string | null) => {
      if (!value) return null;
      try {
        return this.secrets.decrypt(value);
      } catch {
        throw new BadRequestException('采集凭据无法解密(APP_SECRET_KEY 可能已更换),请重新填写 AppSecret / access_token');
      }
    };
    return { kind: source.kind, url: source.url, baseUrl: source.baseUrl, appId: source.appId, uid: source.uid, appSecret: open(source.appSecretEnc), accessToken: open(source.accessTokenEnc) };
  }

  /** Polling state after a poll (cursor, failures, schedule). */
  async recordPoll(accountId: number, state: Partial<Pick<AccountSource, 'cursor' | 'consecutiveFailures' | 'lastPolledAt' | 'lastSuccessAt' | 'lastError' | 'lastErrorKind' | 'nextPollAt' | 'pausedUntil'>>): Promise<void> {
    await this.sources.update({ accountId }, { ...state, updatedAt: new Date() });
  }

  /** Pushes the next poll time of these sources forward (claimed by a scheduler tick). */
  async claim(accountIds: number[], until: Date): Promise<void> {
    for (let i = 0; i < accountIds.length; i += 500) {
      await this.dataSource.createQueryBuilder().update(AccountSource).set({ nextPollAt: until }).whereInIds(accountIds.slice(i, i + 500)).execute();
    }
  }
}

type Target = Pick<AccountSource, 'kind' | 'url' | 'baseUrl' | 'appId' | 'uid'>;

/**
 * The non-secret settings a PUT asks for. An omitted `baseUrl` keeps the stored one of the
 * same kind (null asks for the platform's official address); other fields are replaced.
 */
function nextSettings(dto: PutSourceDto, before: AccountSource | null): Target {
  const api = dto.kind === 'wechat_api' || dto.kind === 'weibo_api';
  const keptBaseUrl = before?.kind === dto.kind ? before.baseUrl : null;
  return {
    kind: dto.kind,
    url: dto.kind === 'feed' ? dto.url ?? null : null,
    baseUrl: api ? (dto.baseUrl === undefined ? keptBaseUrl : dto.baseUrl) : null,
    appId: dto.kind === 'wechat_api' ? dto.appId ?? null : null,
    uid: dto.kind === 'weibo_api' ? dto.uid ?? null : null,
  };
}

/** Whether stored secrets may stay: the same kind, address (`baseUrl`) and identity (`appId`, `uid`). */
function sameSecretTarget(before: Target, next: Target): boolean {
  return before.kind === next.kind && (before.baseUrl ?? null) === next.baseUrl && (before.appId ?? null) === next.appId && (before.uid ?? null) === next.uid;
}

const RELEVANT: Record<string, string[]> = {
  feed: ['url'],
  wechat_api: ['baseUrl', 'appId', 'appSecret'],
  weibo_api: ['baseUrl', 'uid', 'accessToken'],
  manual: [],
};

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
