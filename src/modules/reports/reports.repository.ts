import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { EntityRepository, Transaction } from '../../database/transactions';
import { ReportExport } from './report-export.entity';
import { ReportSnapshot, Target } from './report.entities';

/** The `targets` table: the quarter's 发布任务, the default row and per-unit overrides. */
@Injectable()
export class TargetsRepository extends EntityRepository<Target> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Target);
  }

  ofQuarter(quarter: string): Promise<Target[]> {
    return this.table().find({ where: { quarter } });
  }

  find(tx: Transaction, quarter: string, unitId: number): Promise<Target | null> {
    return this.table(tx).findOne({ where: { quarter, unitId } });
  }

  save(tx: Transaction, target: Target | Partial<Target>): Promise<Target> {
    return this.persist(tx, target);
  }

  async remove(tx: Transaction, id: number): Promise<void> {
    await this.table(tx).delete({ id });
  }
}

/** The `report_snapshots` table: a quarter's published figures. */
@Injectable()
export class ReportSnapshotsRepository extends EntityRepository<ReportSnapshot> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, ReportSnapshot);
  }

  find(quarter: string, tx?: Transaction): Promise<ReportSnapshot | null> {
    return this.table(tx).findOne({ where: { quarter } });
  }

  async insert(tx: Transaction, fields: Partial<ReportSnapshot>): Promise<void> {
    await this.table(tx).insert(fields as never);
  }

  async remove(tx: Transaction, id: number): Promise<void> {
    await this.table(tx).delete({ id });
  }
}

/** The `report_exports` table: files built in the background, kept for a few days. */
@Injectable()
export class ReportExportsRepository extends EntityRepository<ReportExport> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, ReportExport);
  }

  async removeOlderThan(cutoff: Date): Promise<void> {
    await this.table().delete({ createdAt: LessThan(cutoff) });
  }

  insert(fields: Partial<ReportExport>): Promise<ReportExport> {
    return this.persist(undefined, fields);
  }

  /** The export without its content. */
  findById(id: number): Promise<ReportExport | null> {
    return this.table().findOne({ where: { id } });
  }

  async content(id: number): Promise<Buffer | null> {
    const stored = await this.table().findOne({ where: { id }, select: { id: true, content: true } });
    return stored?.content ?? null;
  }

  async update(id: number, patch: Partial<ReportExport>): Promise<void> {
    await this.table().update({ id }, patch);
  }
}
