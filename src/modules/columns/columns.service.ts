import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { Page, PageQuery, paginate } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { EventBus } from '../../common/events/event-bus';
import { UnitScope } from '../../common/unit-scope';
import { Account } from '../accounts/account.entity';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService, diffFields } from '../audit/audit.service';
import { REASON_LABELS, ReasonCode } from './link-health-vocabulary';
import { UnitsService } from '../units/units.service';
import { AccountColumn } from './column.entity';
import { CreateColumnDto, ListColumnsQuery, UpdateColumnDto } from './columns.dto';
import { ColumnLinkResetEvent } from './columns.events';
import { ColumnView } from './columns.responses';

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
    @InjectRepository(AccountColumn) private readonly columns: Repository<AccountColumn>,
    @InjectRepository(Account) private readonly accountsRepo: Repository<Account>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  async create(accountId: number, dto: CreateColumnDto, actor: Actor): Promise<ColumnView> {
    await this.accounts.get(accountId, actor); // 404 / 403
    const created = await this.dataSource.transaction(async (manager) => {
      const column = await manager.save(
        manager.create(AccountColumn, {
          accountId,
          name: dto.name.trim(),
          url: dto.url,
          health: 'unknown',
          lastCheckedAt: null,
          lastHttpStatus: null,
          lastReason: null,
          lastFinalUrl: null,
          brokenSince: null,
        }),
      );
      await this.audit.record(manager, { subjectType: 'column', subjectId: column.id, action: 'create', actor, changes: { accountId, name: column.name, url: column.url } });
      return column;
    });
    return (await this.present([created]))[0];
  }

  async listForAccount(accountId: number, query: PageQuery, actor: Actor): Promise<Page<ColumnView>> {
    await this.accounts.get(accountId, actor);
    const qb = this.columns.createQueryBuilder('c').where('c.accountId = :accountId', { accountId }).orderBy('c.id', 'ASC');
    const page = await paginate(qb, query);
    return { ...page, items: await this.present(page.items) };
  }

  async list(query: ListColumnsQuery, actor: Actor): Promise<Page<ColumnView>> {
    const qb = this.columns.createQueryBuilder('c').innerJoin(Account, 'a', 'a.id = c.accountId').orderBy('c.id', 'DESC');
    const unitId = UnitScope.effectiveUnitFilter(actor, query.unitId);
    if (unitId !== undefined) qb.andWhere('a.unitId = :unitId', { unitId });
    if (query.accountId) qb.andWhere('c.accountId = :accountId', { accountId: query.accountId });
    if (query.health) qb.andWhere('c.health = :health', { health: query.health });
    const page = await paginate(qb, query);
    return { ...page, items: await this.present(page.items) };
  }

  async get(id: number, actor: Actor): Promise<ColumnView> {
    const { column } = await this.requireVisible(id, actor);
    return (await this.present([column]))[0];
  }

  async update(id: number, dto: UpdateColumnDto, actor: Actor): Promise<ColumnView> {
    const { column } = await this.requireVisible(id, actor);
    const urlChanged = dto.url !== undefined && dto.url !== column.url;
    await this.dataSource.transaction(async (manager) => {
      const changes = diffFields(column, { name: dto.name?.trim(), url: dto.url });
      if (!Object.keys(changes).length) return;
      const patch: Partial<AccountColumn> = { name: dto.name?.trim() ?? column.name, url: dto.url ?? column.url, updatedAt: new Date() };
      // A new address starts over: the old link's health says nothing about it.
      if (urlChanged) Object.assign(patch, { health: 'unknown', lastCheckedAt: null, lastHttpStatus: null, lastReason: null, lastFinalUrl: null, brokenSince: null });
      await manager.update(AccountColumn, id, patch);
      await this.audit.record(manager, { subjectType: 'column', subjectId: id, action: 'update', actor, changes });
    });
    if (urlChanged) await this.bus.emitRequired(new ColumnLinkResetEvent(id, 'url_changed'));
    return this.get(id, actor);
  }

  async remove(id: number, actor: Actor): Promise<void> {
    const { column } = await this.requireVisible(id, actor);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(AccountColumn, id);
      await this.audit.record(manager, {
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
  async requireVisible(id: number, actor: Actor): Promise<{ column: AccountColumn; unitId: number }> {
    const column = await this.columns.findOne({ where: { id } });
    if (!column) throw new NotFoundException(`栏目 ${id} 不存在`);
    const account = await this.accountsRepo.findOne({ where: { id: column.accountId }, select: { id: true, unitId: true } });
    const unitId = account?.unitId ?? -1;
    UnitScope.assertAccess(actor, unitId);
    return { column, unitId };
  }

  // ---- for the link checker (no actor: system work) ----

  /** Column ids to check: the given ones, a unit's, or all. */
  async idsFor(filter: { columnIds?: number[]; unitId?: number | null }): Promise<number[]> {
    const qb = this.columns.createQueryBuilder('c').select('c.id', 'id').innerJoin(Account, 'a', 'a.id = c.accountId').orderBy('c.id', 'ASC');
    if (filter.columnIds) qb.andWhere('c.id IN (:...ids)', { ids: filter.columnIds.length ? filter.columnIds : [0] });
    if (filter.unitId) qb.andWhere('a.unitId = :unitId', { unitId: filter.unitId });
    return (await qb.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
  }

  /** Columns that exist among the ids but are outside an actor's scope (for 403 on requests). */
  async unitsOf(ids: number[]): Promise<Map<number, number>> {
    if (!ids.length) return new Map();
    const rows = await this.columns
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .addSelect('a.unitId', 'unitId')
      .innerJoin(Account, 'a', 'a.id = c.accountId')
      .where('c.id IN (:...ids)', { ids })
      .getRawMany<{ id: number | string; unitId: number | string }>();
    return new Map(rows.map((r) => [Number(r.id), Number(r.unitId)]));
  }

  async targets(ids: number[]): Promise<ColumnTarget[]> {
    if (!ids.length) return [];
    const columns = await this.columns.find({ where: { id: In(ids) }, order: { id: 'ASC' } });
    const accounts = new Map((await this.accountsRepo.find({ where: { id: In([...new Set(columns.map((c) => c.accountId))]) } })).map((a) => [a.id, a]));
    return columns.map((column) => ({ column, unitId: accounts.get(column.accountId)?.unitId ?? null, accountName: accounts.get(column.accountId)?.name ?? null }));
  }

  async findById(id: number): Promise<AccountColumn | null> {
    return this.columns.findOne({ where: { id } });
  }

  /** Stores a check's outcome on the column, unless its URL changed meanwhile. Returns false then. */
  async recordHealth(
    column: AccountColumn,
    patch: Pick<AccountColumn, 'health' | 'lastCheckedAt' | 'lastHttpStatus' | 'lastReason' | 'lastFinalUrl' | 'brokenSince'>,
    manager?: EntityManager,
  ): Promise<boolean> {
    const result = await (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .update(AccountColumn)
      .set({ ...patch, updatedAt: new Date() })
      .where('id = :id AND url = :url', { id: column.id, url: column.url })
      .execute();
    return Boolean(result.affected);
  }

  private async present(columns: AccountColumn[]): Promise<ColumnView[]> {
    const accounts = new Map((await this.accountsRepo.find({ where: { id: In([...new Set(columns.map((c) => c.accountId)), 0]) } })).map((a) => [a.id, a]));
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
