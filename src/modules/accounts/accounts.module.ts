import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { Account } from './account.entity';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { LedgerImportService } from './ledger-import.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Account]),
    UnitsModule,
    UsersModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.uploadMaxBytes, files: 1 } }),
    }),
  ],
  controllers: [AccountsController],
  providers: [AccountsService, LedgerImportService],
  exports: [AccountsService],
})
export class AccountsModule {}
