import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../../common/auth.decorators';

@ApiTags('health 运行状态')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /** `{status:"ok", db:"up", queue:"up"}`, or 503 with `db:"down"` (api.md, General). */
  @Public()
  @Get()
  async check() {
    try {
      const result = await this.health.check([() => this.db.pingCheck('database', { timeout: 3000 })]);
      // The in-process job queue is part of this process: up whenever the process answers.
      return { status: 'ok', db: 'up', queue: 'up', details: result.details };
    } catch {
      throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', status: 'error', db: 'down', queue: 'up', message: '数据库不可用' });
    }
  }
}
