import { platformRegistry } from '../platforms/platform-registry';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { formatTime } from '../../common/time';
import ExcelJS from 'exceljs';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Page } from '../../common/pagination';
import { parseQuarter, quarterBounds } from '../../common/quarter';
import type { Actor } from '../../common/roles';
import { readSpreadsheet, SpreadsheetError } from '../../common/spreadsheet';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { AccountsRepository } from '../accounts/accounts.repository';
import { platformTemplateNames } from '../accounts/ledger';
import { AuditService, diffFields } from '../audit/audit.service';
import type { AuditEntry } from '../audit/audit-entry.entity';
import { UnitsService } from '../units/units.service';
import { RepostStatus, worstStatus } from './matching/match';
import { interpretTaskRows, TASK_IMPORT_COLUMNS, TaskRowError } from './repost-task-import';
import { RepostConfirmation, RepostTask, RepostTaskResult } from './repost-task.entity';
import { RepostMatchingService } from './repost-matching.service';
import { assertWindow, byId, byUnitOrder, countByStatus, evidenceOf, pageOfUnits, present, snapshot } from './repost-task-views';
import { RepostConfirmationsRepository, RepostResultsRepository, RepostTasksRepository } from './repost-tasks.repository';
import { ComplianceQuery, CreateConfirmationDto, CreateRepostTaskDto, ListRepostTasksQuery, RevokeConfirmationDto, UpdateRepostTaskDto } from './repost-tasks.dto';
import {
  RepostComplianceReportView,
  RepostComplianceView,
  RepostEvidenceView,
  RepostTaskImportResultView,
  RepostTaskSummaryView,
  RepostTaskView,
  UnitRepostComplianceView,
} from './repost-tasks.responses';

/** The answers' shapes are the response classes (repost-tasks.responses.ts), under their service names. */
export type TaskSummary = RepostTaskSummaryView;
export type TaskView = RepostTaskView;
export type EvidenceView = RepostEvidenceView;
export type ComplianceView = RepostComplianceView;
export type UnitCompliance = UnitRepostComplianceView;
export type RepostComplianceReport = RepostComplianceReportView;

/** Repost tasks (转发任务): the only writer of repost_tasks and repost_confirmations. */
@Injectable()
export class RepostTasksService {
  constructor(
    private readonly tasks: RepostTasksRepository,
    private readonly results: RepostResultsRepository,
    private readonly confirmationRows: RepostConfirmationsRepository,
    private readonly accounts: AccountsRepository,
    private readonly units: UnitsService,
    private readonly transactions: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly matching: RepostMatchingService,
  ) {}

  async create(dto: CreateRepostTaskDto, actor: Actor): Promise<TaskView> {
    const issuedAt = new Date(dto.issuedAt);
    const dueAt = new Date(dto.dueAt);
    assertWindow(issuedAt, dueAt);
    const unitIds = dto.unitIds?.length ? [...new Set(dto.unitIds)] : null;
    const task = await this.transactions.run(async (tx) => {
      if (unitIds) await this.assertUnits(unitIds);
      const saved = await this.tasks.save(tx, {
        title: dto.title.trim(),
        sourceUrl: dto.sourceUrl.trim(),
        sourceName: dto.sourceName?.trim() || null,
        issuedAt,
        dueAt,
        platforms: dto.platforms?.length ? [...new Set(dto.platforms)] : null,
        unitIds,
        createdById: actor.id,
        computedAt: null,
      });
      await this.audit.record(tx, { subjectType: 'repost_task', subjectId: saved.id, action: 'create', actor, changes: snapshot(saved) });
      return saved;
    });
    await this.matching.recompute(task.id);
    return this.get(task.id, actor);
  }

