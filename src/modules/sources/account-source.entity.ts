import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';
import type { SourceCursor, SourceErrorKind } from '../source-kinds/post-source';

/** Where an account's posts come from, and its polling state. Secrets are stored encrypted. */
@Entity('account_sources')
@Index('idx_account_sources_next_poll', ['nextPollAt'])
export class AccountSource extends Timestamped {
  @PrimaryColumn({ name: 'account_id', type: 'int' })
  accountId: number;

  /** A kind of the source-kind registry (source-kinds/source-kind-registry.ts). */
  @VarcharColumn(16)
  kind: string;

  @VarcharColumn(2000, { nullable: true })
  url: string | null;

  @VarcharColumn(2000, { name: 'base_url', nullable: true })
  baseUrl: string | null;

  @VarcharColumn(128, { name: 'app_id', nullable: true })
  appId: string | null;

  /** AES-256-GCM (common/secrets.ts); never returned, never logged. */
  @Column({ name: 'app_secret_enc', type: 'text', nullable: true })
  appSecretEnc: string | null;

  @VarcharColumn(64, { nullable: true })
  uid: string | null;

  @Column({ name: 'access_token_enc', type: 'text', nullable: true })
  accessTokenEnc: string | null;

  @Column({ type: 'simple-json', nullable: true })
  cursor: SourceCursor | null;

  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures: number;

  @DateTimeColumn({ name: 'last_polled_at' })
  lastPolledAt: Date | null;

  @DateTimeColumn({ name: 'last_success_at' })
  lastSuccessAt: Date | null;

  @VarcharColumn(1000, { name: 'last_error', nullable: true })
  lastError: string | null;

  @VarcharColumn(16, { name: 'last_error_kind', nullable: true })
  lastErrorKind: SourceErrorKind | null;

  @DateTimeColumn({ name: 'next_poll_at' })
  nextPollAt: Date | null;

  @DateTimeColumn({ name: 'paused_until' })
  pausedUntil: Date | null;
}
