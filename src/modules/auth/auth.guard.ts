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
}

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
    if (!match) throw new UnauthorizedException('未登录:请先登录,并在请求头携带 Authorization: Bearer <accessToken>');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(match[1]);
    } catch {
      throw new UnauthorizedException('登录凭证无效或已过期,请重新登录');
    }
    // Every token this server issues expires (JWT_EXPIRES_IN); one without `exp` was not made by the login.
    if (typeof payload.exp !== 'number') throw new UnauthorizedException('登录凭证无效或已过期,请重新登录');
    const actor = typeof payload.sub === 'number' ? await this.users.findActor(payload.sub) : null;
    if (!actor) throw new UnauthorizedException('账号不存在或已停用,请联系管理员');
    return actor;
  }
}
