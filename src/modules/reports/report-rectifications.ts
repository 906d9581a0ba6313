/** [rectify] The quarterly report's `rectifications` (api.md v1.1): types, response views and the bulletin's 整改情况 paragraph. */
import { ApiProperty } from '@nestjs/swagger';

export interface ReportRectifications {
  /** Orders issued in the quarter. */
  issued: number;
  /** Of those, closed (as of the report's time). */
  closed: number;
  /** Of those, not closed after their deadline. */
  overdue: { id: number; unitName: string; title: string; dueAt: string }[];
  byUnit: { unitId: number; unitName: string; issued: number; closed: number; overdue: number }[];
}

export class ReportOverdueRectificationView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: String })
  title: string;

  @ApiProperty({ type: String, format: 'date-time' })
  dueAt: string;
}

export class ReportRectificationUnitView {
  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: 'integer' })
  issued: number;

  @ApiProperty({ type: 'integer' })
  closed: number;

  @ApiProperty({ type: 'integer' })
  overdue: number;
}

export class ReportRectificationsView implements ReportRectifications {
  @ApiProperty({ type: 'integer', description: '本季度下发的整改通知数' })
  issued: number;

  @ApiProperty({ type: 'integer', description: '其中已办结' })
  closed: number;

  @ApiProperty({ type: [ReportOverdueRectificationView], description: '其中逾期未办结' })
  overdue: ReportOverdueRectificationView[];

  @ApiProperty({ type: [ReportRectificationUnitView] })
  byUnit: ReportRectificationUnitView[];
}

/** The operator's copy: their unit's lines only. */
export function rectificationsOfUnit(r: ReportRectifications | undefined, unitId: number, unitName: string): ReportRectifications | undefined {
  if (!r) return undefined;
  const line = r.byUnit.find((u) => u.unitId === unitId);
  return { issued: line?.issued ?? 0, closed: line?.closed ?? 0, overdue: r.overdue.filter((o) => o.unitName === unitName), byUnit: line ? [line] : [] };
}

/** 整改情况 in the bulletin: issued, closed, overdue by unit; null when the quarter issued none (or the snapshot predates rectification). */
export function rectificationParagraph(r: ReportRectifications | undefined): string | null {
  if (!r || !r.issued) return null;
  const overdueUnits = r.byUnit.filter((u) => u.overdue > 0).map((u) => `${u.unitName}${u.overdue}条`);
  const byUnit = r.byUnit.map((u) => `${u.unitName}下发${u.issued}条、办结${u.closed}条`).join('；');
  return (
    `本季度共下发整改通知${r.issued}条，已办结${r.closed}条，办结率${Math.round((r.closed / r.issued) * 100)}%。` +
    (overdueUnits.length ? `逾期未办结${r.overdue.length}条，涉及${overdueUnits.join('、')}，请相关单位抓紧整改并反馈。` : '无逾期未办结的整改通知。') +
    `分单位情况：${byUnit}。`
  );
}