  async update(id: number, dto: UpdateRepostTaskDto, actor: Actor): Promise<TaskView> {
    await this.transactions.run(async (tx) => {
      const task = await this.require(id, tx);
      const now = new Date();
      if (now.getTime() >= task.dueAt.getTime())
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message: `任务已于 ${formatTime(task.dueAt, this.config.appTimezone)} 截止，截止后不能再修改`,
          dueAt: task.dueAt,
        });
      const next: Partial<RepostTask> = {};
      if (dto.title !== undefined) next.title = dto.title.trim();
      if (dto.sourceUrl !== undefined) next.sourceUrl = dto.sourceUrl.trim();
      if (dto.sourceName !== undefined) next.sourceName = dto.sourceName?.trim() || null;
      if (dto.issuedAt !== undefined) next.issuedAt = new Date(dto.issuedAt);
      if (dto.dueAt !== undefined) next.dueAt = new Date(dto.dueAt);
      if (dto.platforms !== undefined) next.platforms = dto.platforms?.length ? [...new Set(dto.platforms)] : null;
      if (dto.unitIds !== undefined) next.unitIds = dto.unitIds?.length ? [...new Set(dto.unitIds)] : null;
      assertWindow(next.issuedAt ?? task.issuedAt, next.dueAt ?? task.dueAt);
      if (next.unitIds) await this.assertUnits(next.unitIds);
      const changes = diffFields(task, next);
      for (const key of ['platforms', 'unitIds'] as const) {
        if (key in next && JSON.stringify(task[key]) === JSON.stringify(next[key])) delete changes[key];
      }
      if (!Object.keys(changes).length) return;
      await this.tasks.save(tx, Object.assign(task, next));
      await this.audit.record(tx, { subjectType: 'repost_task', subjectId: id, action: 'update', actor, changes });
    });
    await this.matching.recompute(id);
    return this.get(id, actor);
  }

  /** Tasks with their summary; an operator's summary counts their own unit only (unit scope). */
  async list(query: ListRepostTasksQuery, actor: Actor): Promise<Page<TaskView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [tasks, total] = await this.tasks.page(query.quarter !== undefined ? this.bounds(query.quarter) : null, page, pageSize);
    const summaries = await this.summaries(
      tasks.map((t) => t.id),
      UnitScope.restriction(actor),
    );
    return { items: tasks.map((t) => ({ ...present(t), summary: summaries.get(t.id) ?? { units: 0, done: 0, late: 0, missing: 0 } })), total, page, pageSize };
  }

  async get(id: number, actor: Actor): Promise<TaskView> {
    const task = await this.require(id);
    const summaries = await this.summaries([id], UnitScope.restriction(actor));
    return { ...present(task), summary: summaries.get(id) ?? { units: 0, done: 0, late: 0, missing: 0 } };
  }

  /** Per-unit, per-account status with evidence; operators see their own unit only. */
  /** The task's units with their required accounts; `status` narrows to accounts in it, `pageSize` pages the units. */
  async compliance(id: number, actor: Actor, query: ComplianceQuery = {}): Promise<ComplianceView> {
    let task = await this.require(id);
    if (!task.computedAt) {
      await this.matching.recompute(id);
      task = await this.require(id);
    }
    const unitId = UnitScope.effectiveUnitFilter(actor, query.unitId);
    const results = await this.results.ofTask(id, unitId);
    const accounts = byId(await this.accounts.findByIds(results.map((r) => r.accountId)));
    const units = byId(await this.units.findByIds(results.map((r) => r.unitId)));
    const grouped = new Map<number, RepostTaskResult[]>();
    for (const r of results) grouped.set(r.unitId, [...(grouped.get(r.unitId) ?? []), r]);
    const items = [...grouped].map(([uid, rows]) => ({
      unitId: uid,
      unitName: units.get(uid)?.name ?? String(uid),
      unitCode: units.get(uid)?.code ?? null,
      status: worstStatus(rows.map((r) => r.status)),
      accounts: rows.map((r) => ({
        accountId: r.accountId,
        accountName: accounts.get(r.accountId)?.name ?? String(r.accountId),
        platform: accounts.get(r.accountId)?.platform ?? 'other',
        status: r.status,
        ...(r.matchedBy && r.postedAt ? { evidence: evidenceOf(r) } : {}),
      })),
    }));
    items.sort(byUnitOrder);
    return { task: present(task), ...pageOfUnits(items, query), accountCounts: countByStatus(results) };
  }

  /** The task's confirmations (revoked ones too) with their account names; operators see their unit's. */
  async confirmations(id: number, actor: Actor): Promise<(RepostConfirmation & { accountName: string })[]> {
    await this.require(id);
    const only = UnitScope.restriction(actor);
    const rows = await this.confirmationRows.ofTask(id);
    const accounts = byId(await this.accounts.findByIds(rows.map((r) => r.accountId)));
    return rows
      .filter((r) => only === null || accounts.get(r.accountId)?.unitId === only)
      .map((r) => ({ ...r, accountName: accounts.get(r.accountId)?.name ?? String(r.accountId) }));
  }

  /** Manual confirmation of one required account (operators: their own unit's accounts). */
  async confirm(id: number, dto: CreateConfirmationDto, actor: Actor): Promise<RepostConfirmation> {
    const postedAt = new Date(dto.postedAt);
    if (postedAt.getTime() > Date.now() + 60_000) throw fieldError('postedAt', '发布时间不能晚于当前时间');
    const confirmation = await this.transactions.run(async (tx) => {
      const task = await this.require(id, tx);
      const [account] = await this.accounts.findByIds([dto.accountId]);
      if (!account) throw fieldError('accountId', `账号 ${dto.accountId} 不存在`);
      UnitScope.assertAccess(actor, account.unitId);
      if (postedAt.getTime() < task.issuedAt.getTime()) throw fieldError('postedAt', '发布时间早于任务下达时间，不能作为完成依据');
      const required = (await this.matching.requiredAccounts(task)).some((a) => a.id === account.id);
      if (!required) throw fieldError('accountId', `账号“${account.name}”不在此任务的转发范围内（平台、单位或账号状态不符）`);
      const existing = await this.confirmationRows.findActive(tx, id, account.id);
      if (existing)
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message: `账号“${account.name}”已有人工确认（编号 ${existing.id}），如需更正请先撤销`,
          confirmationId: existing.id,
        });
      const saved = await this.confirmationRows.insert(tx, {
        taskId: id,
        accountId: account.id,
        evidenceUrl: dto.evidenceUrl.trim(),
        postedAt,
        note: dto.note?.trim() || null,
        confirmedById: actor.id,
        confirmedByUsername: actor.username,
        confirmedAt: new Date(),
        revokedAt: null,
        revokedById: null,
        revokedByUsername: null,
        revokeReason: null,
      });
      await this.audit.record(tx, {
        subjectType: 'repost_task',
        subjectId: id,
        action: 'confirm',
        actor,
        reason: dto.note?.trim() || null,
        changes: { confirmationId: saved.id, accountId: account.id, evidenceUrl: saved.evidenceUrl, postedAt: postedAt.toISOString() },
      });
      return saved;
    });
    await this.matching.recompute(id);
    return confirmation;
  }

  async revoke(id: number, confirmationId: number, dto: RevokeConfirmationDto, actor: Actor): Promise<RepostConfirmation> {
    const revoked = await this.transactions.run(async (tx) => {
      await this.require(id, tx);
      const confirmation = await this.confirmationRows.findById(tx, confirmationId, id);
      if (!confirmation) throw new NotFoundException(`任务 ${id} 没有编号为 ${confirmationId} 的人工确认`);
      if (confirmation.revokedAt) throw new ConflictException(`该人工确认已于 ${formatTime(confirmation.revokedAt, this.config.appTimezone)} 撤销`);
      const now = new Date();
      const revokedNow = await this.confirmationRows.revokeIfActive(tx, confirmationId, {
        revokedAt: now,
        revokedById: actor.id,
        revokedByUsername: actor.username,
        revokeReason: dto.reason?.trim() || null,
      });
      if (!revokedNow) throw new ConflictException('该人工确认已被撤销');
      await this.audit.record(tx, {
        subjectType: 'repost_task',
        subjectId: id,
        action: 'revoke_confirmation',
        actor,
        reason: dto.reason?.trim() || null,
        changes: { confirmationId, accountId: confirmation.accountId },
      });
      return { ...confirmation, revokedAt: now, revokedById: actor.id, revokedByUsername: actor.username, revokeReason: dto.reason?.trim() || null };
    });
    await this.matching.recompute(id);
    return revoked;
  }

  /** The task's audit trail; an operator does not see confirmations and revocations of other units' accounts. */
  async history(id: number, actor: Actor): Promise<AuditEntry[]> {
    await this.require(id);
    const entries = await this.audit.history('repost_task', id);
    const only = UnitScope.restriction(actor);
    if (only === null) return entries;
    const accountOf = (entry: AuditEntry) => (typeof entry.changes?.accountId === 'number' ? entry.changes.accountId : null);
    const accounts = byId(await this.accounts.findByIds(entries.map(accountOf).filter((accountId): accountId is number => accountId !== null)));
    return entries.filter((entry) => {
      const accountId = accountOf(entry);
      return accountId === null || accounts.get(accountId)?.unitId === only;
    });
  }

  /** CSV/XLSX import: all rows or none; each task audited and matched. */
  async import(file: { buffer: Buffer } | undefined, actor: Actor): Promise<RepostTaskImportResultView> {
    if (!file?.buffer) throw rowErrors('请在表单字段 file 中上传 .xlsx 或 .csv 文件', []);
    let rows;
    try {
      rows = await readSpreadsheet(file.buffer, this.config.importLimits);
    } catch (error) {
      if (error instanceof SpreadsheetError) throw rowErrors(error.message, []);
      throw error;
    }
    const units = (await this.units.all()).map((u) => ({ id: u.id, name: u.name }));
    // The file may name a platform another process added a moment ago.
    await platformRegistry.reload();
    const { records, errors } = interpretTaskRows(rows, { units, timeZone: this.config.appTimezone });
    if (errors.length) {
      throw rowErrors(
        `有 ${errors.length} 行需要修改，未导入任何任务：${errors
          .slice(0, 3)
          .map((e) => `第 ${e.row} 行：${e.message}`)
          .join('；')}${errors.length > 3 ? '……' : ''}`,
        errors,
      );
    }
    const ids = await this.transactions.run(async (tx) => {
      const saved: number[] = [];
      for (const record of records) {
        const task = await this.tasks.save(tx, {
          title: record.title,
          sourceUrl: record.sourceUrl,
          sourceName: record.sourceName,
          issuedAt: record.issuedAt,
          dueAt: record.dueAt,
          platforms: record.platforms,
          unitIds: record.unitIds,
          createdById: actor.id,
          computedAt: null,
        });
        await this.audit.record(tx, {
          subjectType: 'repost_task',
          subjectId: task.id,
          action: 'import',
          actor,
          reason: `批量导入第 ${record.row} 行`,
          changes: snapshot(task),
        });
        saved.push(task.id);
      }
      return saved;
    });
    for (const id of ids) await this.matching.recompute(id);
    return { imported: ids.length, ids };
  }

  async template(): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '政务新媒体账号登记与监测系统';
    const sheet = workbook.addWorksheet('转发任务');
    sheet.columns = TASK_IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    sheet.addRow({
      title: '国务院办公厅关于印发《新污染物治理行动方案》的通知',
      sourceUrl: 'https://www.gov.cn/zhengce/content/2022-05/24/content_5692059.htm',
      sourceName: '中国政府网',
      issuedAt: '2023-09-01 09:00',
      dueAt: '2023-09-02 18:00',
      platforms: '微信公众号、微博',
      units: '',
    });
    const help = workbook.addWorksheet('填写说明');
    help.columns = [
      { header: '列', width: 12 },
      { header: '说明', width: 80 },
    ];
    help.addRows([
      ['标题', '必填。任务（原文）标题，用于按标题相似度识别转发'],
      ['来源链接', '必填。原文链接，http:// 或 https:// 开头'],
      ['下达时间', `必填。如 2023-09-01 09:00，按 ${this.config.appTimezone} 时间`],
      ['截止时间', '必填。必须晚于下达时间'],
      ['平台', `可填：${platformTemplateNames().join('、')}，多个用“、”分隔；不填为全部平台`],
      ['单位', '与系统中的单位名称一致，多个用“、”分隔；不填为全部在用单位'],
      ['导入规则', '全部行校验通过才会导入；有任何一行错误时不导入，并列出每一行的问题'],
    ]);
    help.getRow(1).font = { bold: true };
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** GET /api/reports/repost-compliance: per unit, tasks issued in the quarter. */
  /** The listing as a workbook (转发任务完成情况). */
  /** Per task: units required and their worst status; `unitId` (an operator's unit) narrows it to that unit. */
  private async summaries(taskIds: number[], unitId: number | null): Promise<Map<number, TaskSummary>> {
    const map = new Map<number, TaskSummary>();
    if (!taskIds.length) return map;
    const rows = await this.results.ofTasks(taskIds, unitId, true);
    const perUnit = new Map<string, { taskId: number; statuses: RepostStatus[] }>();
    for (const r of rows) {
      const key = `${r.taskId}:${r.unitId}`;
      const entry = perUnit.get(key) ?? { taskId: r.taskId, statuses: [] };
      entry.statuses.push(r.status);
      perUnit.set(key, entry);
    }
    for (const { taskId, statuses } of perUnit.values()) {
      const summary = map.get(taskId) ?? { units: 0, done: 0, late: 0, missing: 0 };
      summary.units++;
      summary[worstStatus(statuses)]++;
      map.set(taskId, summary);
    }
    return map;
  }

  private async require(id: number, tx?: Transaction): Promise<RepostTask> {
    const task = await this.tasks.findById(id, tx);
    if (!task) throw new NotFoundException(`转发任务 ${id} 不存在`);
    return task;
  }

  private async assertUnits(unitIds: number[]): Promise<void> {
    const found = await this.units.findByIds(unitIds);
    const known = new Set(found.map((u) => u.id));
    const unknown = unitIds.filter((id) => !known.has(id));
    if (unknown.length) throw fieldError('unitIds', `单位不存在：${unknown.slice(0, 10).join('、')}`);
  }

  private bounds(text: string): { from: Date; to: Date } {
    const quarter = parseQuarter(text);
    if (!quarter) throw fieldError('quarter', `季度格式应为 YYYYQn，例如 2023Q3，收到“${String(text).slice(0, 20)}”`);
    return quarterBounds(quarter, this.config.appTimezone);
  }
}

function rowErrors(message: string, errors: TaskRowError[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors });
}
