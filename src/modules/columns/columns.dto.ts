import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsHttpUrl, NoControlChars, NotBlank, QueryInt } from '../../common/validators';
import { LINK_HEALTHS, LinkHealth } from './link-health-vocabulary';

export class CreateColumnDto {
  @ApiProperty({ example: '政务公开' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'https://www.example.gov.cn/zwgk/' })
  @IsString()
  @IsHttpUrl()
  @MaxLength(2000)
  url: string;
}

export class UpdateColumnDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsHttpUrl()
  @MaxLength(2000)
  url?: string;
}

export class ListColumnsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LINK_HEALTHS })
  @IsOptional()
  @IsIn(LINK_HEALTHS)
  health?: LinkHealth;

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
