import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DiscoveryModule } from '../discovery/discovery.module';
import { InspectionsModule } from '../inspections/inspections.module';
import { RecertificationModule } from '../recertification/recertification.module';
import { RectificationsModule } from '../rectifications/rectifications.module';
import { ReportingModule } from '../reporting/reporting.module';
import { UnitsModule } from '../units/units.module';
import { RepostTasksModule } from '../repost-tasks/repost-tasks.module';
import { SettingsModule } from '../settings/settings.module';
import { UsersModule } from '../users/users.module';
import { DormantController } from './dormant.controller';
import { DormantService } from './dormant.service';
import { ReportExport } from './report-export.entity';
import { ReportExportsController } from './report-exports.controller';
import { ReportExportsService } from './report-exports.service';
import { ReportSnapshot, Target } from './report.entities';
import { ReportsController } from './reports.controller';
import { ReportExportsRepository, ReportSnapshotsRepository, TargetsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { OverviewChartsService } from './overview-charts.service';

/**
 * [report]: quarterly targets, the quarterly report (JSON/XLSX/DOCX) and its published snapshots;
 * report files built in the background through the job queue ([scale]).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Target, ReportSnapshot, ReportExport]),
    RepostTasksModule,
    RecertificationModule,
    RectificationsModule,
    UsersModule,
    UnitsModule,
    ReportingModule,
    DiscoveryModule,
    InspectionsModule,
    SettingsModule,
  ],
  controllers: [ReportsController, ReportExportsController, DormantController],
  providers: [TargetsRepository, ReportSnapshotsRepository, ReportExportsRepository, ReportsService, ReportExportsService, DormantService, OverviewChartsService],
  exports: [ReportsService],
})
export class ReportsModule {}
