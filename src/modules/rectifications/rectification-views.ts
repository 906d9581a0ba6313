import { Injectable } from '@nestjs/common';
import { AccountsRepository } from '../accounts/accounts.repository';
import { UnitsService } from '../units/units.service';
import { Rectification, RectificationEvent } from './rectification.entity';
import { ACTION_LABELS, isOverdue } from './rectification-state-machine';
import { RectificationHistoryView, RectificationView } from './rectifications.responses';

/** Turns stored orders into their HTTP views: unit and account names, `overdue` as of now. */
@Injectable()
export class RectificationViews {
  constructor(
    private readonly units: UnitsService,
    private readonly accounts: AccountsRepository,
  ) {}

  async present(orders: Rectification[], now = new Date()): Promise<RectificationView[]> {
    const units = new Map((await this.units.findByIds(orders.map((o) => o.unitId))).map((u) => [u.id, u.name]));
    const accountIds = orders.map((o) => o.accountId).filter((id): id is number => id !== null);
    const accounts = new Map((await this.accounts.findByIds(accountIds)).map((a) => [a.id, a]));
    return orders.map((o) => {
      const account = o.accountId !== null ? accounts.get(o.accountId) : undefined;
      return {
        id: o.id,
        unitId: o.unitId,
        unitName: units.get(o.unitId) ?? `单位 ${o.unitId}`,
        accountId: o.accountId,
        accountName: account?.name ?? null,
        platform: account?.platform ?? null,
        title: o.title,
        problem: o.problem,
        source: o.source,
        sourceRef: o.sourceRef,
        status: o.status,
        overdue: isOverdue(o, now),
        issuedAt: o.issuedAt,
        dueAt: o.dueAt,
        foundAt: o.foundAt,
        issuedById: o.issuedById,
        respondedAt: o.respondedAt,
        respondedById: o.respondedById,
        responseText: o.responseText,
        evidenceUrls: o.evidenceUrls ?? [],
        verifiedAt: o.verifiedAt,
        verifiedById: o.verifiedById,
        verifyNote: o.verifyNote,
        closedAt: o.closedAt,
      };
    });
  }

  async one(order: Rectification, now = new Date()): Promise<RectificationView> {
    return (await this.present([order], now))[0];
  }

  history(events: RectificationEvent[]): RectificationHistoryView[] {
    return events.map((e) => ({
      at: e.at,
      actor: e.actor,
      action: e.action,
      actionLabel: ACTION_LABELS[e.action],
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      evidenceUrls: e.evidenceUrls ?? [],
    }));
  }
}
