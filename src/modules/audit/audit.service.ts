import { Injectable } from '@nestjs/common';
import { currentClientIp } from '../../common/request-context';
import type { Actor } from '../../common/roles';
import type { Transaction } from '../../database/transactions';
import { AuditEntry } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';

export interface AuditRecord {
  subjectType: string;
  subjectId: number | string;
  action: string;
  actor: Pick<Actor, 'id' | 'username'> | null;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  changes?: Record<string, unknown> | null;
  /** When the event took effect; defaults to now. */
  at?: Date;
  /** The client address; defaults to the current request's when a person acts (common/request-context.ts). */
  clientIp?: string | null;
}

export interface FieldChange {
  from: unknown;
  to: unknown;
}

/** `{field: {from, to}}` for the fields whose value differs. */
export function diffFields<T extends object>(before: T, after: Partial<T>): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const [field, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = (before as Record<string, unknown>)[field];
    if (!sameValue(from, to)) changes[field] = { from: from ?? null, to: to ?? null };
  }
  return changes;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  return (a ?? null) === (b ?? null);
}

/**
 * The audit trail: written in the caller's transaction, read as a subject's history. There is
 * deliberately no update or delete here, and no HTTP route writes it (SECURITY.md).
 */
@Injectable()
export class AuditService {
  constructor(private readonly entries: AuditRepository) {}

  /** Written in `tx`, the transaction of the change recorded: both commit or neither. */
  async record(tx: Transaction, record: AuditRecord): Promise<AuditEntry> {
    const now = new Date();
    return this.entries.append(tx, {
      subjectType: record.subjectType,
      subjectId: String(record.subjectId),
      action: record.action,
      fromState: record.fromState ?? null,
      toState: record.toState ?? null,
      reason: record.reason ?? null,
      changes: record.changes && Object.keys(record.changes).length ? record.changes : null,
      actorId: record.actor?.id ?? null,
      actorUsername: record.actor?.username ?? null,
      clientIp: record.clientIp !== undefined ? record.clientIp : record.actor ? currentClientIp() : null,
      at: record.at ?? now,
      recordedAt: now,
    });
  }

  /** Every entry about a subject, in the order it was recorded. */
  history(subjectType: string, subjectId: number | string): Promise<AuditEntry[]> {
    return this.entries.ofSubject(subjectType, String(subjectId));
  }
}
