import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { spreadsheetUploadOptions } from '../../common/upload';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { Account } from './account.entity';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { LedgerExportService } from './ledger-export.service';
import { LedgerImportService } from './ledger-import.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Account]),
    UnitsModule,
    UsersModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => spreadsheetUploadOptions(config),
    }),
  ],
  controllers: [AccountsController],
  providers: [AccountsRepository, AccountsService, LedgerImportService, LedgerExportService],
  exports: [AccountsService, AccountsRepository],
})
export class AccountsModule {}
