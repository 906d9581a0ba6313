import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, VarcharColumn } from '../../common/columns';

export type ReportExportKind = 'quarterly' | 'repost-compliance';
export type ReportExportFormat = 'xlsx' | 'docx';
export type ReportExportStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * A report file made in the background ([scale]): asked for through the API, built by whichever
 * process takes the `report-export` job, kept in the database (so any API replica can serve
 * it) for REPORT_EXPORT_KEEP_DAYS days.
 */
@Entity('report_exports')
@Index('idx_report_exports_created', ['createdAt'])
export class ReportExport {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(32)
  report: ReportExportKind;

  @VarcharColumn(6)
  quarter: string;

  @VarcharColumn(8)
  format: ReportExportFormat;

  /** Computed from the data now even when the quarter was published. */
  @Column({ type: 'boolean', default: false })
  live: boolean;

  @VarcharColumn(16)
  status: ReportExportStatus;

  @VarcharColumn(1000, { nullable: true })
  error: string | null;

  @Column({ name: 'requested_by_id', type: 'int' })
  requestedById: number;

  @VarcharColumn(64, { name: 'requested_by' })
  requestedBy: string;

  @DateTimeColumn({ name: 'created_at', nullable: false })
  createdAt: Date;

  @DateTimeColumn({ name: 'started_at' })
  startedAt: Date | null;

  @DateTimeColumn({ name: 'finished_at' })
  finishedAt: Date | null;

  /** The download's name (Chinese, as the office names the document). */
  @VarcharColumn(200, { name: 'file_name', nullable: true })
  fileName: string | null;

  @VarcharColumn(100, { name: 'content_type', nullable: true })
  contentType: string | null;

  @Column({ type: 'int', nullable: true })
  size: number | null;

  /** The file (MySQL: longblob); read only for the download. */
  @Column({ type: 'blob', nullable: true, select: false })
  content: Buffer | null;
}
