import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';

export const UNIT_KINDS = ['town', 'department', 'committee', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_STATUSES = ['active', 'abolished'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

@Entity('units')
export class Unit extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(100, { unique: true })
  name: string;

  @VarcharColumn(16)
  kind: UnitKind;

  @VarcharColumn(32, { nullable: true })
  code: string | null;

  @Column({ name: 'parent_id', type: 'int', nullable: true })
  parentId: number | null;

  @VarcharColumn(50, { name: 'contact_name', nullable: true })
  contactName: string | null;

  @VarcharColumn(30, { name: 'contact_phone', nullable: true })
  contactPhone: string | null;

  @VarcharColumn(16, { default: 'active' })
  status: UnitStatus;

  @DateTimeColumn({ name: 'abolished_at' })
  abolishedAt: Date | null;

  @VarcharColumn(500, { name: 'abolish_reason', nullable: true })
  abolishReason: string | null;

  @Column({ name: 'successor_unit_id', type: 'int', nullable: true })
  successorUnitId: number | null;
}
