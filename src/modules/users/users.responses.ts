import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '../../common/roles';

/** A user as the users and auth endpoints answer it; the password hash never leaves the server. */
export class UserView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  username: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: 'integer', nullable: true, description: '信息员所属单位 / the operator’s unit' })
  unitId: number | null;

  @ApiProperty({ type: String, nullable: true })
  unitName: string | null;

  @ApiProperty({ type: String, nullable: true })
  displayName: string | null;

  @ApiProperty({ type: Boolean })
  disabled: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}
