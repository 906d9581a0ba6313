import { ApiProperty } from '@nestjs/swagger';
import { PollRun, PollRunStatus, PollRunTrigger } from './poll-run.entity';

const STATUSES = Object.keys({ running: 1, done: 1, failed: 1 } satisfies Record<PollRunStatus, 1>);
const TRIGGERS = Object.keys({ manual: 1, schedule: 1 } satisfies Record<PollRunTrigger, 1>);

/** POST /api/polls (202): the run that was started (`done` at once when there is nothing to poll). */
export class PollRequestedView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: STATUSES })
  status: string;

  @ApiProperty({ type: 'integer', description: '要采集的账号数 / accounts to poll' })
  total: number;
}

/** A poll run with its progress: done = succeeded + failed of total. */
export class PollRunView implements Pick<PollRun, keyof PollRun> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: STATUSES, description: 'failed：进程在完成前停止 / the process stopped before the run finished' })
  status: PollRunStatus;

  @ApiProperty({ enum: TRIGGERS })
  trigger: PollRunTrigger;

  @ApiProperty({ type: 'integer' })
  total: number;

  @ApiProperty({ type: 'integer' })
  succeeded: number;

  @ApiProperty({ type: 'integer' })
  failed: number;

  @ApiProperty({ type: 'integer' })
  newPosts: number;

  @ApiProperty({ type: 'integer', nullable: true })
  requestedById: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  startedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: Date | null;
}
