import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ErrorWordsModule } from '../error-words/error-words.module';
import { LeadersModule } from '../leaders/leaders.module';
import { Finding, FindingScan } from './finding.entity';
import { FindingsController } from './findings.controller';
import { FindingsScheduler } from './findings.scheduler';
import { FindingsService } from './findings.service';

@Module({
  imports: [TypeOrmModule.forFeature([Finding, FindingScan]), ErrorWordsModule, LeadersModule],
  controllers: [FindingsController],
  providers: [FindingsService, FindingsScheduler],
  exports: [FindingsService],
})
export class FindingsModule {}
