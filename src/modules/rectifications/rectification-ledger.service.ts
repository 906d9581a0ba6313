import { Inject, Injectable } from '@nestjs/common';
import { parseQuarter, quarterBounds } from '../../common/quarter';
import type { Actor } from '../../common/roles';
import { fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UnitsService } from '../units/units.service';
import { ledgerWorkbook } from './rectification-ledger-xlsx';
import { isOverdue } from './rectification-state-machine';
import { RectificationViews } from './rectification-views';
import { ExportRectificationsQuery } from './rectifications.dto';
import { RectificationsRepository } from './rectifications.repository';
import { RectificationsService } from './rectifications.service';

/** What the quarterly report says about rectification (api.md: `rectifications`), with the per-unit lines of the bulletin. */
export interface QuarterRectifications {
  issued: number;
  closed: number;
  overdue: { id: number; unitName: string; title: string; dueAt: string }[];
  byUnit: { unitId: number; unitName: string; issued: number; closed: number; overdue: number }[];
}

/** The ledger (整改台账) export and the quarter's figures for reports. */
@Injectable()
export class RectificationLedgerService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly orders: RectificationsRepository,
    private readonly service: RectificationsService,
    private readonly views: RectificationViews,
    private readonly units: UnitsService,
  ) {}

  async exportXlsx(query: ExportRectificationsQuery, actor: Actor): Promise<Buffer> {
    const now = new Date();
    const filter = this.service.filterFor(query, actor);
    let period = `全部整改通知，截至 ${this.formatDate(now)}`;
    if (query.quarter !== undefined) {
      const quarter = parseQuarter(query.quarter);
      if (!quarter) throw fieldError('quarter', `季度“${query.quarter}”格式不正确，请写成 2023Q3`);
      const { from, to } = quarterBounds(quarter, this.config.appTimezone);
      Object.assign(filter, { issuedFrom: from, issuedTo: to });
      period = `${quarter.year} 年第 ${quarter.quarter} 季度下发（${this.formatDate(from)} 至 ${this.formatDate(new Date(to.getTime() - 1))}），状态截至 ${this.formatDate(now)}`;
    }
    const views = await this.views.present(await this.orders.all(filter, now), now);
    return ledgerWorkbook(views, period, (at) => (at ? this.formatDate(at) : ''));
  }

  /** Of the orders issued in [from, to): how many, how many closed, which are overdue (as of `asOf`), and the same per unit. */
  async quarter(from: Date, to: Date, asOf = new Date()): Promise<QuarterRectifications> {
    const orders = await this.orders.all({ issuedFrom: from, issuedTo: to }, asOf);
    const names = new Map((await this.units.findByIds(orders.map((o) => o.unitId))).map((u) => [u.id, u.name]));
    const unitName = (id: number) => names.get(id) ?? `单位 ${id}`;
    const byUnit = new Map<number, QuarterRectifications['byUnit'][number]>();
    const overdue: QuarterRectifications['overdue'] = [];
    for (const o of orders) {
      const line = byUnit.get(o.unitId) ?? { unitId: o.unitId, unitName: unitName(o.unitId), issued: 0, closed: 0, overdue: 0 };
      line.issued++;
      if (o.status === 'closed') line.closed++;
      if (isOverdue(o, asOf)) {
        line.overdue++;
        overdue.push({ id: o.id, unitName: unitName(o.unitId), title: o.title, dueAt: o.dueAt.toISOString() });
      }
      byUnit.set(o.unitId, line);
    }
    return { issued: orders.length, closed: orders.filter((o) => o.status === 'closed').length, overdue, byUnit: [...byUnit.values()] };
  }

  private formatDate(at: Date): string {
    return new Intl.DateTimeFormat('sv-SE', { timeZone: this.config.appTimezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  }
}
