import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';
import { AccountState } from './account-state-machine';

/** A platform code from the platform registry (src/modules/platforms); stored as varchar, validated in code. */
export type Platform = string;

@Entity('accounts')
@Index('idx_accounts_unit_platform', ['unitId', 'platform'])
@Index('idx_accounts_state', ['state'])
export class Account extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @VarcharColumn(32)
  platform: Platform;

  @VarcharColumn(100)
  name: string;

  @VarcharColumn(128, { name: 'platform_account_id', nullable: true })
  platformAccountId: string | null;

  @VarcharColumn(1000, { name: 'homepage_url', nullable: true })
  homepageUrl: string | null;

  @VarcharColumn(50, { name: 'operator_name', nullable: true })
  operatorName: string | null;

  @VarcharColumn(30, { name: 'operator_phone', nullable: true })
  operatorPhone: string | null;

  @VarcharColumn(500, { nullable: true })
  purpose: string | null;

  /** Why the unit needs more than one live account on this platform (一平台多账号). */
  @VarcharColumn(500, { nullable: true })
  justification: string | null;

  @VarcharColumn(64, { name: 'filing_number', nullable: true })
  filingNumber: string | null;

  /** Changed only by the account state machine (account-state-machine.ts). */
  @VarcharColumn(32)
  state: AccountState;

  @DateTimeColumn({ name: 'applied_at' })
  appliedAt: Date | null;

  @DateTimeColumn({ name: 'approved_at' })
  approvedAt: Date | null;

  @DateTimeColumn({ name: 'rejected_at' })
  rejectedAt: Date | null;

  @DateTimeColumn({ name: 'opened_at' })
  openedAt: Date | null;

  @DateTimeColumn({ name: 'deregistration_requested_at' })
  deregistrationRequestedAt: Date | null;

  @DateTimeColumn({ name: 'deregistered_at' })
  deregisteredAt: Date | null;

  /** The reason given with the latest transition that needed one. */
  @VarcharColumn(1000, { name: 'last_reason', nullable: true })
  lastReason: string | null;

  @Column({ name: 'applied_by_id', type: 'int', nullable: true })
  appliedById: number | null;

  /** [polish] Who requested the deregistration under way: they may not confirm it (maker-checker). */
  @Column({ name: 'deregistration_requested_by_id', type: 'int', nullable: true })
  deregistrationRequestedById: number | null;

  /** [recertify] 认证主体: the subject the platform certified the account to. */
  @VarcharColumn(200, { name: 'certified_subject', nullable: true })
  certifiedSubject: string | null;

  /** [recertify] When the unit last confirmed the account's facts, and who (set by the recertification module). */
  @DateTimeColumn({ name: 'certified_at' })
  certifiedAt: Date | null;

  @Column({ name: 'certified_by_id', type: 'int', nullable: true })
  certifiedById: number | null;

  /** [recertify] The user behind `operatorName`, when known (handover on disable/move). */
  @Column({ name: 'operator_user_id', type: 'int', nullable: true })
  operatorUserId: number | null;
}
