import { Injectable, NotFoundException } from '@nestjs/common';
import { Page, PageQuery } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { EventBus } from '../../common/events/event-bus';
import { UnitScope } from '../../common/unit-scope';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { AccountsRepository } from '../accounts/accounts.repository';
import type { AccountState } from '../accounts/account-state-machine';
import { AccountsService, assertPartAllowed } from '../accounts/accounts.service';
import { AuditService, diffFields } from '../audit/audit.service';
import { REASON_LABELS, ReasonCode } from './link-health-vocabulary';
import { UnitsService } from '../units/units.service';
import { AccountColumn } from './column.entity';
import { CreateColumnDto, ListColumnsQuery, UpdateColumnDto } from './columns.dto';
import { ColumnsRepository } from './columns.repository';
import { ColumnLinkResetEvent } from './columns.events';
import { ColumnListPage, ColumnView } from './columns.responses';

/** A column with the unit it belongs to (through its account), for checks and alerts. */
export interface ColumnTarget {
  column: AccountColumn;
  unitId: number | null;
  accountName: string | null;
}

/** Columns (栏目) of accounts: the only writer of the `columns` table. */
@Injectable()
export class ColumnsService {
  constructor(
    private readonly columns: ColumnsRepository,
    private readonly accountsRepo: AccountsRepository,
    private readonly transactions: TransactionRunner,
    private readonly accounts: AccountsService,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  async create(accountId: number, dto: CreateColumnDto, actor: Actor): Promise<ColumnView> {
    const account = await this.accounts.get(accountId, actor); // 404 / 403
    assertPartAllowed(account.state, 'columns');
    const created = await this.transactions.run(async (tx) => {
      const column = await this.columns.insert(tx, {
        accountId,
        name: dto.name.trim(),
        url: dto.url,
        health: 'unknown',
        lastCheckedAt: null,
        lastHttpStatus: null,
        lastReason: null,
        lastFinalUrl: null,
        brokenSince: null,
      });
      await this.audit.record(tx, { subjectType: 'column', subjectId: column.id, action: 'create', actor, changes: { accountId, name: column.name, url: column.url } });
      return column;
    });
    return (await this.present([created]))[0];
  }

  async listForAccount(accountId: number, query: PageQuery, actor: Actor): Promise<Page<ColumnView>> {
    await this.accounts.get(accountId, actor);
    const page = await this.columns.list({ accountId }, query, 'ASC');
    return { ...page, items: await this.present(page.items) };
  }

  /** A page of columns and the count per link health under the same unit and account filters. */
  async list(query: ListColumnsQuery, actor: Actor): Promise<ColumnListPage> {
    const unitId = UnitScope.effectiveUnitFilter(actor, query.unitId);
    const accountIds = unitId !== undefined ? await this.accountsRepo.idsInUnit(unitId) : undefined;
    const [page, healthCounts] = await Promise.all([
      this.columns.list({ accountIds, accountId: query.accountId, health: query.health }, query),
      this.columns.countByHealth({ accountIds, accountId: query.accountId }),
    ]);
    return { ...page, items: await this.present(page.items), healthCounts };
  }

  async get(id: number, actor: Actor): Promise<ColumnView> {
    const { column } = await this.requireVisible(id, actor);
    return (await this.present([column]))[0];
  }

  async update(id: number, dto: UpdateColumnDto, actor: Actor): Promise<ColumnView> {
    const { column, state } = await this.requireVisible(id, actor);
    if (state) assertPartAllowed(state, 'columns');
    const urlChanged = dto.url !== undefined && dto.url !== column.url;
    await this.transactions.run(async (tx) => {
      const changes = diffFields(column, { name: dto.name?.trim(), url: dto.url });
      if (!Object.keys(changes).length) return;
      const patch: Partial<AccountColumn> = { name: dto.name?.trim() ?? column.name, url: dto.url ?? column.url, updatedAt: new Date() };
      // A new address starts over: the old link's health says nothing about it.
      if (urlChanged) Object.assign(patch, { health: 'unknown', lastCheckedAt: null, lastHttpStatus: null, lastReason: null, lastFinalUrl: null, brokenSince: null });
      await this.columns.update(tx, id, patch);
      await this.audit.record(tx, { subjectType: 'column', subjectId: id, action: 'update', actor, changes });
    });
    if (urlChanged) await this.bus.emitRequired(new ColumnLinkResetEvent(id, 'url_changed'));
    return this.get(id, actor);
  }

  async remove(id: number, actor: Actor): Promise<void> {
    const { column } = await this.requireVisible(id, actor);
    await this.transactions.run(async (tx) => {
      await this.columns.remove(tx, id);
      await this.audit.record(tx, {
        subjectType: 'column',
        subjectId: id,
        action: 'delete',
        actor,
        changes: { accountId: column.accountId, name: column.name, url: column.url },
      });
    });
    await this.bus.emitRequired(new ColumnLinkResetEvent(id, 'deleted'));
  }

  /** 404, or 403 outside the actor's unit scope. */
  async requireVisible(id: number, actor: Actor): Promise<{ column: AccountColumn; unitId: number; state: AccountState | null }> {
    const column = await this.columns.findById(id);
    if (!column) throw new NotFoundException(`栏目 ${id} 不存在`);
    const [account] = await this.accountsRepo.findByIds([column.accountId]);
    const unitId = account?.unitId ?? -1;
    UnitScope.assertAccess(actor, unitId);
    return { column, unitId, state: account?.state ?? null };
  }

  // ---- for the link checker (no actor: system work) ----

  /** Column ids to check: the given ones, a unit's, or all. */
  async idsFor(filter: { columnIds?: number[]; unitId?: number | null }): Promise<number[]> {
    const accountIds = filter.unitId ? await this.accountsRepo.idsInUnit(filter.unitId) : undefined;
    return this.columns.ids({ columnIds: filter.columnIds, accountIds });
  }

  /** Columns that exist among the ids but are outside an actor's scope (for 403 on requests). */
  async unitsOf(ids: number[]): Promise<Map<number, number>> {
    if (!ids.length) return new Map();
    const columns = await this.columns.findByIds(ids);
    const units = new Map((await this.accountsRepo.findByIds(columns.map((c) => c.accountId))).map((a) => [a.id, a.unitId]));
    return new Map(columns.filter((c) => units.has(c.accountId)).map((c) => [c.id, units.get(c.accountId) as number]));
  }

  async targets(ids: number[]): Promise<ColumnTarget[]> {
    if (!ids.length) return [];
    const columns = await this.columns.findByIds(ids);
    const accounts = new Map((await this.accountsRepo.findByIds(columns.map((c) => c.accountId))).map((a) => [a.id, a]));
    return columns.map((column) => ({ column, unitId: accounts.get(column.accountId)?.unitId ?? null, accountName: accounts.get(column.accountId)?.name ?? null }));
  }

  /** Id and URL of the columns (the link checker plans by host), a thousand at a time. */
  async urls(ids: number[]): Promise<{ id: number; url: string }[]> {
    const rows: { id: number; url: string }[] = [];
    for (let i = 0; i < ids.length; i += 1000) rows.push(...(await this.columns.urls(ids.slice(i, i + 1000))));
    return rows;
  }

  async findById(id: number): Promise<AccountColumn | null> {
    return this.columns.findById(id);
  }

  /** Stores a check's outcome on the column, unless its URL changed meanwhile. Returns false then. */
  async recordHealth(
    column: AccountColumn,
    patch: Pick<AccountColumn, 'health' | 'lastCheckedAt' | 'lastHttpStatus' | 'lastReason' | 'lastFinalUrl' | 'brokenSince'>,
    tx?: Transaction,
  ): Promise<boolean> {
    return this.columns.updateHealthIfUrl(column.id, column.url, patch, tx);
  }

  private async present(columns: AccountColumn[]): Promise<ColumnView[]> {
    const accounts = new Map((await this.accountsRepo.findByIds(columns.map((c) => c.accountId))).map((a) => [a.id, a]));
    const units = new Map((await this.units.findByIds([...new Set([...accounts.values()].map((a) => a.unitId))])).map((u) => [u.id, u.name]));
    return columns.map((column) => {
      const account = accounts.get(column.accountId);
      return {
        ...column,
        accountName: account?.name ?? null,
        unitId: account?.unitId ?? null,
        unitName: account ? (units.get(account.unitId) ?? null) : null,
        lastReasonText: column.lastReason ? (REASON_LABELS[column.lastReason as ReasonCode] ?? column.lastReason) : null,
      };
    });
  }
}
