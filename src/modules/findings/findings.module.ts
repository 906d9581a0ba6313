import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ErrorWordsModule } from '../error-words/error-words.module';
import { Finding, FindingScan } from './finding.entity';
import { FindingScansRepository } from './finding-scans.repository';
import { FindingsController } from './findings.controller';
import { FindingsScheduler } from './findings.scheduler';
import { FindingsService } from './findings.service';

@Module({
  imports: [TypeOrmModule.forFeature([Finding, FindingScan]), ErrorWordsModule],
  controllers: [FindingsController],
  providers: [FindingScansRepository, FindingsService, FindingsScheduler],
  exports: [FindingsService, FindingScansRepository],
})
export class FindingsModule {}
