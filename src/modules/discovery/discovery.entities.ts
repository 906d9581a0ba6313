import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';
import type { DiscoveryStatus, TriageState } from './discovery-classify';

/** One imported list of accounts seen on the platforms (账号发现批次). */
@Entity('discovery_batches')
export class DiscoveryBatch extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(200, { name: 'file_name' })
  fileName: string;

  @Column({ name: 'row_count', type: 'int' })
  rowCount: number;

  @Column({ name: 'created_by_id', type: 'int', nullable: true })
  createdById: number | null;

  @VarcharColumn(64, { name: 'created_by', nullable: true })
  createdBy: string | null;
}

/** One account of a batch, classified when imported and triaged later (认领/假冒/忽略). */
@Entity('discovery_rows')
@Index('idx_discovery_rows_batch', ['batchId'])
@Index('idx_discovery_rows_url_key', ['urlKey'])
export class DiscoveryRow extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'batch_id', type: 'int' })
  batchId: number;

  /** The row's line in the file (for people comparing with it). */
  @Column({ name: 'row_number', type: 'int' })
  rowNumber: number;

  @VarcharColumn(32)
  platform: string;

  @VarcharColumn(200)
  name: string;

  @VarcharColumn(128, { name: 'platform_account_id', nullable: true })
  platformAccountId: string | null;

  @VarcharColumn(1000, { name: 'homepage_url', nullable: true })
  homepageUrl: string | null;

  /** The canonical key of the homepage (platforms/account-url.ts), for matching known impostors. */
  @VarcharColumn(400, { name: 'url_key', nullable: true })
  urlKey: string | null;

  @VarcharColumn(200, { name: 'certified_subject', nullable: true })
  certifiedSubject: string | null;

  @DateTimeColumn({ name: 'last_posted_at' })
  lastPostedAt: Date | null;

  @VarcharColumn(32)
  status: DiscoveryStatus;

  @VarcharColumn(1000)
  reason: string;

  @Column({ name: 'matched_account_id', type: 'int', nullable: true })
  matchedAccountId: number | null;

  @Column({ name: 'matched_unit_id', type: 'int', nullable: true })
  matchedUnitId: number | null;

  @VarcharColumn(16, { nullable: true })
  triage: TriageState | null;

  @VarcharColumn(1000, { name: 'triage_note', nullable: true })
  triageNote: string | null;

  /** The unit claimed for, or the unit an impostor pretends to be. */
  @Column({ name: 'triage_unit_id', type: 'int', nullable: true })
  triageUnitId: number | null;

  @Column({ name: 'claimed_account_id', type: 'int', nullable: true })
  claimedAccountId: number | null;

  @DateTimeColumn({ name: 'triaged_at' })
  triagedAt: Date | null;

  @Column({ name: 'triaged_by_id', type: 'int', nullable: true })
  triagedById: number | null;

  @VarcharColumn(64, { name: 'triaged_by', nullable: true })
  triagedBy: string | null;
}
