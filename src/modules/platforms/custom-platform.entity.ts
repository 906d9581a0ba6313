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

  /** The mark's colour (`#RRGGBB`); null: the default mark. */
  @VarcharColumn(7, { name: 'icon_color', nullable: true })
  iconColor: string | null;

  /** The mark's 1–2 characters; null: the first character of the name. */
  @VarcharColumn(16, { name: 'icon_glyph', nullable: true })
  iconGlyph: string | null;

  @VarcharColumn(100, { name: 'id_hint', nullable: true })
  idHint: string | null;

  @VarcharColumn(100, { name: 'homepage_hint', nullable: true })
  homepageHint: string | null;

  @Column({ name: 'created_by_id', type: 'int', nullable: true })
  createdById: number | null;
}
