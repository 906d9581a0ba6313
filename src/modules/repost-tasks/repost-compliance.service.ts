import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DownloadFile, XLSX_TYPE } from '../../common/download';
import { formatQuarter, parseQuarter, quarterBounds, quarterOf } from '../../common/quarter';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { UnitsService } from '../units/units.service';
import { RepostStatus, worstStatus } from './matching/match';
import { complianceWorkbook } from './repost-compliance-xlsx';
import { RepostTaskResult } from './repost-task.entity';
import { byId, byUnitOrder } from './repost-task-views';
import { formatTime, RepostMatchingService } from './repost-matching.service';
import { RepostResultsRepository, RepostTasksRepository } from './repost-tasks.repository';
import type { RepostComplianceReport, UnitCompliance } from './repost-tasks.service';

/** The quarter's repost compliance (转发任务完成情况): per unit, for the report page, its XLSX and the quarterly report. */
@Injectable()
export class RepostComplianceService {
  constructor(
    private readonly tasks: RepostTasksRepository,
    private readonly results: RepostResultsRepository,
    private readonly units: UnitsService,
    private readonly matching: RepostMatchingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async reportFile(quarterText: string | undefined, actor: Actor): Promise<DownloadFile> {
    const report = await this.report(quarterText, actor);
    const content = await complianceWorkbook(report, (at) => formatTime(at, this.config.appTimezone));
    return { content, contentType: XLSX_TYPE, asciiName: `repost-compliance-${report.quarter}.xlsx`, fileName: `${report.quarter}转发任务完成情况.xlsx` };
  }

  async report(quarterText: string | undefined, actor: Actor, now = new Date()): Promise<RepostComplianceReport> {
    const quarter = quarterText === undefined ? quarterOf(now, this.config.appTimezone) : parseQuarter(quarterText);
    if (!quarter) throw fieldError('quarter', `季度格式应为 YYYYQn，例如 2023Q3，收到“${String(quarterText).slice(0, 20)}”`);
    const { from, to } = quarterBounds(quarter, this.config.appTimezone);
    const tasks = await this.tasks.issuedBetween(from, to);
    for (const task of tasks) if (!task.computedAt) await this.matching.recompute(task.id);
    const only = UnitScope.restriction(actor);
    const results: RepostTaskResult[] = [];
    const taskIds = tasks.map((t) => t.id);
    for (let i = 0; i < taskIds.length; i += 500) {
      results.push(...(await this.results.ofTasks(taskIds.slice(i, i + 500), only)));
    }
    const perTaskUnit = new Map<string, RepostStatus[]>();
    for (const r of results) {
      const key = `${r.taskId}:${r.unitId}`;
      perTaskUnit.set(key, [...(perTaskUnit.get(key) ?? []), r.status]);
    }
    const units = byId(await this.units.findByIds(results.map((r) => r.unitId)));
    const byUnit = new Map<number, UnitCompliance>();
    for (const task of tasks) {
      for (const [key, statuses] of perTaskUnit) {
        const [taskId, unitId] = key.split(':').map(Number);
        if (taskId !== task.id) continue;
        const unit = units.get(unitId);
        const row = byUnit.get(unitId) ?? {
          unitId,
          unitName: unit?.name ?? String(unitId),
          unitCode: unit?.code ?? null,
          required: 0,
          done: 0,
          late: 0,
          missing: 0,
          pending: 0,
          missingTasks: [],
        };
        byUnit.set(unitId, row);
        row.required++;
        const status = worstStatus(statuses);
        if (status === 'done') row.done++;
        else if (status === 'late') row.late++;
        else if (task.dueAt.getTime() > now.getTime()) row.pending++;
        else {
          row.missing++;
          row.missingTasks.push({ id: task.id, title: task.title });
        }
      }
    }
    const rows = [...byUnit.values()].sort(byUnitOrder);
    return {
      quarter: formatQuarter(quarter),
      period: { from: from.toISOString(), to: to.toISOString() },
      tasks: tasks.map((t) => ({ id: t.id, title: t.title, sourceUrl: t.sourceUrl, issuedAt: t.issuedAt, dueAt: t.dueAt })),
      units: rows,
      nonCompliantUnits: rows.filter((u) => u.late + u.missing > 0).map((u) => u.unitName),
    };
  }

  /**
   * Per unit, for tasks issued in [from, to): how many it was required to do and how many were
   * done, late, missing (due and not done) or pending (not yet due), counted in SQL (a task counts
   * once per unit, by the unit's worst account). Read by the quarterly report ([report]).
   */
  async unitCounts(from: Date, to: Date, now = new Date()): Promise<Map<number, Omit<UnitCompliance, 'unitName' | 'unitCode' | 'missingTasks'>>> {
    for (const id of await this.tasks.uncomputedBetween(from, to)) await this.matching.recompute(id);
    const rows = await this.results.unitCounts(from, to, now);
    const map = new Map<number, Omit<UnitCompliance, 'unitName' | 'unitCode' | 'missingTasks'>>();
    for (const r of rows) {
      const unitId = Number(r.unit_id);
      map.set(unitId, {
        unitId,
        required: Number(r.required) || 0,
        done: Number(r.done) || 0,
        late: Number(r.late) || 0,
        missing: Number(r.missing) || 0,
        pending: Number(r.pending) || 0,
      });
    }
    return map;
  }
}
