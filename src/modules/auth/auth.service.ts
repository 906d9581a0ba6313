import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UsersService, UserView } from '../users/users.service';
import { LoginAttempts } from './login-attempts';

@Injectable()
export class AuthService {
  private readonly attempts: LoginAttempts;

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.attempts = new LoginAttempts(config.loginMaxFailures, config.loginFailureWindowSeconds * 1000);
  }

  async login(username: string, password: string, clientIp: string): Promise<{ accessToken: string; user: UserView }> {
    const key = `${clientIp}|${username}`;
    const wait = this.attempts.retryAfterSeconds(key);
    if (wait > 0) {
      throw new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: `登录失败次数过多,请 ${Math.ceil(wait / 60)} 分钟后再试`, retryAfterSeconds: wait },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      this.attempts.recordFailure(key);
      throw new UnauthorizedException('用户名或密码错误');
    }
    this.attempts.reset(key);
    const accessToken = await this.jwt.signAsync({ sub: user.id, username: user.username, role: user.role });
    return { accessToken, user: await this.users.get(user.id) };
  }
}
