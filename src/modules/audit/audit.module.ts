import { Global, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { serializeSqliteTransactions } from '../../common/sqlite-transactions';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every change is written with its audit entry in one transaction; on SQLite those must not interleave. */
  onModuleInit(): void {
    serializeSqliteTransactions(this.dataSource);
  }
}
