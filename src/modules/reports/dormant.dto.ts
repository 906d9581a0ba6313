import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { QueryInt } from '../../common/validators';

export class DormantQuery {
  @ApiPropertyOptional({ type: 'integer', default: 90, minimum: 1, maximum: 3650, description: '多少天没有发布算僵尸号' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(3650)
  days?: number;
}
