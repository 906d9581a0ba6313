import { ApiProperty } from '@nestjs/swagger';
import { UserView } from '../users/users.responses';

/** POST /api/auth/login: the bearer token and who it belongs to. */
export class LoginView {
  @ApiProperty({ type: String, description: 'JWT（HS256），放在 Authorization: Bearer 中 / send as Authorization: Bearer' })
  accessToken: string;

  @ApiProperty({ type: UserView })
  user: UserView;
}
