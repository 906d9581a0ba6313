import { ForbiddenException } from '@nestjs/common';
import type { Actor } from './roles';

/**
 * The unit-scope policy, used by every service that reads or changes unit data:
 * an operator sees and changes only their own unit; everyone else sees every unit.
 */
export const UnitScope = {
  /** The unit every query must be restricted to, or null for no restriction. */
  restriction(actor: Actor): number | null {
    return actor.role === 'operator' ? (actor.unitId ?? -1) : null;
  },

  canAccess(actor: Actor, unitId: number): boolean {
    const only = UnitScope.restriction(actor);
    return only === null || only === unitId;
  },

  assertAccess(actor: Actor, unitId: number): void {
    if (!UnitScope.canAccess(actor, unitId)) {
      throw new ForbiddenException('信息员只能查看和管理本单位的数据');
    }
  },

  /** A filter the caller asked for, checked against the actor's scope (403 when outside it). */
  effectiveUnitFilter(actor: Actor, requested?: number): number | undefined {
    const only = UnitScope.restriction(actor);
    if (only === null) return requested;
    if (requested !== undefined && requested !== only) {
      throw new ForbiddenException('信息员只能查看和管理本单位的数据');
    }
    return only;
  },
};
