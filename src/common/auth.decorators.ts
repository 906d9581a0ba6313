import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from './roles';

export const PUBLIC_KEY = 'isPublic';
export const ROLES_KEY = 'roles';

/** The route needs no login (login itself, health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the route; others get 403. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

export interface AuthenticatedRequest {
  actor?: Actor;
}

/** The logged-in person, set by the AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
