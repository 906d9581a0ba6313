import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { ROLES, Role } from '../../common/roles';
import { PASSWORD_POLICY_MESSAGE, StrongPassword } from '../../common/password-policy';
import { NoControlChars, QueryInt } from '../../common/validators';

export class CreateUserDto {
  @ApiProperty({ example: 'fjz_officer', description: '用户名：字母、数字、下划线、点或短横线，2–64 个字符' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{2,64}$/, { message: '用户名只能包含字母、数字、下划线、点或短横线，长度 2–64' })
  username: string;

  @ApiProperty({ minLength: 8, description: '至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名' })
  @IsString()
  @StrongPassword()
  @MaxLength(128)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: '信息员必填：所属单位' })
  @ValidateIf((o: CreateUserDto) => o.role === 'operator' || o.unitId !== undefined)
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(50)
  displayName?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: 8, description: '至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名' })
  @IsOptional()
  @IsString()
  @StrongPassword()
  @MaxLength(128)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  unitId?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(50)
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;
}

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: '当前密码' })
  @IsString({ message: '当前密码必须是文字' })
  @IsNotEmpty({ message: '当前密码不能为空' })
  @NoControlChars({ message: '当前密码含有不可见的控制字符，请删除' })
  @MaxLength(128, { message: '当前密码过长，最多 128' })
  currentPassword: string;

  @ApiProperty({ minLength: 8, description: '新密码：至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名' })
  @IsString({ message: '新密码必须是文字' })
  @StrongPassword({ message: PASSWORD_POLICY_MESSAGE.replace('密码', '新密码') })
  @MaxLength(128, { message: '新密码过长，最多 128' })
  newPassword: string;
}
