import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { spreadsheetUploadOptions } from '../../common/upload';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AccountsModule } from '../accounts/accounts.module';
import { AlertsModule } from '../alerts/alerts.module';
import { FindingsModule } from '../findings/findings.module';
import { UnitsModule } from '../units/units.module';
import { Rectification, RectificationEvent } from './rectification.entity';
import { RectificationImportService } from './rectification-import.service';
import { RectificationIssuer } from './rectification-issuer';
import { RectificationLedgerService } from './rectification-ledger.service';
import { RectificationReminders } from './rectification-reminders';
import { RectificationViews } from './rectification-views';
import { RectificationsController } from './rectifications.controller';
import { RectificationEventsRepository, RectificationsRepository } from './rectifications.repository';
import { RectificationsService } from './rectifications.service';

/**
 * Rectification work orders (整改). Orders from a final inspection round read the round through
 * INSPECTION_FAILURES (inspection-failures.ts): the inspections module provides it; until then
 * that route answers 404.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Rectification, RectificationEvent]),
    // The problem-list upload: one file of at most UPLOAD_MAX_BYTES (413 beyond), as every import.
    MulterModule.registerAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => spreadsheetUploadOptions(config) }),
    AccountsModule,
    AlertsModule,
    FindingsModule,
    UnitsModule,
  ],
  controllers: [RectificationsController],
  providers: [
    RectificationsRepository,
    RectificationEventsRepository,
    RectificationIssuer,
    RectificationViews,
    RectificationReminders,
    RectificationsService,
    RectificationImportService,
    RectificationLedgerService,
  ],
  exports: [RectificationsService, RectificationLedgerService],
})
export class RectificationsModule {}
