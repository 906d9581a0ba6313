import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { NoControlChars, NotBlank } from '../../common/validators';
import { SIGNED_AT_PATTERN } from './report-letterhead';

/** `PUT /api/settings/report`: the whole letterhead (documentNumber null: no 文号). */
export class PutReportSettingsDto {
  @ApiProperty({ example: '宝鸡市凤翔区人民政府办公室', description: '发文机关' })
  @IsString({ message: '发文机关应为文字' })
  @MinLength(1, { message: '发文机关不能为空' })
  @NotBlank({ message: '发文机关不能为空' })
  @NoControlChars({ message: '发文机关含有不可见的控制字符' })
  @MaxLength(64, { message: '发文机关最多 64 个字' })
  issuer: string;

  @ApiProperty({ type: String, nullable: true, example: '凤政办发〔{year}〕{quarter}号', description: '文号，可含 {year} 与 {quarter}；null 或空为无文号' })
  @ValidateIf((o: PutReportSettingsDto) => o.documentNumber !== null)
  @IsString({ message: '文号应为文字；没有文号时传 null' })
  @NoControlChars({ message: '文号含有不可见的控制字符' })
  @MaxLength(64, { message: '文号最多 64 个字' })
  documentNumber: string | null;

  @ApiProperty({ example: 'period_end', description: '成文日期：period_end（季度最后一天）、today（导出当天）或 YYYY-MM-DD' })
  @IsString({ message: '成文日期应为 period_end、today 或 YYYY-MM-DD' })
  @Matches(SIGNED_AT_PATTERN, { message: '成文日期应为 period_end、today 或 YYYY-MM-DD' })
  signedAt: string;
}
