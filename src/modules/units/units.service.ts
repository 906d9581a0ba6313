import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { containsText, likePattern, Page, paginate } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { AuditService, diffFields } from '../audit/audit.service';
import { Unit } from './unit.entity';
import { AbolishUnitDto, CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './units.dto';

/** Units (单位): the only writer of the `units` table. */
@Injectable()
export class UnitsService {
  constructor(
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListUnitsQuery, actor: Actor): Promise<Page<Unit>> {
    const qb = this.units.createQueryBuilder('u');
    const only = UnitScope.restriction(actor);
    if (only !== null) qb.andWhere('u.id = :only', { only });
    if (query.q?.trim()) qb.andWhere(containsText(['u.name', 'u.code'], 'q'), { q: likePattern(query.q.trim()) });
    if (query.kind) qb.andWhere('u.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    if (query.parentId) qb.andWhere('u.parentId = :parentId', { parentId: query.parentId });
    // Units without a code sort after those with one, as in the bulletin's tables.
    qb.orderBy('CASE WHEN u.code IS NULL THEN 1 ELSE 0 END', 'ASC').addOrderBy('u.code', 'ASC').addOrderBy('u.name', 'ASC');
    return paginate(qb, query);
  }

  async get(id: number, actor: Actor): Promise<Unit> {
    const unit = await this.require(id);
    UnitScope.assertAccess(actor, unit.id);
    return unit;
  }

  /** The unit, or 404. No scope check: for services that check scope themselves. */
  async require(id: number, manager?: EntityManager): Promise<Unit> {
    const unit = await (manager ?? this.dataSource.manager).findOne(Unit, { where: { id } });
    if (!unit) throw new NotFoundException(`单位 ${id} 不存在`);
    return unit;
  }

  /** A unit referenced from a request body: 400 naming the field when it does not exist. */
  async requireReferenced(id: number, field: string, manager?: EntityManager): Promise<Unit> {
    const unit = await (manager ?? this.dataSource.manager).findOne(Unit, { where: { id } });
    if (!unit) throw fieldError(field, `单位 ${id} 不存在`);
    return unit;
  }

  /**
   * The unit, locked for the rest of the transaction where the database can lock rows
   * (MySQL), so checks such as one-account-per-platform cannot race. SQLite serialises
   * write transactions by itself.
   */
  async requireLocked(id: number, field: string, manager: EntityManager): Promise<Unit> {
    const qb = manager.createQueryBuilder(Unit, 'u').where('u.id = :id', { id });
    if (manager.connection.options.type === 'mysql') qb.setLock('pessimistic_write');
    const unit = await qb.getOne();
    if (!unit) throw fieldError(field, `单位 ${id} 不存在`);
    return unit;
  }

  findByIds(ids: number[]): Promise<Unit[]> {
    return ids.length ? this.units.find({ where: { id: In([...new Set(ids)]) } }) : Promise.resolve([]);
  }

  /** All units, for matching names in imports and for overviews. */
  all(): Promise<Unit[]> {
    return this.units.find({ order: { name: 'ASC' } });
  }

  async create(dto: CreateUnitDto, actor: Actor): Promise<Unit> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertNameFree(manager, dto.name);
      if (dto.code) await this.assertCodeFree(manager, dto.code);
      if (dto.parentId) await this.requireReferenced(dto.parentId, 'parentId', manager);
      const unit = await manager.save(
        manager.create(Unit, {
          name: dto.name.trim(),
          kind: dto.kind,
          code: dto.code?.trim() || null,
          parentId: dto.parentId ?? null,
          contactName: dto.contactName ?? null,
          contactPhone: dto.contactPhone ?? null,
          status: 'active',
        }),
      );
      await this.audit.record(manager, {
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
    return this.dataSource.transaction(async (manager) => {
      const unit = await this.require(id, manager);
      const patch: Partial<Unit> = { ...dto, name: dto.name?.trim(), code: dto.code === undefined ? undefined : dto.code?.trim() || null };
      if (patch.name && patch.name !== unit.name) await this.assertNameFree(manager, patch.name);
      if (patch.code && patch.code !== unit.code) await this.assertCodeFree(manager, patch.code);
      if (patch.parentId) {
        if (patch.parentId === id) throw fieldError('parentId', '上级单位不能是它自己');
        await this.requireReferenced(patch.parentId, 'parentId', manager);
      }
      const changes = diffFields(unit, patch);
      if (!Object.keys(changes).length) return unit;
      Object.assign(unit, Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to])));
      const saved = await manager.save(unit);
      await this.audit.record(manager, { subjectType: 'unit', subjectId: id, action: 'update', actor, changes });
      return saved;
    });
  }

  /** 机构撤并: the unit is abolished; its accounts keep pointing at it until moved or closed. */
  async abolish(id: number, dto: AbolishUnitDto, actor: Actor): Promise<Unit> {
    return this.dataSource.transaction(async (manager) => {
      const unit = await this.require(id, manager);
      if (unit.status === 'abolished') throw new ConflictException(`单位“${unit.name}”已于之前撤并,不能重复撤并`);
      if (dto.successorUnitId !== undefined) {
        if (dto.successorUnitId === id) throw fieldError('successorUnitId', '承接单位不能是被撤并的单位本身');
        const successor = await this.requireReferenced(dto.successorUnitId, 'successorUnitId', manager);
        if (successor.status !== 'active') throw fieldError('successorUnitId', `承接单位“${successor.name}”已撤并,请选择在用的单位`);
      }
      unit.status = 'abolished';
      unit.abolishedAt = new Date();
      unit.abolishReason = dto.reason.trim();
      unit.successorUnitId = dto.successorUnitId ?? null;
      const saved = await manager.save(unit);
      await this.audit.record(manager, {
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

  private async assertNameFree(manager: EntityManager, name: string): Promise<void> {
    const existing = await manager.findOne(Unit, { where: { name: name.trim() } });
    if (existing) throw new ConflictException(`单位名称“${name.trim()}”已存在(编号 ${existing.id})`);
  }

  private async assertCodeFree(manager: EntityManager, code: string): Promise<void> {
    const existing = await manager.findOne(Unit, { where: { code: code.trim() } });
    if (existing) throw new ConflictException(`单位编码“${code.trim()}”已被“${existing.name}”使用`);
  }
}
