import { ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { isDatabaseUnavailable } from '../../common/database-errors';
import type { DownloadFile } from '../../common/download';
import type { Actor } from '../../common/roles';
import { fieldError } from '../../common/validation';
import { JOB_QUEUE, JobQueue, requireQueue } from '../../queue/job-queue';
import { RepostComplianceService } from '../repost-tasks/repost-compliance.service';
import { UsersService } from '../users/users.service';
import { CreateReportExportDto } from './reports.dto';
import { ReportExportsRepository } from './reports.repository';
import { ReportExportView } from './reports.responses';
import { ReportsService } from './reports.service';

export const REPORT_EXPORT_JOB = 'report-export';
/** Exports older than this are deleted when a new one is asked for. */
const KEEP_DAYS = 7;
/** Files built at once per process (each holds its workbook in memory). */
const EXPORT_CONCURRENCY = 2;

/**
 * Report files built in the background ([scale]): `POST /api/reports/exports` records the
 * request and enqueues a `report-export` job; whichever process takes it builds the file as the
 * user who asked (their role and unit decide what it holds, as for the direct download) and
 * stores it in `report_exports`, from where any API replica serves it.
 */
@Injectable()
export class ReportExportsService implements OnModuleInit {
  private readonly logger = new Logger('ReportExports');

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly exports: ReportExportsRepository,
    private readonly reports: ReportsService,
    private readonly repostTasks: RepostComplianceService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.queue.process<{ exportId: number }>(REPORT_EXPORT_JOB, (job) => this.build(job.exportId), EXPORT_CONCURRENCY);
  }

  async request(dto: CreateReportExportDto, actor: Actor): Promise<ReportExportView> {
    if (dto.report === 'repost-compliance' && dto.format !== 'xlsx') throw fieldError('format', '转发任务完成情况只能导出为 xlsx');
    if (dto.report === 'repost-compliance' && dto.live !== undefined) throw fieldError('live', 'live 只用于季度通报（report=quarterly）');
    if (dto.report === 'quarterly' && actor.role === 'operator') throw new ForbiddenException('季度通报与统计表是面向全区的公文，信息员只能查看本单位的数据（format=json）');
    const quarter = this.reports.quarterOrCurrent(dto.quarter);
    await requireQueue(this.queue);
    await this.exports.removeOlderThan(new Date(Date.now() - KEEP_DAYS * 86_400_000));
    const row = await this.exports.insert({
      report: dto.report,
      quarter,
      format: dto.format,
      live: dto.live === true,
      status: 'queued',
      error: null,
      requestedById: actor.id,
      requestedBy: actor.username,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      fileName: null,
      contentType: null,
      size: null,
    });
    await this.queue.enqueue<{ exportId: number }>(REPORT_EXPORT_JOB, { exportId: row.id }, { jobId: String(row.id), retries: 1 });
    return this.get(row.id, actor);
  }

  /** An export; each user sees their own, the admin every one. */
  async get(id: number, actor: Actor): Promise<ReportExportView> {
    const row = await this.exports.findById(id);
    if (!row) throw new NotFoundException(`导出任务 ${id} 不存在（导出文件保留 ${KEEP_DAYS} 天）`);
    if (actor.role !== 'admin' && row.requestedById !== actor.id) throw new ForbiddenException('只能查看自己发起的导出');
    return row;
  }

  /** The finished file; 409 while it is being built or when it failed. */
  async file(id: number, actor: Actor): Promise<DownloadFile> {
    const row = await this.get(id, actor);
    if (row.status !== 'done') {
      throw new ConflictException(row.status === 'failed' ? `导出失败：${row.error ?? '原因未知'}，请重新导出` : '文件仍在生成中，请稍后再下载');
    }
    const content = await this.exports.content(id);
    return {
      content: content ?? Buffer.alloc(0),
      contentType: row.contentType ?? 'application/octet-stream',
      asciiName: `export-${row.id}.${row.format}`,
      fileName: row.fileName ?? `export-${row.id}.${row.format}`,
    };
  }

  /** The job: builds the file as the user who asked. The database away is thrown (the job is tried again). */
  private async build(exportId: number): Promise<void> {
    const row = await this.exports.findById(exportId);
    if (!row || row.status === 'done' || row.status === 'failed') return;
    await this.exports.update(exportId, { status: 'running', startedAt: new Date() });
    try {
      const actor = await this.users.findActor(row.requestedById);
      if (!actor) throw new Error('发起导出的用户已停用或不存在');
      const file = row.report === 'quarterly' ? await this.reports.quarterlyFile(row.quarter, actor, row.format, row.live) : await this.repostTasks.reportFile(row.quarter, actor);
      await this.exports.update(exportId, {
        status: 'done',
        finishedAt: new Date(),
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.content.length,
        content: file.content,
      });
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`report export ${exportId} failed: ${message}`);
      await this.exports.update(exportId, { status: 'failed', finishedAt: new Date(), error: message.slice(0, 1000) });
    }
  }
}
