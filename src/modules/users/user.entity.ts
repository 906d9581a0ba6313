import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped, VarcharColumn } from '../../common/columns';
import { Role } from '../../common/roles';

@Entity('users')
export class User extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(64, { unique: true })
  username: string;

  @VarcharColumn(100, { name: 'password_hash', select: false })
  passwordHash: string;

  @VarcharColumn(16)
  role: Role;

  @Column({ name: 'unit_id', type: 'int', nullable: true })
  unitId: number | null;

  @VarcharColumn(50, { name: 'display_name', nullable: true })
  displayName: string | null;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /**
   * Carried in every token as `tv`; raised when the password changes (by the user or an admin's
   * reset), which ends every session opened before (the auth guard compares it on each request).
   */
  @Column({ name: 'token_version', type: 'int', default: 0 })
  tokenVersion: number;
}
