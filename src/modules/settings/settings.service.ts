import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { wallTimeToUtc } from '../../common/time';
import { fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { isSignedAt, ReportSettings } from './report-letterhead';
import { PutReportSettingsDto } from './settings.dto';
import { SettingsRepository } from './settings.repository';

const REPORT_KEY = 'report.letterhead';
const RECERTIFY_START_KEY = 'recertify.start';

/** Office-wide settings: the bulletin's letterhead and the start of the re-certification cycle. */
@Injectable()
export class SettingsService {
  private recertifyStart: Promise<Date> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** The letterhead; defaults: REPORT_ISSUER (政务公开办), no 文号, signed at the period end. */
  async report(): Promise<ReportSettings> {
    const stored = (await this.settings.find(REPORT_KEY))?.value as Partial<ReportSettings> | undefined;
    return {
      issuer: stored?.issuer || this.config.reportIssuer,
      documentNumber: stored?.documentNumber || null,
      signedAt: stored?.signedAt && isSignedAt(stored.signedAt) ? stored.signedAt : 'period_end',
    };
  }

  async putReport(dto: PutReportSettingsDto, actor: Actor): Promise<ReportSettings> {
    if (!isSignedAt(dto.signedAt)) throw fieldError('signedAt', `成文日期“${dto.signedAt}”不是有效日期`);
    if (!dto.issuer.trim()) throw fieldError('issuer', '发文机关不能为空');
    const before = await this.report();
    const after: ReportSettings = { issuer: dto.issuer.trim(), documentNumber: dto.documentNumber?.trim() || null, signedAt: dto.signedAt };
    await this.transactions.run(async (tx) => {
      await this.settings.save(REPORT_KEY, after, actor.username, tx);
      await this.audit.record(tx, { subjectType: 'settings', subjectId: 'report', action: 'update', actor, changes: { before, after } });
    });
    return after;
  }

  /**
   * The instant the re-certification cycle starts: RECERTIFY_START_DATE (the start of that day
   * in APP_TIMEZONE), else the day it was first enabled, stored on first use so it stays put.
   */
  cycleStart(): Promise<Date> {
    const day = this.config.recertifyStartDate;
    if (day) return Promise.resolve(this.startOfDay(day));
    this.recertifyStart ??= this.storedStart().catch((error: unknown) => {
      this.recertifyStart = null;
      throw error;
    });
    return this.recertifyStart;
  }

  private async storedStart(): Promise<Date> {
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: this.config.appTimezone }).format(new Date());
    await this.settings.insertIfMissing(RECERTIFY_START_KEY, today);
    const stored = (await this.settings.find(RECERTIFY_START_KEY))?.value;
    return this.startOfDay(typeof stored === 'string' ? stored : today);
  }

  private startOfDay(day: string): Date {
    const [year, month, date] = day.split('-').map(Number);
    return wallTimeToUtc({ year, month, day: date }, this.config.appTimezone);
  }
}
