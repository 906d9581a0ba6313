import { ApiProperty } from '@nestjs/swagger';
import type { ImpostorCase } from './report.types';

/** A 假冒 case recorded in the quarter (the quarterly report's `impostors`). */
export class ImpostorCaseView implements ImpostorCase {
  @ApiProperty({ type: 'integer', description: '账号发现记录编号' })
  discoveryId: number;

  @ApiProperty({ type: String, description: '平台代码' })
  platform: string;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  platformAccountId: string | null;

  @ApiProperty({ type: String, nullable: true })
  homepageUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  certifiedSubject: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: '被冒用的单位' })
  unitId: number | null;

  @ApiProperty({ type: String, nullable: true })
  unitName: string | null;

  @ApiProperty({ type: String, nullable: true, description: '证据与说明' })
  note: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: '认定时间' })
  recordedAt: string;
}
