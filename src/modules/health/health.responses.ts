import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** Jobs of one job name in the queue. */
export class JobCountsView {
  @ApiProperty({ type: 'integer' })
  waiting: number;

  @ApiProperty({ type: 'integer' })
  active: number;

  @ApiProperty({ type: 'integer' })
  failed: number;
}

/** The database check (DatabasePing: SELECT 1). */
export class HealthIndicatorView {
  @ApiProperty({ enum: ['up'] })
  status: 'up';

  @ApiProperty({ type: 'integer', description: '毫秒 / milliseconds' })
  responseTime: number;

  @ApiPropertyOptional({ type: Boolean, description: '结果来自缓存时为 true / true when the result was cached' })
  cachedResponse?: boolean;
}

@ApiExtraModels(JobCountsView)
export class HealthQueueView {
  @ApiProperty({ enum: ['local', 'bullmq'], description: 'local 进程内 / bullmq Redis' })
  driver: 'local' | 'bullmq';

  @ApiProperty({ enum: ['up'] })
  status: 'up';

  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(JobCountsView) }, description: '按任务名的计数 / counts per job name' })
  jobs: Record<string, JobCountsView>;
}

export class HealthDetailsView {
  @ApiProperty({ type: HealthIndicatorView })
  database: HealthIndicatorView;

  @ApiProperty({ type: HealthQueueView })
  queue: HealthQueueView;
}

/** GET /api/health when everything answers (otherwise 503 with `status: "error"`). */
export class HealthView {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ enum: ['up'] })
  db: 'up';

  @ApiProperty({ enum: ['up'] })
  queue: 'up';

  @ApiProperty({ type: HealthDetailsView })
  details: HealthDetailsView;
}
