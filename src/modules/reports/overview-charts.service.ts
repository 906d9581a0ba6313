import { Inject, Injectable } from '@nestjs/common';
import { parseQuarter, quarterBounds } from '../../common/quarter';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ReportingRepository } from '../reporting/reporting.repository';
import { platformRows, unitPostRows, weekBuckets, weekReadingTime } from './overview-charts';
import { OverviewChartsView } from './overview-charts.responses';
import { DEFAULT_TARGET_UNIT } from './report.entities';
import { TargetsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/**
 * The 总览 charts of a quarter: posts per unit against target, the weekly trend, platform share and
 * broken links week by week. Read-only: aggregates of the read model, as of the quarter's end (or
 * now for the current quarter), like the quarterly report; an operator sees their own unit.
 */
@Injectable()
export class OverviewChartsService {
  constructor(
    private readonly reporting: ReportingRepository,
    private readonly targets: TargetsRepository,
    private readonly reports: ReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async charts(quarterText: string | undefined, actor: Actor, now = new Date()): Promise<OverviewChartsView> {
    const quarter = this.reports.quarterOrCurrent(quarterText);
    const { from, to } = quarterBounds(parseQuarter(quarter)!, this.config.appTimezone);
    if (from.getTime() > now.getTime()) throw fieldError('quarter', `季度 ${quarter} 尚未开始，只能查看以往或本季度的图表`);
    const asOf = to.getTime() > now.getTime() ? now : to;
    const only = UnitScope.restriction(actor);
    const weeks = weekBuckets(from, to, asOf, this.config.appTimezone);

    const [units, targets, posts, accountsOpen, postsByPlatform, weekly, broken] = await Promise.all([
      this.reporting.unitFacts(from),
      this.targets.ofQuarter(quarter),
      this.reporting.postCounts(from, asOf),
      this.reporting.openAccounts(asOf),
      this.reporting.postStats(from, asOf, 'platform', only ?? undefined),
      this.reporting.postsByPeriod(weeks.length ? [weeks[0].start, ...weeks.map((w) => w.end)] : [], only),
      // Past instants only, so the link-check history decides (as the report does for a past quarter).
      Promise.all(weeks.map((w) => this.reporting.brokenColumns(weekReadingTime(w, asOf), false))),
    ]);
    const defaultRow = targets.find((t) => t.unitId === DEFAULT_TARGET_UNIT);
    const unitTargets = new Map(targets.filter((t) => t.unitId !== DEFAULT_TARGET_UNIT).map((t) => [t.unitId, { posts: t.posts, reposts: t.reposts }]));
    const brokenIn = (byUnit: Map<number, number>) => [...byUnit].reduce((sum, [unitId, n]) => (only === null || unitId === only ? sum + n : sum), 0);
    return {
      quarter,
      from: from.toISOString(),
      to: to.toISOString(),
      asOf: asOf.toISOString(),
      units: unitPostRows({ units, from, asOf, posts, unitTargets, defaultTarget: defaultRow ? { posts: defaultRow.posts, reposts: defaultRow.reposts } : null, only }),
      weeks: weeks.map((w, i) => ({ start: w.start.toISOString(), end: w.end.toISOString(), ...weekly[i], brokenColumns: brokenIn(broken[i]) })),
      platforms: platformRows(accountsOpen, postsByPlatform, only),
    };
  }
}
