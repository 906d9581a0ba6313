import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped, VarcharColumn } from '../../common/columns';

/** A platform an admin added (`POST /api/platforms`); loaded into the platform registry at start. */
@Entity('custom_platforms')
export class CustomPlatform extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(32, { unique: true })
  code: string;

  @VarcharColumn(50)
  name: string;

  /** The regular expressions (source text) as a JSON array. */
  @Column({ name: 'url_patterns', type: 'text' })
  urlPatterns: string;

  @Column({ name: 'created_by_id', type: 'int', nullable: true })
  createdById: number | null;
}
