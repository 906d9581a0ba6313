import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';

/**
 * One term in `PUT /api/leaders`. Checked by `termProblems` (leader-terms.ts) so every entry's
 * problem is named in one 400 (class-validator only lets the fields through).
 */
export class LeaderTermDto {
  @ApiPropertyOptional({ type: String, example: '张三', description: '姓名（必填）' })
  @Allow()
  name: string;

  @ApiPropertyOptional({ type: String, example: '区委书记', description: '职务（必填）' })
  @Allow()
  title: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2021-06-01', description: '任职起始日期 YYYY-MM-DD（含）' })
  @Allow()
  validFrom?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: null, description: '任职截止日期 YYYY-MM-DD（含）；空为现任' })
  @Allow()
  validTo?: string | null;
}
