import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { EventBus } from '../../common/events/event-bus';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { AccountsRepository } from '../accounts/accounts.repository';
import { Alert, ALERT_KINDS, AlertKind } from './alert.entity';
import { ListAlertsQuery } from './alerts.dto';
import { AlertsRepository } from './alerts.repository';
import { AlertOpenedEvent, AlertResolvedEvent } from './alerts.events';
import type { AlertListPage } from './alerts.responses';

export interface AlertSubject {
  kind: AlertKind;
  subjectType: string;
  subjectId: number | string;
}

export interface RaiseAlert extends AlertSubject {
  unitId: number | null;
  message: string;
  details?: Record<string, unknown>;
}

/** The account an alert concerns: its subject, or the account named in its details (columns, findings). */
export function accountOf(alert: Pick<Alert, 'subjectType' | 'subjectId' | 'details'>): number | null {
  if (alert.subjectType === 'account') return Number(alert.subjectId) || null;
  const fromDetails = Number(alert.details?.accountId);
  return Number.isInteger(fromDetails) && fromDetails > 0 ? fromDetails : null;
}

function openKey(subject: AlertSubject): string {
  return `${subject.kind}:${subject.subjectType}:${subject.subjectId}`;
}

/**
 * Alerts open on a state change and resolve on recovery, never one per check: `raise`
 * on an already-open subject only refreshes its message, `resolve` on a quiet subject does
 * nothing. The only writer of the `alerts` table.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly bus: EventBus,
    private readonly accounts: AccountsRepository,
  ) {}

  /** Opens an alert for the subject unless one is already open. Returns the open alert. */
  async raise(input: RaiseAlert): Promise<{ alert: Alert; opened: boolean }> {
    const key = openKey(input);
    const existing = await this.findOpen(input);
    if (existing) {
      if (existing.message !== input.message) await this.alerts.update(existing.id, { message: input.message.slice(0, 1000) });
      return { alert: { ...existing, message: input.message }, opened: false };
    }
    try {
      const alert = await this.alerts.insert({
        kind: input.kind,
        status: 'open',
        subjectType: input.subjectType,
        subjectId: String(input.subjectId),
        unitId: input.unitId,
        message: input.message.slice(0, 1000),
        openKey: key,
        details: input.details ?? null,
        openedAt: new Date(),
        resolvedAt: null,
        lastNotifiedAt: null,
      });
      // Awaited (deliveries are recorded before this returns); a failing channel never fails the raise.
      await this.bus.emit(new AlertOpenedEvent(alert));
      return { alert, opened: true };
    } catch (error) {
      // Another process opened it between our read and our insert: the unique key held.
      if (error instanceof QueryFailedError) {
        const winner = await this.findOpen(input);
        if (winner) return { alert: winner, opened: false };
      }
      throw error;
    }
  }

  /** Rewrites the subject's open alert with the facts as they are now (never opens one). */
  async restate(subject: AlertSubject, message: string): Promise<void> {
    const existing = await this.findOpen(subject);
    if (existing && existing.message !== message) await this.alerts.update(existing.id, { message: message.slice(0, 1000) });
  }

  /** Resolves the subject's open alert, if any. */
  async resolve(subject: AlertSubject): Promise<Alert | null> {
    const existing = await this.findOpen(subject);
    if (!existing) return null;
    const resolvedAt = new Date();
    if (!(await this.alerts.resolveIfOpen(existing.id, resolvedAt))) return null;
    const alert = { ...existing, status: 'resolved' as const, resolvedAt };
    await this.bus.emit(new AlertResolvedEvent(alert));
    return alert;
  }

  findOpen(subject: AlertSubject): Promise<Alert | null> {
    return this.alerts.findOpen(openKey(subject));
  }

  /** Open alerts whose last notice is older than the cutoff (reminders). */
  openNotNotifiedSince(cutoff: Date): Promise<Alert[]> {
    return this.alerts.openNotNotifiedSince(cutoff);
  }

  async markNotified(id: number, at = new Date()): Promise<void> {
    await this.alerts.update(id, { lastNotifiedAt: at });
  }

  /** A page of alerts, each with the account it concerns, and the count per kind under the same status and unit. */
  async list(query: ListAlertsQuery, actor: Actor): Promise<AlertListPage> {
    const unitId = UnitScope.effectiveUnitFilter(actor, query.unitId);
    const [page, counts] = await Promise.all([
      this.alerts.list({ unitId, status: query.status, kind: query.kind }, query),
      this.alerts.countByKind({ unitId, status: query.status }),
    ]);
    const kindCounts = ALERT_KINDS.map((kind) => ({ kind, count: counts.find((c) => c.kind === kind)?.count ?? 0 })).filter((c) => c.count > 0);
    const accountIds = [...new Set(page.items.map(accountOf).filter((id): id is number => id !== null))];
    const names = new Map((await this.accounts.findByIds(accountIds)).map((a) => [a.id, a.name]));
    const items = page.items.map((alert) => {
      const accountId = accountOf(alert);
      return { ...alert, accountId, accountName: accountId === null ? null : (names.get(accountId) ?? null) };
    });
    return { ...page, items, kindCounts };
  }

  findById(id: number): Promise<Alert | null> {
    return this.alerts.findById(id);
  }

  /** id and subject of the open alerts of a kind. */
  openOfKind(kind: AlertKind): Promise<Pick<Alert, 'id' | 'subjectId'>[]> {
    return this.alerts.openOfKind(kind);
  }

  /** Count of open alerts, e.g. for health and overview. */
  countOpen(): Promise<number> {
    return this.alerts.countOpen();
  }
}
