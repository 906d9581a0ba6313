import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VarcharColumn } from '../../common/columns';

export type PollRunItemStatus = 'waiting' | 'succeeded' | 'failed';

/**
 * One account of a poll run. The account's job (whichever process runs it) credits every
 * run that was waiting for that account when the poll started; run counters are recomputed
 * from these rows.
 */
@Entity('poll_run_items')
export class PollRunItem {
  @PrimaryColumn({ name: 'run_id', type: 'int' })
  runId: number;

  @PrimaryColumn({ name: 'account_id', type: 'int' })
  accountId: number;

  @VarcharColumn(16)
  status: PollRunItemStatus;

  @Column({ name: 'new_posts', type: 'int', default: 0 })
  newPosts: number;
}
