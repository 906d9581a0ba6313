import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Page } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { AuditService, diffFields } from '../audit/audit.service';
import { Unit } from './unit.entity';
import { AbolishUnitDto, CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './units.dto';
import { UnitsRepository } from './units.repository';

/** Units (单位): the only writer of the `units` table. */
@Injectable()
export class UnitsService {
  constructor(
    private readonly units: UnitsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListUnitsQuery, actor: Actor): Promise<Page<Unit>> {
    return this.units.list(query, UnitScope.restriction(actor));
  }

  async get(id: number, actor: Actor): Promise<Unit> {
    const unit = await this.require(id);
    UnitScope.assertAccess(actor, unit.id);
    return unit;
  }

  /** The unit, or 404. No scope check: for services that check scope themselves. */
  async require(id: number, tx?: Transaction): Promise<Unit> {
    const unit = await this.units.findById(id, tx);
    if (!unit) throw new NotFoundException(`单位 ${id} 不存在`);
    return unit;
  }

  /** A unit referenced from a request body: 400 naming the field when it does not exist. */
  async requireReferenced(id: number, field: string, tx?: Transaction): Promise<Unit> {
    const unit = await this.units.findById(id, tx);
    if (!unit) throw fieldError(field, `单位 ${id} 不存在`);
    return unit;
  }

  /**
   * The unit, locked for the rest of the transaction where the database can lock rows
   * (MySQL), so checks such as one-account-per-platform cannot race. SQLite serialises
   * write transactions by itself.
   */
  async requireLocked(id: number, field: string, tx: Transaction): Promise<Unit> {
    const unit = await this.units.findLocked(id, tx);
    if (!unit) throw fieldError(field, `单位 ${id} 不存在`);
    return unit;
  }

  findByIds(ids: number[]): Promise<Unit[]> {
    return this.units.findByIds(ids);
  }

  /** All units, for matching names in imports and for overviews. */
  all(): Promise<Unit[]> {
    return this.units.allByName();
  }

  async create(dto: CreateUnitDto, actor: Actor): Promise<Unit> {
    return this.transactions.run(async (tx) => {
      await this.assertNameFree(tx, dto.name);
      if (dto.code) await this.assertCodeFree(tx, dto.code);
      if (dto.parentId) await this.requireReferenced(dto.parentId, 'parentId', tx);
      const unit = await this.units.save(tx, {
        name: dto.name.trim(),
        kind: dto.kind,
        code: dto.code?.trim() || null,
        parentId: dto.parentId ?? null,
        contactName: dto.contactName ?? null,
        contactPhone: dto.contactPhone ?? null,
        status: 'active',
      });
      await this.audit.record(tx, {
        subjectType: 'unit',
        subjectId: unit.id,
        action: 'create',
        actor,
        toState: 'active',
        changes: { name: unit.name, kind: unit.kind, code: unit.code },
      });
      return unit;
    });
  }

  async update(id: number, dto: UpdateUnitDto, actor: Actor): Promise<Unit> {
    return this.transactions.run(async (tx) => {
      const unit = await this.require(id, tx);
      const patch: Partial<Unit> = { ...dto, name: dto.name?.trim(), code: dto.code === undefined ? undefined : dto.code?.trim() || null };
      if (patch.name && patch.name !== unit.name) await this.assertNameFree(tx, patch.name);
      if (patch.code && patch.code !== unit.code) await this.assertCodeFree(tx, patch.code);
      if (patch.parentId) {
        if (patch.parentId === id) throw fieldError('parentId', '上级单位不能是它自己');
        await this.requireReferenced(patch.parentId, 'parentId', tx);
      }
      const changes = diffFields(unit, patch);
      if (!Object.keys(changes).length) return unit;
      Object.assign(unit, Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to])));
      const saved = await this.units.save(tx, unit);
      await this.audit.record(tx, { subjectType: 'unit', subjectId: id, action: 'update', actor, changes });
      return saved;
    });
  }

  /** 机构撤并: the unit is abolished; its accounts keep pointing at it until moved or closed. */
  async abolish(id: number, dto: AbolishUnitDto, actor: Actor): Promise<Unit> {
    return this.transactions.run(async (tx) => {
      const unit = await this.require(id, tx);
      if (unit.status === 'abolished') throw new ConflictException(`单位“${unit.name}”已于之前撤并，不能重复撤并`);
      if (dto.successorUnitId !== undefined) {
        if (dto.successorUnitId === id) throw fieldError('successorUnitId', '承接单位不能是被撤并的单位本身');
        const successor = await this.requireReferenced(dto.successorUnitId, 'successorUnitId', tx);
        if (successor.status !== 'active') throw fieldError('successorUnitId', `承接单位“${successor.name}”已撤并，请选择在用的单位`);
      }
      unit.status = 'abolished';
      unit.abolishedAt = new Date();
      unit.abolishReason = dto.reason.trim();
      unit.successorUnitId = dto.successorUnitId ?? null;
      const saved = await this.units.save(tx, unit);
      await this.audit.record(tx, {
        subjectType: 'unit',
        subjectId: id,
        action: 'abolish',
        actor,
        fromState: 'active',
        toState: 'abolished',
        reason: unit.abolishReason,
        changes: { successorUnitId: unit.successorUnitId },
      });
      return saved;
    });
  }

  private async assertNameFree(tx: Transaction, name: string): Promise<void> {
    const existing = await this.units.findByName(name.trim(), tx);
    if (existing) throw new ConflictException(`单位名称“${name.trim()}”已存在（编号 ${existing.id}）`);
  }

  private async assertCodeFree(tx: Transaction, code: string): Promise<void> {
    const existing = await this.units.findByCode(code.trim(), tx);
    if (existing) throw new ConflictException(`单位编码“${code.trim()}”已被“${existing.name}”使用`);
  }
}
