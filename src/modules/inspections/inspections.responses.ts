import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INDICATOR_BASES, INDICATOR_TYPES, IndicatorBasis, IndicatorType } from './indicators';
import { EVALUATION_STATUSES, ROUND_STATUSES } from './inspection.entities';

export class IndicatorView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: INDICATOR_TYPES, description: 'veto 单项否决 / deduction 扣分 / bonus 加分' }) type: IndicatorType;
  @ApiProperty({ enum: INDICATOR_BASES, description: 'auto 自动 / manual 人工' }) basis: IndicatorBasis;
  @ApiProperty() points: number;
  @ApiProperty() cap: number;
  @ApiProperty() description: string;
}

export class EvidenceView {
  @ApiProperty({ enum: ['finding', 'column', 'post', 'task', 'unit', 'manual'] }) kind: string;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: '问题、栏目、发布或转发任务的编号' }) id?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) title?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) url?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) at?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) note?: string | null;
}

export class VetoView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [EvidenceView] }) evidence: EvidenceView[];
}

export class ScoredItemView extends VetoView {
  @ApiProperty({ type: 'integer' }) count: number;
  @ApiProperty({ description: '扣（加）分，已按上限封顶' }) points: number;
}

export class ManualItemView {
  @ApiProperty() code: string;
  @ApiProperty() hit: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) count: number | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) evidenceUrl: string | null;
  @ApiProperty({ type: String, nullable: true }) enteredBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) enteredAt: string;
}

export class InspectionAccountView {
  @ApiProperty({ type: 'integer' }) accountId: number;
  @ApiProperty() name: string;
  @ApiProperty() platform: string;
  @ApiProperty({ type: 'integer' }) unitId: number;
  @ApiProperty() unitName: string;
  @ApiProperty({ description: '是否已评分' }) evaluated: boolean;
  @ApiProperty({ description: '得分（单项否决时为 0）' }) score: number;
  @ApiProperty({ enum: ['pass', 'fail'] }) verdict: 'pass' | 'fail';
  @ApiProperty({ description: '上一轮不合格的复查账号' }) recheck: boolean;
  @ApiProperty({ description: '复查且本轮合格（已整改）' }) fixed: boolean;
  @ApiProperty({ type: [String], description: '不合格或扣分原因（中文）' }) reasons: string[];
  @ApiProperty({ type: [VetoView] }) vetoes: VetoView[];
  @ApiProperty({ type: [ScoredItemView] }) deductions: ScoredItemView[];
  @ApiProperty({ type: [ScoredItemView] }) bonuses: ScoredItemView[];
  @ApiProperty({ type: [ManualItemView] }) manual: ManualItemView[];
}

export class PassFiguresView {
  @ApiProperty({ type: 'integer' }) accounts: number;
  @ApiProperty({ type: 'integer' }) passed: number;
  @ApiProperty({ type: 'integer' }) failed: number;
  @ApiProperty({ description: '合格率，0–1' }) passRate: number;
}

export class UnitPassView extends PassFiguresView {
  @ApiProperty({ type: 'integer' }) unitId: number;
  @ApiProperty() unitName: string;
}

export class PlatformPassView extends PassFiguresView {
  @ApiProperty() platform: string;
}

export class InspectionSummaryView extends PassFiguresView {
  @ApiProperty({ type: 'integer', description: '复查账号数' }) rechecked: number;
  @ApiProperty({ type: 'integer', description: '复查合格（已整改）数' }) fixed: number;
  @ApiProperty({ type: [UnitPassView] }) byUnit: UnitPassView[];
  @ApiProperty({ type: [PlatformPassView] }) byPlatform: PlatformPassView[];
}

export class EvaluationView {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ enum: EVALUATION_STATUSES }) status: string;
  @ApiProperty({ type: 'integer' }) done: number;
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt: string | null;
}

export class EvaluationAcceptedView {
  @ApiProperty({ type: 'integer', description: '评分任务编号' }) id: number;
  @ApiProperty({ type: 'integer' }) roundId: number;
  @ApiProperty({ enum: EVALUATION_STATUSES }) status: string;
}

export class InspectionRoundView {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() quarter: string;
  @ApiProperty({ type: String, format: 'date-time' }) inspectionDate: string;
  @ApiProperty({ enum: ROUND_STATUSES, description: 'open 进行中 / final 已定稿' }) status: 'open' | 'final';
  @ApiProperty() sampleRate: number;
  @ApiProperty({ type: 'integer' }) seed: number;
  @ApiProperty({ type: [Number], nullable: true }) unitIds: number[] | null;
  @ApiProperty({ type: [String], nullable: true }) platforms: string[] | null;
  @ApiProperty({ type: 'integer', description: '本轮账号数' }) accounts: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '复查其不合格账号的上一轮' }) recheckOf: number | null;
  @ApiProperty({ type: [IndicatorView], description: '创建时冻结的指标' }) indicators: IndicatorView[];
  @ApiProperty({ type: EvaluationView, nullable: true }) evaluation: EvaluationView | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) evaluatedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finalizedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) createdBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ type: InspectionSummaryView }) summary?: InspectionSummaryView;
}

export class InspectionReportView {
  @ApiProperty({ type: InspectionRoundView }) round: InspectionRoundView;
  @ApiProperty({ type: [InspectionAccountView] }) accounts: InspectionAccountView[];
}

export class QuarterInspectionFailedView {
  @ApiProperty({ type: 'integer' }) accountId: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) unitId: number;
  @ApiProperty() unitName: string;
  @ApiProperty({ type: [String] }) reasons: string[];
}

export class QuarterInspectionView {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '合格率，0–1' }) passRate: number;
  @ApiProperty({ type: 'integer' }) accounts: number;
  @ApiProperty({ type: 'integer' }) passed: number;
  @ApiProperty({ type: [QuarterInspectionFailedView] }) failed: QuarterInspectionFailedView[];
}
