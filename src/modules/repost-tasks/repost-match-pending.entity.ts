import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An account with posts not yet matched against repost tasks ([scale]): kept in the database,
 * not in a process's memory, so the match job can run on any worker and a dead process loses
 * nothing. `version` grows with every new batch of posts, so the job removes only the rows it
 * has matched (a row bumped meanwhile stays for the next pass).
 */
@Entity('repost_match_pending')
export class RepostMatchPending {
  @PrimaryColumn({ name: 'account_id', type: 'int' })
  accountId: number;

  /** The latest publishedAt among the unmatched posts, epoch milliseconds. */
  @Column({ name: 'latest_ms', type: 'bigint' })
  latestMs: string | number;

  @Column({ type: 'int', default: 1 })
  version: number;
}
