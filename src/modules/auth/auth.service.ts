import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isIP } from 'node:net';
import { ipv6Groups } from '../../common/net/address-guard';
import { WINDOW_STORE } from '../../common/window-store.module';
import type { WindowStore } from '../../common/window-store';
import type { Actor } from '../../common/roles';
import { fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UsersService } from '../users/users.service';
import { LoginView } from './auth.responses';
import { LoginAttempts } from './login-attempts';

/**
 * Login with failure throttling on three counters (SECURITY.md): one client and one username
 * (LOGIN_MAX_FAILURES), one username from any client (LOGIN_MAX_FAILURES_PER_USER: spread-out
 * guessing) and one client for any username (LOGIN_MAX_FAILURES_PER_CLIENT: password spraying).
 * In queue mode the counts are kept in Redis, shared by every API replica.
 */
@Injectable()
export class AuthService {
  private readonly pair: LoginAttempts;
  private readonly perUser: LoginAttempts;
  private readonly perClient: LoginAttempts;
  /** Wrong current passwords on POST /api/auth/password, per user: kept apart from the login counters. */
  private readonly passwordChecks: LoginAttempts;

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(WINDOW_STORE) store: WindowStore,
  ) {
    const windowMs = config.loginFailureWindowSeconds * 1000;
    this.pair = new LoginAttempts(store, 'pair', config.loginMaxFailures, windowMs);
    this.perUser = new LoginAttempts(store, 'user', config.loginMaxFailuresPerUser, windowMs);
    this.perClient = new LoginAttempts(store, 'client', config.loginMaxFailuresPerClient, windowMs);
    this.passwordChecks = new LoginAttempts(store, 'password-change', config.loginMaxFailuresPerUser, windowMs);
  }

  async login(username: string, password: string, clientIp: string): Promise<LoginView> {
    const client = clientKey(clientIp);
    const pairKey = `${client}|${username}`;
    const userKey = username.toLowerCase();
    // The client's counter is checked; the username's and the pair's take this attempt at once
    // (atomically: parallel guesses cannot all pass before the first failure is counted) and are
    // cleared when the password is right.
    const refusals: [() => Promise<number>, string][] = [
      [() => this.perClient.retryAfterSeconds(client), '本机登录失败次数过多'],
      [() => this.perUser.reserve(userKey), '该用户名登录失败次数过多，已暂时锁定'],
      [() => this.pair.reserve(pairKey), '登录失败次数过多'],
    ];
    for (const [refusal, reason] of refusals) {
      const wait = await refusal();
      if (wait > 0) throw tooMany(reason, wait);
    }
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      await this.perClient.recordFailure(client);
      throw new UnauthorizedException('用户名或密码错误');
    }
    // The client's own counter is not reset: one valid login must not buy more guesses at other usernames.
    await Promise.all([this.pair.reset(pairKey), this.perUser.reset(userKey)]);
    const accessToken = await this.jwt.signAsync(tokenPayload(user));
    return { accessToken, user: await this.users.get(user.id) };
  }

  /**
   * POST /api/auth/password: the actor changes their own password; every token issued before
   * stops working. A wrong current password is a guess (someone holding a token may not know the
   * password): LOGIN_MAX_FAILURES_PER_USER of them within the window and the change is refused
   * (429) until the oldest ages out. Counted apart from the login counters, so it never locks the login.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const key = String(actor.id);
    const wait = await this.passwordChecks.retryAfterSeconds(key);
    if (wait > 0) throw tooMany('当前密码错误次数过多，已暂时不能修改密码', wait);
    if (!(await this.users.changeOwnPassword(actor, currentPassword, newPassword))) {
      await this.passwordChecks.recordFailure(key);
      throw fieldError('currentPassword', '当前密码不正确，密码未修改');
    }
    await this.passwordChecks.reset(key);
  }
}

/** What a token says: who, and the user's token version (`tv`, raised by every password change). */
export function tokenPayload(user: { id: number; username: string; role: string; tokenVersion: number }): { sub: number; username: string; role: string; tv: number } {
  return { sub: user.id, username: user.username, role: user.role, tv: user.tokenVersion };
}

function tooMany(reason: string, wait: number): HttpException {
  return new HttpException(
    { statusCode: 429, error: 'Too Many Requests', message: `${reason}，请 ${Math.ceil(wait / 60)} 分钟后再试`, retryAfterSeconds: wait },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}

/** The client a failure is counted for: an IPv4 address, or the /64 of an IPv6 one (one host usually holds a whole /64). */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIP(ip) !== 6) return ip;
  return `${ipv6Groups(ip)
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
