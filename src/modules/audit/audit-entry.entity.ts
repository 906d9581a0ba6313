import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, VarcharColumn } from '../../common/columns';

/** One change made by a person or the system: transitions, edits, imports. Append-only: no code updates or deletes it. */
@Entity('audit_entries')
@Index('idx_audit_subject', ['subjectType', 'subjectId'])
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(32, { name: 'subject_type' })
  subjectType: string;

  @VarcharColumn(64, { name: 'subject_id' })
  subjectId: string;

  @VarcharColumn(40)
  action: string;

  @VarcharColumn(32, { name: 'from_state', nullable: true })
  fromState: string | null;

  @VarcharColumn(32, { name: 'to_state', nullable: true })
  toState: string | null;

  @VarcharColumn(1000, { nullable: true })
  reason: string | null;

  /** Field changes {field: {from, to}} or other structured detail: opaque payload. */
  @Column({ type: 'simple-json', nullable: true })
  changes: Record<string, unknown> | null;

  @Column({ name: 'actor_id', type: 'int', nullable: true })
  actorId: number | null;

  @VarcharColumn(64, { name: 'actor_username', nullable: true })
  actorUsername: string | null;

  /** The client address (IP) of the request that made the change; null for scheduled jobs and the CLI. */
  @VarcharColumn(45, { name: 'client_ip', nullable: true })
  clientIp: string | null;

  /** When the event took effect (a transition's `at`, may be in the past). */
  @DateTimeColumn({ nullable: false })
  at: Date;

  /** When it was written down. */
  @DateTimeColumn({ name: 'recorded_at', nullable: false })
  recordedAt: Date;
}
