import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { serializeSqliteTransactions } from './sqlite-transactions';
import { DatabasePing } from './database-ping';
import { TransactionRunner } from './transactions';

/**
 * The database connection: TypeORM on the configured dialect, each module's entities loaded
 * from its own `TypeOrmModule.forFeature` (plumbing names none). On SQLite, transactions are
 * serialised (sqlite-transactions.ts) the moment the data source exists, before any module can
 * use it, so a change and its audit entry always commit or roll back together.
 * TransactionRunner (transactions.ts) is the one way services start a transaction; DatabasePing
 * (database-ping.ts) is the health check's query.
 */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [TransactionRunner, DatabasePing],
      exports: [TransactionRunner, DatabasePing],
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(config), autoLoadEntities: true }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            if (!options) throw new Error('database options missing');
            const dataSource = await new DataSource(options).initialize();
            serializeSqliteTransactions(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
