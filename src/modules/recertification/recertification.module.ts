import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AlertsModule } from '../alerts/alerts.module';
import { ColumnsModule } from '../columns/columns.module';
import { SettingsModule } from '../settings/settings.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { HandoverService } from './handover.service';
import { RecertificationController } from './recertification.controller';
import { AccountCertification, AccountContact, HandoverFlag } from './recertification.entities';
import { CertificationsRepository, ContactsRepository, HandoverFlagsRepository } from './recertification.repository';
import { RecertificationScheduler } from './recertification.scheduler';
import { RecertificationService } from './recertification.service';

/** [recertify] 定期核查, contact history and handover flags. */
@Module({
  imports: [TypeOrmModule.forFeature([AccountCertification, AccountContact, HandoverFlag]), AccountsModule, ColumnsModule, UsersModule, UnitsModule, AlertsModule, SettingsModule],
  controllers: [RecertificationController],
  providers: [CertificationsRepository, ContactsRepository, HandoverFlagsRepository, HandoverService, RecertificationService, RecertificationScheduler],
  exports: [RecertificationService],
})
export class RecertificationModule {}
