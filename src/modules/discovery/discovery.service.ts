import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { readSpreadsheet, SpreadsheetError } from '../../common/spreadsheet';
import { fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import { accountUrlKey, keysForPlatformId, samePlatformId, tryAccountUrlKey, withPlatformOf } from '../platforms/account-url';
import { platformRegistry } from '../platforms/platform-registry';
import { PostsService } from '../posts/posts.service';
import { UnitsService } from '../units/units.service';
import { classify, ImpostorCase, KnownAccount } from './discovery-classify';
import { DiscoveryRecord, DiscoveryRowError, interpretDiscovery } from './discovery-file';
import { DiscoveryBatch, DiscoveryRow } from './discovery.entities';
import { DiscoveryListQuery, TriageDto } from './discovery.dto';
import { DiscoveryRowsRepository } from './discovery.repository';
import { DiscoveryBatchView, DiscoveryImportResultView, DiscoveryRowView, KnownImpostorView } from './discovery.responses';

const TRIAGE_LABELS = { claimed: '已认领', impostor: '已认定为假冒', dismissed: '已忽略' } as const;

/** Account discovery (账号发现): lists of accounts seen on the platforms, classified and triaged. */
@Injectable()
export class DiscoveryService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rows: DiscoveryRowsRepository,
    private readonly transactions: TransactionRunner,
    private readonly accounts: AccountsService,
    private readonly posts: PostsService,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
  ) {}

  /** `POST /api/discoveries/import`: every row classified and kept, or none (400 naming the rows). */
  async import(file: { buffer: Buffer; originalname?: string } | undefined, actor: Actor): Promise<DiscoveryImportResultView> {
    if (!file?.buffer) throw rowErrors('请在表单字段 file 中上传 .xlsx 或 .csv 文件', []);
    let sheet;
    try {
      sheet = await readSpreadsheet(file.buffer, this.config.importLimits);
    } catch (error) {
      if (error instanceof SpreadsheetError) throw rowErrors(error.message, []);
      throw error;
    }
    // The file may name (or link to) a platform another process added a moment ago.
    await platformRegistry.reload();
    const { records, errors } = interpretDiscovery(sheet, this.config.appTimezone, this.config.importLimits.maxDataRows);
    if (errors.length) {
      const first = errors
        .slice(0, 3)
        .map((e) => `第 ${e.row} 行：${e.message}`)
        .join('；');
      throw rowErrors(`账号发现清单有 ${errors.length} 行需要修改，未导入任何数据：${first}${errors.length > 3 ? '……' : ''}`, errors);
    }
    const known = await this.knownAccounts();
    const units = (await this.units.all()).map((u) => ({ id: u.id, name: u.name }));
    const fileName = uploadName(file.originalname).slice(0, 200);
    // Classified before the transaction, yielding now and then so other requests are answered.
    const classified: Partial<DiscoveryRow>[] = [];
    for (let i = 0; i < records.length; i++) {
      if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
      classified.push(this.rowOf(records[i], known, units));
    }
    const batch = await this.transactions.run(async (tx) => {
      const created = await this.rows.insertBatch({ fileName, rowCount: records.length, createdById: actor.id, createdBy: actor.username }, tx);
      await this.rows.insertRows(
        classified.map((row) => ({ ...row, batchId: created.id })),
        tx,
      );
      await this.audit.record(tx, { subjectType: 'discovery_batch', subjectId: created.id, action: 'import', actor, changes: { fileName, rows: records.length } });
      return created;
    });
    return { batchId: batch.id, rows: records.length };
  }

  private rowOf(record: DiscoveryRecord, known: KnownAccount[], units: { id: number; name: string }[]): Partial<DiscoveryRow> {
    const result = classify(record, known, units);
    return {
      rowNumber: record.rowNumber,
      platform: record.platform,
      name: record.name,
      platformAccountId: record.platformAccountId,
      homepageUrl: record.homepageUrl,
      urlKey: tryAccountUrlKey(record.homepageUrl)?.key.slice(0, 400) ?? null,
      certifiedSubject: record.certifiedSubject,
      lastPostedAt: record.lastPostedAt,
      status: result.status,
      reason: result.reason.slice(0, 1000),
      matchedAccountId: result.accountId,
      matchedUnitId: result.unitId,
    };
  }

  private async knownAccounts(): Promise<KnownAccount[]> {
    const accounts = await this.accounts.identities();
    const latest = await this.posts.latestPostTimes(accounts.filter((a) => a.state === 'deregistered').map((a) => a.id));
    return accounts.map((a) => ({ ...a, latestPostAt: latest.get(a.id) ?? null, homepageKey: tryAccountUrlKey(a.homepageUrl)?.key ?? null }));
  }

  async list(query: DiscoveryListQuery): Promise<{ items: DiscoveryRowView[]; total: number; page: number; pageSize: number }> {
    if (query.batchId !== undefined && !(await this.rows.batchExists(query.batchId))) throw new NotFoundException(`账号发现批次 ${query.batchId} 不存在`);
    const page = await this.rows.page(query);
    const unitNames = await this.unitNames();
    return { ...page, items: page.items.map((r) => present(r, unitNames)) };
  }

  async batches(): Promise<DiscoveryBatchView[]> {
    const batches = await this.rows.batches();
    const counts = await this.rows.counts(batches.map((b) => b.id));
    return batches.map((b) => batchView(b, counts));
  }

  /**
   * `POST /api/discoveries/:id/triage` (admin/reviewer): claim, impostor or dismiss; once per
   * row. `at` (not over HTTP) back-dates the decision, e.g. for the demo district.
   */
  async triage(id: number, dto: TriageDto, actor: Actor, at = new Date()): Promise<DiscoveryRowView> {
    const row = await this.rows.find(id);
    if (!row) throw new NotFoundException(`账号发现记录 ${id} 不存在`);
    if (row.triage) throw alreadyTriaged(row);
    const note = dto.note?.trim() || null;
    const stamp = { triagedAt: at, triagedById: actor.id, triagedBy: actor.username, triageNote: note };
    if (dto.action === 'dismiss') {
      if (!note) throw fieldError('note', '忽略时请填写说明，写明为什么不需处理');
      await this.mark(row, { triage: 'dismissed', ...stamp }, actor);
    } else if (dto.action === 'impostor') {
      if (row.status === 'registered') throw new ConflictException(`该账号与已登记账号（编号 ${row.matchedAccountId}）一致，不能认定为假冒`);
      const unitId = dto.unitId ?? row.matchedUnitId;
      if (dto.unitId !== undefined) await this.units.requireReferenced(dto.unitId, 'unitId');
      await this.mark(row, { triage: 'impostor', triageUnitId: unitId, ...stamp }, actor);
    } else {
      await this.claim(row, dto, stamp, actor);
    }
    return this.get(id);
  }

  /**
   * A claim creates the unit's application through the accounts module, in one transaction with
   * the row's triage: if the application is refused, or another request triaged the row first,
   * neither is kept.
   */
  private async claim(row: DiscoveryRow, dto: TriageDto, stamp: Partial<DiscoveryRow>, actor: Actor): Promise<void> {
    if (dto.unitId === undefined) throw fieldError('unitId', '认领时请选择账号所属单位');
    if (row.status === 'registered') throw new ConflictException(`该账号已登记（账号编号 ${row.matchedAccountId}），无需认领`);
    await this.units.requireReferenced(dto.unitId, 'unitId');
    const application = {
      unitId: dto.unitId,
      platform: row.platform,
      name: row.name.slice(0, 100),
      platformAccountId: row.platformAccountId ?? undefined,
      homepageUrl: row.homepageUrl ?? undefined,
      justification: dto.justification?.trim() || undefined,
      purpose: `账号发现认领（批次 ${row.batchId} 第 ${row.rowNumber} 行）`,
    };
    await this.accounts.create(application, actor, (tx, account) =>
      this.markIn(tx, row, { triage: 'claimed', triageUnitId: dto.unitId, claimedAccountId: account.id, ...stamp }, actor),
    );
  }

  private mark(row: DiscoveryRow, fields: Partial<DiscoveryRow>, actor: Actor): Promise<void> {
    return this.transactions.run((tx) => this.markIn(tx, row, fields, actor));
  }

  /** Triages the row in `tx` with its audit entry; 409 when another request triaged it first. */
  private async markIn(tx: Transaction, row: DiscoveryRow, fields: Partial<DiscoveryRow>, actor: Actor): Promise<void> {
    if (!(await this.rows.markTriaged(row.id, fields, tx))) throw alreadyTriaged((await this.rows.find(row.id, tx)) ?? row);
    await this.audit.record(tx, {
      subjectType: 'discovery_row',
      subjectId: row.id,
      action: `triage_${fields.triage}`,
      actor,
      toState: fields.triage ?? null,
      reason: fields.triageNote ?? null,
    });
  }

  async get(id: number): Promise<DiscoveryRowView> {
    const row = await this.rows.find(id);
    if (!row) throw new NotFoundException(`账号发现记录 ${id} 不存在`);
    return present(row, await this.unitNames());
  }

  /** [directory] A known impostor (假冒) named by a URL or a platform ID, for the public verification. */
  async knownImpostor(query: { url?: string; platform?: string; id?: string }): Promise<KnownImpostorView | null> {
    const impostors = await this.rows.impostors();
    let found: DiscoveryRow | undefined;
    if (query.url) {
      await withPlatformOf(query.url);
      const key = accountUrlKey(query.url);
      found = impostors.find((r) => r.urlKey === key.key || (key.platform === r.platform && samePlatformId(r.platformAccountId, key.id)));
    } else if (query.platform && query.id) {
      const keys = keysForPlatformId(query.platform, query.id);
      found = impostors.find((r) => r.platform === query.platform && (samePlatformId(r.platformAccountId, query.id) || keys.includes(r.urlKey ?? '')));
    }
    if (!found) return null;
    return { name: found.name, platform: found.platform, platformName: platformRegistry.nameOf(found.platform), recordedAt: found.triagedAt!.toISOString() };
  }

  /** [reports] The 假冒 cases recorded in a period (the quarterly report's `impostors`). */
  async impostorsRecorded(from: Date, to: Date): Promise<ImpostorCase[]> {
    const unitNames = await this.unitNames();
    return (await this.rows.impostorsBetween(from, to)).map((r) => ({
      discoveryId: r.id,
      platform: r.platform,
      name: r.name,
      platformAccountId: r.platformAccountId,
      homepageUrl: r.homepageUrl,
      certifiedSubject: r.certifiedSubject,
      unitId: r.triageUnitId,
      unitName: r.triageUnitId === null ? null : (unitNames.get(r.triageUnitId) ?? null),
      note: r.triageNote,
      recordedAt: r.triagedAt!.toISOString(),
    }));
  }

  private async unitNames(): Promise<Map<number, string>> {
    return new Map((await this.units.all()).map((u) => [u.id, u.name]));
  }
}

