import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { InspectionsModule } from '../inspections/inspections.module';
import { LinkHealthModule } from '../link-health/link-health.module';
import { PollingModule } from '../polling/polling.module';
import { SystemController } from './system.controller';
import { SystemService } from './system.service';

/** 运行状态: queues, workers, schedules and recent background runs (read-only, through each owner's repository). */
@Module({ imports: [LinkHealthModule, PollingModule, FindingsModule, InspectionsModule], controllers: [SystemController], providers: [SystemService] })
export class SystemModule {}
