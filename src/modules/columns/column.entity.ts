import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';
import type { LinkHealth } from './link-health-vocabulary';

/** A column (栏目) or menu link of an account; its link health is kept up to date by link checks. */
@Entity('columns')
@Index('idx_columns_account', ['accountId'])
@Index('idx_columns_health', ['health'])
export class AccountColumn extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  @VarcharColumn(100)
  name: string;

  @VarcharColumn(2000)
  url: string;

  @VarcharColumn(16)
  health: LinkHealth;

  @DateTimeColumn({ name: 'last_checked_at' })
  lastCheckedAt: Date | null;

  @Column({ name: 'last_http_status', type: 'int', nullable: true })
  lastHttpStatus: number | null;

  @VarcharColumn(40, { name: 'last_reason', nullable: true })
  lastReason: string | null;

  @VarcharColumn(2000, { name: 'last_final_url', nullable: true })
  lastFinalUrl: string | null;

  @DateTimeColumn({ name: 'broken_since' })
  brokenSince: Date | null;
}
