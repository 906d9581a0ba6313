import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RecertificationModule } from '../recertification/recertification.module';
import { RepostTasksModule } from '../repost-tasks/repost-tasks.module';
import { ReportSnapshot, Target } from './report.entities';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** [report]: quarterly targets, the quarterly report (JSON/XLSX/DOCX) and its published snapshots. */
@Module({
  imports: [TypeOrmModule.forFeature([Target, ReportSnapshot]), RepostTasksModule, RecertificationModule],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
