import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EntityRepository, Transaction } from '../../database/transactions';
import { AuditEntry } from './audit-entry.entity';

/** The `audit_entries` table: append and read, never update or delete. */
@Injectable()
export class AuditRepository extends EntityRepository<AuditEntry> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, AuditEntry);
  }

  append(tx: Transaction, entry: Partial<AuditEntry>): Promise<AuditEntry> {
    return this.persist(tx, entry);
  }

  ofSubject(subjectType: string, subjectId: string): Promise<AuditEntry[]> {
    return this.table().find({ where: { subjectType, subjectId }, order: { id: 'ASC' } });
  }
}
