import { ApiProperty } from '@nestjs/swagger';
import type { ReportSettings } from './report-letterhead';

export class ReportSettingsView implements ReportSettings {
  @ApiProperty({ type: String, description: '发文机关' })
  issuer: string;

  @ApiProperty({ type: String, nullable: true, description: '文号模板（{year}、{quarter}）；null 为无文号' })
  documentNumber: string | null;

  @ApiProperty({ type: String, example: 'period_end', description: 'period_end、today 或 YYYY-MM-DD' })
  signedAt: string;
}
