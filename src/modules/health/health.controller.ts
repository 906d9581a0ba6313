import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth.decorators';
import { DatabasePing } from '../../database/database-ping';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { HealthView } from './health.responses';

@ApiTags('health 运行状态')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabasePing,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /**
   * `{status:"ok", db:"up", queue:"up"}`, or 503 with `db:"down"` or `queue:"down"` (api.md,
   * General). The in-process queue is up whenever the process answers; in queue mode Redis
   * must answer. `details.queue` has the driver and the job counts per job name.
   */
  @Public()
  @Get()
  @ApiOkResponse({ type: HealthView })
  async check() {
    let dbUp = true;
    let dbDetails: Record<string, unknown> = {};
    try {
      const started = performance.now();
      await this.database.ping();
      dbDetails = { database: { status: 'up', responseTime: Math.round(performance.now() - started) } };
    } catch {
      dbUp = false;
    }
    const queueUp = await this.queue.ping();
    let counts: Record<string, unknown> = {};
    if (queueUp) counts = await this.queue.stats().catch(() => ({}));
    const queueDetails = { driver: this.queue.driver, status: queueUp ? 'up' : 'down', jobs: counts };
    if (!dbUp || !queueUp) {
      throw new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        status: 'error',
        db: dbUp ? 'up' : 'down',
        queue: queueUp ? 'up' : 'down',
        message: !dbUp ? '数据库不可用' : '任务队列（Redis）不可用',
        details: { queue: queueDetails },
      });
    }
    return { status: 'ok', db: 'up', queue: 'up', details: { ...dbDetails, queue: queueDetails } };
  }
}
