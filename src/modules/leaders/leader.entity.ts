import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped, VarcharColumn } from '../../common/columns';

/** One term of a leader (领导姓名职务): a person holding a title between two calendar dates. */
@Entity('leaders')
@Index('idx_leaders_name', ['name'])
export class Leader extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(32)
  name: string;

  @VarcharColumn(64)
  title: string;

  /** YYYY-MM-DD in APP_TIMEZONE, inclusive; null = since always. */
  @VarcharColumn(10, { name: 'valid_from', nullable: true })
  validFrom: string | null;

  /** YYYY-MM-DD in APP_TIMEZONE, inclusive; null = still in office. */
  @VarcharColumn(10, { name: 'valid_to', nullable: true })
  validTo: string | null;
}
