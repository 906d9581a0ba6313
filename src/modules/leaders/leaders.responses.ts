import { ApiProperty } from '@nestjs/swagger';

/** One term of a leader as `GET /api/leaders` lists it. */
export class LeaderView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String, description: '姓名 / name' })
  name: string;

  @ApiProperty({ type: String, description: '职务 / title' })
  title: string;

  @ApiProperty({ type: String, nullable: true, description: '任职起始日期 YYYY-MM-DD（含）/ first day, inclusive' })
  validFrom: string | null;

  @ApiProperty({ type: String, nullable: true, description: '任职截止日期 YYYY-MM-DD（含）；null 为现任 / last day, inclusive; null: in office' })
  validTo: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}
