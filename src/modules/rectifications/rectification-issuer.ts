import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { Transaction } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { Rectification, RectificationSource } from './rectification.entity';
import { RectificationAction, RectificationStatus } from './rectification-state-machine';
import { RectificationEventsRepository, RectificationsRepository } from './rectifications.repository';

/** What every source (by hand, finding, round, provincial list) hands over to issue an order. */
export interface OrderDraft {
  unitId: number;
  accountId: number | null;
  title: string;
  problem: string;
  source: RectificationSource;
  sourceRef: string | null;
  /** Set for orders that must exist once per origin (a finding, a round's account). */
  sourceKey: string | null;
  dueAt: Date;
  foundAt?: Date | null;
}

export interface StepRecord {
  order: Rectification;
  action: RectificationAction;
  from: RectificationStatus | null;
  to: RectificationStatus;
  actor: Pick<Actor, 'id' | 'username'> | null;
  at: Date;
  note?: string | null;
  evidenceUrls?: string[] | null;
}

/** Writes orders and their steps: the order, its history row and its audit entry in the caller's transaction. */
@Injectable()
export class RectificationIssuer {
  constructor(
    private readonly orders: RectificationsRepository,
    private readonly events: RectificationEventsRepository,
    private readonly audit: AuditService,
  ) {}

  async issue(tx: Transaction, drafts: OrderDraft[], actor: Pick<Actor, 'id' | 'username'> | null, at: Date): Promise<Rectification[]> {
    const saved: Rectification[] = [];
    for (const draft of drafts) {
      const order = await this.orders.insert(tx, {
        ...draft,
        foundAt: draft.foundAt ?? null,
        status: 'issued',
        issuedAt: at,
        issuedById: actor?.id ?? null,
        evidenceUrls: null,
      });
      await this.record(tx, { order, action: 'issue', from: null, to: 'issued', actor, at, note: draft.problem.slice(0, 2000) });
      saved.push(order);
    }
    return saved;
  }

  /** One step in the history and the audit trail (same transaction as the change). */
  async record(tx: Transaction, step: StepRecord): Promise<void> {
    await this.events.append(tx, {
      rectificationId: step.order.id,
      at: step.at,
      actorId: step.actor?.id ?? null,
      actor: step.actor?.username ?? null,
      action: step.action,
      fromStatus: step.from,
      toStatus: step.to,
      note: step.note ?? null,
      evidenceUrls: step.evidenceUrls?.length ? step.evidenceUrls : null,
    });
    await this.audit.record(tx, {
      subjectType: 'rectification',
      subjectId: step.order.id,
      action: step.action,
      actor: step.actor,
      fromState: step.from,
      toState: step.to,
      reason: step.note ? step.note.slice(0, 1000) : null,
      at: step.at,
      changes: step.action === 'issue' ? { unitId: step.order.unitId, accountId: step.order.accountId, source: step.order.source, dueAt: step.order.dueAt.toISOString() } : null,
    });
  }
}
