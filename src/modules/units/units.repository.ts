import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Page } from '../../common/pagination';
import { containsText, likePattern, paginate } from '../../database/pagination';
import { EntityRepository, Transaction } from '../../database/transactions';
import { Unit } from './unit.entity';
import type { ListUnitsQuery } from './units.dto';

/** The `units` table. */
@Injectable()
export class UnitsRepository extends EntityRepository<Unit> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Unit);
  }

  /** A page of units; `only` restricts to one unit (a unit-scoped actor). */
  list(query: ListUnitsQuery, only: number | null): Promise<Page<Unit>> {
    const qb = this.table().createQueryBuilder('u');
    if (only !== null) qb.andWhere('u.id = :only', { only });
    if (query.q?.trim()) qb.andWhere(containsText(['u.name', 'u.code'], 'q'), { q: likePattern(query.q.trim()) });
    if (query.kind) qb.andWhere('u.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    if (query.parentId) qb.andWhere('u.parentId = :parentId', { parentId: query.parentId });
    // Units without a code sort after those with one, as in the bulletin's tables.
    qb.orderBy('CASE WHEN u.code IS NULL THEN 1 ELSE 0 END', 'ASC').addOrderBy('u.code', 'ASC').addOrderBy('u.name', 'ASC');
    return paginate(qb, query);
  }

  findById(id: number, tx?: Transaction): Promise<Unit | null> {
    return this.table(tx).findOne({ where: { id } });
  }

  findByName(name: string, tx?: Transaction): Promise<Unit | null> {
    return this.table(tx).findOne({ where: { name } });
  }

  findByCode(code: string, tx?: Transaction): Promise<Unit | null> {
    return this.table(tx).findOne({ where: { code } });
  }

  /**
   * The unit, locked for the rest of the transaction where the database can lock rows
   * (MySQL). SQLite serialises write transactions by itself.
   */
  findLocked(id: number, tx: Transaction): Promise<Unit | null> {
    const qb = this.table(tx).createQueryBuilder('u').where('u.id = :id', { id });
    if (tx.locksRows) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  findByIds(ids: number[]): Promise<Unit[]> {
    return ids.length ? this.table().find({ where: { id: In([...new Set(ids)]) } }) : Promise.resolve([]);
  }

  allByName(): Promise<Unit[]> {
    return this.table().find({ order: { name: 'ASC' } });
  }

  /** Inserts a new unit or saves a loaded one. */
  save(tx: Transaction, unit: Unit | Partial<Unit>): Promise<Unit> {
    return this.persist(tx, unit);
  }
}
