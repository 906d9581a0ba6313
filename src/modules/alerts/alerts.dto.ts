import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { ALERT_KINDS, ALERT_STATUSES, AlertKind, AlertStatus } from './alert.entity';
import { QueryInt } from '../../common/validators';

export class ListAlertsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ALERT_STATUSES })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: AlertStatus;

  @ApiPropertyOptional({ enum: ALERT_KINDS })
  @IsOptional()
  @IsIn(ALERT_KINDS)
  kind?: AlertKind;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;
}
