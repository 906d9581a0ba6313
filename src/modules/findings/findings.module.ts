import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ErrorWordsModule } from '../error-words/error-words.module';
import { LeadersModule } from '../leaders/leaders.module';
import { ReportingModule } from '../reporting/reporting.module';
import { Finding, FindingScan, PostScan } from './finding.entity';
import { FindingScansRepository } from './finding-scans.repository';
import { FindingsController } from './findings.controller';
import { FindingsRepository } from './findings.repository';
import { FindingsScheduler } from './findings.scheduler';
import { FindingsService } from './findings.service';
import { FindingsReconciler } from './findings-reconciler';
import { PostScanner } from './post-scanner';
import { PostScansRepository } from './post-scans.repository';

@Module({
  imports: [TypeOrmModule.forFeature([Finding, FindingScan, PostScan]), ErrorWordsModule, LeadersModule, ReportingModule],
  controllers: [FindingsController],
  providers: [FindingsRepository, FindingScansRepository, PostScansRepository, FindingsReconciler, PostScanner, FindingsService, FindingsScheduler],
  exports: [FindingsService, FindingScansRepository],
})
export class FindingsModule {}
