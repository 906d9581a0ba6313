import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ErrorWordsModule } from '../error-words/error-words.module';
import { ReportingModule } from '../reporting/reporting.module';
import { Finding, FindingScan } from './finding.entity';
import { FindingScansRepository } from './finding-scans.repository';
import { FindingsController } from './findings.controller';
import { FindingsRepository } from './findings.repository';
import { FindingsScheduler } from './findings.scheduler';
import { FindingsService } from './findings.service';

@Module({
  imports: [TypeOrmModule.forFeature([Finding, FindingScan]), ErrorWordsModule, ReportingModule],
  controllers: [FindingsController],
  providers: [FindingsRepository, FindingScansRepository, FindingsService, FindingsScheduler],
  exports: [FindingsService, FindingScansRepository],
})
export class FindingsModule {}
