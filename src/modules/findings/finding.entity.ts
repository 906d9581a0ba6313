import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, VarcharColumn } from '../../common/columns';
import type { FindingKind, SubjectType } from './detectors/types';

export const FINDING_STATUSES = ['open', 'resolved', 'accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** A violation or risk found by a detector: one open finding per (kind, subject). */
@Entity('findings')
@Index('idx_findings_subject', ['kind', 'subjectType', 'subjectId'])
@Index('idx_findings_status_kind', ['status', 'kind'])
@Index('idx_findings_unit', ['unitId'])
@Index('idx_findings_account', ['accountId'])
export class Finding {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(40)
  kind: FindingKind;

  @VarcharColumn(16)
  status: FindingStatus;

  @VarcharColumn(32, { name: 'subject_type' })
  subjectType: SubjectType;

  @VarcharColumn(64, { name: 'subject_id' })
  subjectId: string;

  @Column({ name: 'account_id', type: 'int', nullable: true })
  accountId: number | null;

  @Column({ name: 'unit_id', type: 'int', nullable: true })
  unitId: number | null;

  @VarcharColumn(1000)
  message: string;

  @Column({ type: 'simple-json' })
  evidence: Record<string, unknown>;

  /** Fingerprint of the evidence's substance (sha1 of the detector's key). */
  @VarcharColumn(64, { name: 'evidence_key', select: false })
  evidenceKey: string;

  /** `kind:subjectType:subjectId` while open, NULL otherwise: the database refuses a second open one. */
  @VarcharColumn(140, { name: 'open_key', nullable: true, unique: true, select: false })
  openKey: string | null;

  @DateTimeColumn({ name: 'detected_at', nullable: false })
  detectedAt: Date;

  /** The last scan that still saw the condition. */
  @DateTimeColumn({ name: 'last_seen_at', nullable: false })
  lastSeenAt: Date;

  @DateTimeColumn({ name: 'resolved_at' })
  resolvedAt: Date | null;

  @DateTimeColumn({ name: 'accepted_at' })
  acceptedAt: Date | null;

  @Column({ name: 'accepted_by_id', type: 'int', nullable: true })
  acceptedById: number | null;

  @VarcharColumn(64, { name: 'accepted_by', nullable: true })
  acceptedBy: string | null;

  @VarcharColumn(1000, { name: 'accept_reason', nullable: true })
  acceptReason: string | null;
}

export const SCAN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];
/** manual: POST /api/findings/scan; schedule: FINDINGS_SCAN_CRON; rules: the 错敏词 library or the leaders changed. */
export const SCAN_TRIGGERS = ['manual', 'schedule', 'rules'] as const;
export type ScanTrigger = (typeof SCAN_TRIGGERS)[number];

/** What a post was last scanned with: its content hash and the ruleset fingerprint (an unchanged pair is skipped). */
@Entity('post_scans')
export class PostScan {
  @PrimaryColumn({ name: 'post_id', type: 'int' })
  postId: number;

  @VarcharColumn(64, { name: 'content_hash' })
  contentHash: string;

  @VarcharColumn(16)
  ruleset: string;
}

/** A full detector scan requested through the API or by the schedule, with its outcome. */
@Entity('finding_scans')
export class FindingScan {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(16)
  status: ScanStatus;

  @VarcharColumn(16)
  trigger: ScanTrigger;

  @Column({ name: 'requested_by_id', type: 'int', nullable: true })
  requestedById: number | null;

  @Column({ type: 'int', default: 0 })
  accounts: number;

  /** Posts run through the post detectors so far (the progress of the run). */
  @Column({ type: 'int', default: 0 })
  posts: number;

  /** Every post looked at: on an incremental run, unchanged ones are skipped (posts + skipped = postsTotal when done). */
  @Column({ name: 'posts_total', type: 'int', default: 0 })
  postsTotal: number;

  /** Posts whose content and ruleset were unchanged since their last scan (not read again). */
  @Column({ type: 'int', default: 0 })
  skipped: number;

  /** Every post, changed or not (`POST /api/findings/scan?full=true`). */
  @Column({ type: 'boolean', default: false })
  full: boolean;

  /** The ruleset fingerprint the run scanned with (ruleset.ts). */
  @VarcharColumn(16, { nullable: true })
  ruleset: string | null;

  @Column({ type: 'int', default: 0 })
  opened: number;

  @Column({ type: 'int', default: 0 })
  updated: number;

  @Column({ type: 'int', default: 0 })
  resolved: number;

  @VarcharColumn(1000, { nullable: true })
  error: string | null;

  @DateTimeColumn({ name: 'created_at', nullable: false })
  createdAt: Date;

  @DateTimeColumn({ name: 'started_at' })
  startedAt: Date | null;

  @DateTimeColumn({ name: 'finished_at' })
  finishedAt: Date | null;
}