function present(r: DiscoveryRow, unitNames: Map<number, string>): DiscoveryRowView {
  const unitOf = (id: number | null) => (id === null ? null : { id, name: unitNames.get(id) ?? String(id) });
  return {
    id: r.id,
    batchId: r.batchId,
    rowNumber: r.rowNumber,
    platform: r.platform,
    platformName: platformRegistry.nameOf(r.platform),
    name: r.name,
    platformAccountId: r.platformAccountId,
    homepageUrl: r.homepageUrl,
    certifiedSubject: r.certifiedSubject,
    lastPostedAt: r.lastPostedAt?.toISOString() ?? null,
    status: r.status,
    reason: r.reason,
    matchedAccountId: r.matchedAccountId,
    matchedUnit: unitOf(r.matchedUnitId),
    triage: r.triage,
    triageNote: r.triageNote,
    triageUnit: unitOf(r.triageUnitId),
    claimedAccountId: r.claimedAccountId,
    triagedAt: r.triagedAt?.toISOString() ?? null,
    triagedBy: r.triagedBy,
  };
}

function batchView(b: DiscoveryBatch, counts: { batchId: number; status: string; triage: string | null; n: number }[]): DiscoveryBatchView {
  const mine = counts.filter((c) => c.batchId === b.id);
  const byStatus: Record<string, number> = {};
  let untriaged = 0;
  for (const c of mine) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + c.n;
    if (c.triage === null) untriaged += c.n;
  }
  return { id: b.id, fileName: b.fileName, rows: b.rowCount, byStatus, untriaged, createdAt: b.createdAt.toISOString(), createdBy: b.createdBy };
}

/** Multer reads a multipart file name as latin1; browsers send UTF-8 (中文 file names). */
function uploadName(name: string | undefined): string {
  if (!name) return 'discovery';
  if (![...name].every((c) => c.charCodeAt(0) <= 0xff)) return name;
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}

function alreadyTriaged(row: DiscoveryRow): ConflictException {
  const what = row.triage ? TRIAGE_LABELS[row.triage] : '已处理';
  return new ConflictException(`该记录${what}（${row.triagedBy ?? '—'}，${row.triagedAt?.toISOString().slice(0, 10) ?? ''}），不能重复处理`);
}

function rowErrors(message: string, errors: DiscoveryRowError[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors });
}
