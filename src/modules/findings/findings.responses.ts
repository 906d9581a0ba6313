import { ApiProperty } from '@nestjs/swagger';
import { detectorRegistry } from './detectors/detector-registry';
import type { FindingKind, SubjectType } from './detectors/types';
import { Finding, FINDING_STATUSES, FindingScan, FindingStatus, SCAN_STATUSES, SCAN_TRIGGERS, ScanStatus, ScanTrigger } from './finding.entity';

const SUBJECT_TYPES = Object.keys({ account: 1, post: 1, unit_platform: 1 } satisfies Record<SubjectType, 1>);

/** A violation or risk (违规与风险) found by a detector; its internal keys are not shown. */
export class FindingView implements Omit<Pick<Finding, keyof Finding>, 'evidenceKey' | 'openKey'> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: detectorRegistry.kinds() })
  kind: FindingKind;

  @ApiProperty({ enum: FINDING_STATUSES, description: 'open 未处理 / resolved 已消除 / accepted 已认可' })
  status: FindingStatus;

  @ApiProperty({ enum: SUBJECT_TYPES })
  subjectType: SubjectType;

  @ApiProperty({ type: String, description: '对象编号（字符串）/ subject id, as a string' })
  subjectId: string;

  @ApiProperty({ type: 'integer', nullable: true })
  accountId: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  unitId: number | null;

  @ApiProperty({ type: String })
  message: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: '随类型而定的证据 / kind-specific evidence' })
  evidence: Record<string, unknown>;

  @ApiProperty({ type: String, format: 'date-time' })
  detectedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', description: '最近一次仍发现该问题的扫描 / the last scan that still saw it' })
  lastSeenAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acceptedAt: Date | null;

  @ApiProperty({ type: 'integer', nullable: true })
  acceptedById: number | null;

  @ApiProperty({ type: String, nullable: true })
  acceptedBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  acceptReason: string | null;
}

/** A detector scan run with its progress and outcome counts. */
export class FindingScanView implements Pick<FindingScan, keyof FindingScan> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: SCAN_STATUSES })
  status: ScanStatus;

  @ApiProperty({ enum: SCAN_TRIGGERS, description: 'manual 手动 / schedule 定时 / rules 错敏词库或领导信息变化后重新扫描' })
  trigger: ScanTrigger;

  @ApiProperty({ type: 'integer', nullable: true })
  requestedById: number | null;

  @ApiProperty({ type: 'integer' })
  accounts: number;

  @ApiProperty({ type: 'integer', description: '已检查的发布数（进度）/ posts run through the post detectors so far' })
  posts: number;

  @ApiProperty({ type: 'integer', description: '本次需查看的发布总数 / posts in reach (posts + skipped when done)' })
  postsTotal: number;

  @ApiProperty({ type: 'integer', description: '内容与规则均未变化而跳过的发布数 / unchanged posts skipped' })
  skipped: number;

  @ApiProperty({ type: Boolean, description: '全部重新检查 / every post, changed or not' })
  full: boolean;

  @ApiProperty({ type: String, nullable: true, description: '检查所用规则（词库、领导信息）的指纹 / ruleset fingerprint' })
  ruleset: string | null;

  @ApiProperty({ type: 'integer' })
  opened: number;

  @ApiProperty({ type: 'integer' })
  updated: number;

  @ApiProperty({ type: 'integer' })
  resolved: number;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: Date | null;
}
