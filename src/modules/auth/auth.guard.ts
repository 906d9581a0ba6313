import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY } from '../../common/auth.decorators';
import type { Role } from '../../common/roles';
import { UsersService } from '../users/users.service';

interface TokenPayload {
  sub: number;
  exp?: number;
  /** The user's token version when it was issued; tokens from before versions existed carry none (version 0). */
  tv?: number;
}

/** The only signature algorithm this server issues and accepts (SECURITY.md): no HS384/HS512, no `none`. */
export const JWT_ALGORITHM = 'HS256';

/** Global guard: a valid Bearer token of an enabled user, then the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const actor = await this.authenticate(request);
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new ForbiddenException('您的角色无权执行此操作');
    }
    return true;
  }

  private async authenticate(request: Request) {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedException('未登录：请先登录，并在请求头携带 Authorization: Bearer <accessToken>');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(match[1], { algorithms: [JWT_ALGORITHM] });
    } catch {
      throw new UnauthorizedException('登录凭证无效或已过期，请重新登录');
    }
    // Every token this server issues expires (JWT_EXPIRES_IN); one without `exp` was not made by the login.
    if (typeof payload.exp !== 'number') throw new UnauthorizedException('登录凭证无效或已过期，请重新登录');
    const tokenVersion = payload.tv ?? 0;
    if (!Number.isInteger(tokenVersion)) throw new UnauthorizedException('登录凭证无效或已过期，请重新登录');
    const session = typeof payload.sub === 'number' ? await this.users.findSession(payload.sub) : null;
    if (!session) throw new UnauthorizedException('账号不存在或已停用，请联系管理员');
    // The password changed (by the user or an admin's reset) after this token was issued.
    if (session.tokenVersion !== tokenVersion) throw new UnauthorizedException('密码已修改，此前的登录已失效，请重新登录');
    return session.actor;
  }
}
