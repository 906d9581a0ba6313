import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { OptionalText, QueryInt } from '../../common/validators';
import { DISCOVERY_STATUSES, DiscoveryStatus, TRIAGE_ACTIONS, TRIAGE_STATES, TriageAction, TriageState } from './discovery-classify';

export class DiscoveryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DISCOVERY_STATUSES })
  @IsOptional()
  @IsIn(DISCOVERY_STATUSES)
  status?: DiscoveryStatus;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  batchId?: number;

  @ApiPropertyOptional({ enum: [...TRIAGE_STATES, 'none'], description: 'none：尚未处理 / not triaged yet' })
  @IsOptional()
  @IsIn([...TRIAGE_STATES, 'none'])
  triage?: TriageState | 'none';
}

export class TriageDto {
  @ApiProperty({ enum: TRIAGE_ACTIONS, description: 'claim 认领（创建申请）/ impostor 认定假冒 / dismiss 忽略' })
  @IsIn(TRIAGE_ACTIONS)
  action: TriageAction;

  @ApiPropertyOptional({ type: 'integer', description: '认领时必填：账号所属单位；假冒时可填被冒用的单位' })
  @IsOptional()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ description: '说明；忽略时必填，假冒时可写证据' })
  @OptionalText(1000)
  note?: string;

  @ApiPropertyOptional({ description: '认领时，单位在该平台已有在用账号的，再开设的理由（一平台一账号规则）' })
  @OptionalText(500)
  justification?: string;
}
