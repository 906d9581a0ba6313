import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';

/** The unit id a default target is stored under (no nullable composite unique key). */
export const DEFAULT_TARGET_UNIT = 0;

/** A quarterly target (发布任务): posts and reposts a unit should reach in a quarter. unitId 0 = the default. */
@Entity('targets')
@Unique('uq_targets_quarter_unit', ['quarter', 'unitId'])
export class Target extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(6)
  quarter: string;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ type: 'int' })
  posts: number;

  @Column({ type: 'int' })
  reposts: number;

  @VarcharColumn(64, { name: 'updated_by', nullable: true })
  updatedBy: string | null;
}

/** A published quarterly report: its figures frozen so the bulletin can be reproduced exactly. */
@Entity('report_snapshots')
export class ReportSnapshot {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(6, { unique: true })
  quarter: string;

  /** The whole report as it was published (read by the application only). */
  @Column({ type: 'simple-json' })
  figures: unknown;

  @DateTimeColumn({ name: 'published_at', nullable: false })
  publishedAt: Date;

  @VarcharColumn(64, { name: 'published_by', nullable: true })
  publishedBy: string | null;

  @Column({ name: 'published_by_id', type: 'int', nullable: true })
  publishedById: number | null;
}
