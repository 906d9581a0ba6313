import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, VarcharColumn } from '../../common/columns';

/** `failed`: the process stopped before the run finished (marked at the next start). */
export type PollRunStatus = 'running' | 'done' | 'failed';
export type PollRunTrigger = 'manual' | 'schedule';

/** One requested poll of a set of accounts, with progress (done = succeeded + failed of total). */
@Entity('poll_runs')
export class PollRun {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(16)
  status: PollRunStatus;

  @VarcharColumn(16)
  trigger: PollRunTrigger;

  @Column({ type: 'int', default: 0 })
  total: number;

  @Column({ type: 'int', default: 0 })
  succeeded: number;

  @Column({ type: 'int', default: 0 })
  failed: number;

  @Column({ name: 'new_posts', type: 'int', default: 0 })
  newPosts: number;

  @Column({ name: 'requested_by_id', type: 'int', nullable: true })
  requestedById: number | null;

  @DateTimeColumn({ name: 'started_at', nullable: false })
  startedAt: Date;

  @DateTimeColumn({ name: 'finished_at' })
  finishedAt: Date | null;
}
