import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ColumnsModule } from '../columns/columns.module';
import { UnitsModule } from '../units/units.module';
import { LinkCheckRunsRepository } from './link-check-runs.repository';
import { LinkChecksRepository } from './link-checks.repository';
import { LinkCheck, LinkCheckItem, LinkCheckRun } from './link-check.entity';
import { Clock } from '../../common/clock';
import { LINK_CHECKER, linkCheckerFromConfig } from './link-checker.provider';
import { LinkHealthController } from './link-health.controller';
import { LinkHealthService } from './link-health.service';
import { LinkSweepScheduler } from './link-sweep.scheduler';
import { LinkSweepRunner } from './link-sweep.runner';
import { LinkResultsRecorder } from './link-results.recorder';

@Module({
  imports: [TypeOrmModule.forFeature([LinkCheckRun, LinkCheck, LinkCheckItem]), ColumnsModule, UnitsModule],
  controllers: [LinkHealthController],
  providers: [
    { provide: LINK_CHECKER, inject: [APP_CONFIG, Clock], useFactory: (config: AppConfig, clock: Clock) => linkCheckerFromConfig(config, clock) },
    LinkCheckRunsRepository,
    LinkChecksRepository,
    LinkResultsRecorder,
    LinkSweepRunner,
    LinkHealthService,
    LinkSweepScheduler,
  ],
  exports: [LinkHealthService, LinkCheckRunsRepository],
})
export class LinkHealthModule {}
