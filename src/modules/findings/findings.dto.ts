import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { IsRegisteredKind } from '../../common/kind-registry';
import { PageQuery } from '../../common/pagination';
import { NoControlChars, NotBlank, QueryInt } from '../../common/validators';
import { detectorRegistry } from './detectors/detector-registry';
import type { FindingKind } from './detectors/types';
import { FINDING_STATUSES, FindingStatus, SCAN_TRIGGERS, ScanTrigger } from './finding.entity';

export class ListFindingsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: detectorRegistry.kinds() })
  @IsOptional()
  @IsRegisteredKind(detectorRegistry)
  kind?: FindingKind;

  @ApiPropertyOptional({ enum: FINDING_STATUSES })
  @IsOptional()
  @IsIn(FINDING_STATUSES)
  status?: FindingStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  accountId?: number;
}

export class ScanQuery {
  @ApiPropertyOptional({ description: 'true：等待扫描完成后再返回（测试与脚本使用）' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  wait?: boolean;

  @ApiPropertyOptional({ description: 'true：重新检查全部发布（默认只检查新增、内容有变化或规则变化后未检查的发布）/ every post, changed or not' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  full?: boolean;
}

export class ListScansQuery {
  @ApiPropertyOptional({ enum: SCAN_TRIGGERS, description: 'manual 手动 / schedule 定时 / rules 规则变化后重新扫描' })
  @IsOptional()
  @IsIn(SCAN_TRIGGERS)
  trigger?: ScanTrigger;
}

export class AcceptFindingDto {
  @ApiProperty({ description: '确认不属于违规（或已知晓并接受）的理由' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(1000)
  reason: string;
}
