import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth.decorators';
import { SystemStatusView } from './system.responses';
import { SystemService } from './system.service';

@ApiTags('system 运行状态')
@ApiBearerAuth()
@Controller('system')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  /**
   * `{driver, queueUp, runJobs, queues[{name, waiting, active, failed}], workers[{name, addr, startedAt, queues}],
   * schedules[{name, pattern|everyMs, tz, next}], recentRuns[{kind, id, status, trigger, total?, done?, roundId?, createdAt, startedAt, finishedAt}]}`:
   * the latest 10 runs of each kind (link_check, poll, findings_scan, inspection_evaluation), newest first.
   */
  @Get('status')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: SystemStatusView })
  status() {
    return this.system.status();
  }
}
