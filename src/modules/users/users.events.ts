import type { Actor } from '../../common/roles';
import type { User } from './user.entity';

/**
 * [recertify] A user's role, unit, name, password or enabled state changed (told after commit,
 * awaited before the change answers; a failing listener is logged, never fails the change).
 * Handover flags listen.
 */
export class UserChangedEvent {
  constructor(
    readonly user: Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'unitId' | 'disabled'>,
    readonly before: Pick<User, 'displayName' | 'role' | 'unitId' | 'disabled'>,
    readonly changes: Record<string, { from: unknown; to: unknown }>,
    readonly actor: Actor,
  ) {}
}
