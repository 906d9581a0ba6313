import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { NoControlChars, NotBlank, QueryInt } from '../../common/validators';
import { UNIT_KINDS, UNIT_STATUSES, UnitKind, UnitStatus } from './unit.entity';

export class CreateUnitDto {
  @ApiProperty({ example: '范家寨镇' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: UNIT_KINDS, description: 'town 镇 / department 部门 / committee 管委会 / other 其他' })
  @IsIn(UNIT_KINDS)
  kind: UnitKind;

  @ApiPropertyOptional({ description: '排序与对外编号用的单位编码' })
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(32)
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  parentId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(50)
  contactName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(30)
  contactPhone?: string;
}

export class UpdateUnitDto {
  @ApiPropertyOptional()
  // null is not "leave unchanged": a unit always has a name and a kind.
  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @ValidateIf((_o, v) => v !== undefined)
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @NoControlChars()
  @MaxLength(32)
  code?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  parentId?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @NoControlChars()
  @MaxLength(50)
  contactName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @NoControlChars()
  @MaxLength(30)
  contactPhone?: string | null;
}

export class AbolishUnitDto {
  @ApiProperty({ example: '机构改革，并入城关镇' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ description: '承接其职责的单位' })
  @IsOptional()
  @IsInt()
  @Min(1)
  successorUnitId?: number;
}

export class ListUnitsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '按名称或编码搜索' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ enum: UNIT_STATUSES })
  @IsOptional()
  @IsIn(UNIT_STATUSES)
  status?: UnitStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  parentId?: number;
}
