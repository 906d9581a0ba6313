import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, VarcharColumn } from '../../common/columns';

/** One office-wide setting (letterhead of the bulletin, the re-certification cycle's start): a key and a JSON value. */
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'simple-json' })
  value: unknown;

  @DateTimeColumn({ name: 'updated_at', nullable: false })
  updatedAt: Date;

  @VarcharColumn(64, { name: 'updated_by', nullable: true })
  updatedBy: string | null;
}
