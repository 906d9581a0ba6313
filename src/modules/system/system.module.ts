import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FindingScan } from '../findings/finding.entity';
import { LinkCheckRun } from '../link-health/link-check.entity';
import { PollRun } from '../polling/poll-run.entity';
import { SystemController } from './system.controller';
import { SystemService } from './system.service';

/** 运行状态: queues, workers, schedules and recent background runs (read-only). */
@Module({ imports: [TypeOrmModule.forFeature([LinkCheckRun, PollRun, FindingScan])], controllers: [SystemController], providers: [SystemService] })
export class SystemModule {}
