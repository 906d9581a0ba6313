import { ApiProperty } from '@nestjs/swagger';
import { DISCOVERY_STATUSES, DiscoveryStatus, TRIAGE_STATES, TriageState } from './discovery-classify';

/** `POST /api/discoveries/import` */
export class DiscoveryImportResultView {
  @ApiProperty({ type: 'integer' })
  batchId: number;

  @ApiProperty({ type: 'integer', description: '导入的行数 / rows imported' })
  rows: number;
}

export class DiscoveryUnitRefView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  name: string;
}

/** One account of a discovery batch. */
export class DiscoveryRowView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  batchId: number;

  @ApiProperty({ type: 'integer', description: '在文件中的行号 / the line in the file' })
  rowNumber: number;

  @ApiProperty({ type: String, description: '平台代码' })
  platform: string;

  @ApiProperty({ type: String })
  platformName: string;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  platformAccountId: string | null;

  @ApiProperty({ type: String, nullable: true })
  homepageUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  certifiedSubject: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastPostedAt: string | null;

  @ApiProperty({ enum: DISCOVERY_STATUSES, description: 'registered 已登记 / deregistered_active 注销后仍在运行 / deregistered 已注销 / undeclared 未登记 / unrelated 无关' })
  status: DiscoveryStatus;

  @ApiProperty({ type: String, description: '判定依据（匹配到的账号或单位及方式）' })
  reason: string;

  @ApiProperty({ type: 'integer', nullable: true })
  matchedAccountId: number | null;

  @ApiProperty({ type: DiscoveryUnitRefView, nullable: true })
  matchedUnit: DiscoveryUnitRefView | null;

  @ApiProperty({ enum: TRIAGE_STATES, nullable: true, description: 'claimed 已认领 / impostor 假冒 / dismissed 已忽略；null 尚未处理' })
  triage: TriageState | null;

  @ApiProperty({ type: String, nullable: true })
  triageNote: string | null;

  @ApiProperty({ type: DiscoveryUnitRefView, nullable: true, description: '认领的单位，或被冒用的单位' })
  triageUnit: DiscoveryUnitRefView | null;

  @ApiProperty({ type: 'integer', nullable: true, description: '认领后创建的账号申请' })
  claimedAccountId: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  triagedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  triagedBy: string | null;
}

/** One imported batch. */
export class DiscoveryBatchView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  fileName: string;

  @ApiProperty({ type: 'integer' })
  rows: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: '各判定结果的行数' })
  byStatus: Record<string, number>;

  @ApiProperty({ type: 'integer', description: '尚未处理的行数' })
  untriaged: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true })
  createdBy: string | null;
}

/** A known impostor, as the public verification shows it. */
export class KnownImpostorView {
  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String })
  platform: string;

  @ApiProperty({ type: String })
  platformName: string;

  @ApiProperty({ type: String, format: 'date-time' })
  recordedAt: string;
}
