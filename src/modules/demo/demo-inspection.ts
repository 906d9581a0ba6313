import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { InspectionEvaluationService } from '../inspections/inspection-evaluation.service';
import { InspectionsService } from '../inspections/inspections.service';

/** The demo round's seed: the same accounts on every run (all of them at rate 1 anyway). */
const DEMO_INSPECTION_SEED = 20231011;

export type DemoInspection = NonNullable<Awaited<ReturnType<InspectionsService['quarterInspection']>>>;

/**
 * The quarter's inspection: every account open at the end of the quarter, evaluated from the
 * demo data (accounts with no post in the last 14 days fail 内容不更新; units below target,
 * broken columns and missed repost tasks cost points), then finalized, so the quarterly
 * bulletin shows its 合格率 and the failed accounts.
 */
export async function seedDemoInspection(app: INestApplicationContext, quarter: string, admin: Actor): Promise<DemoInspection> {
  const inspections = app.get(InspectionsService);
  const round = await inspections.create({ quarter, sampleRate: 1, seed: DEMO_INSPECTION_SEED }, admin);
  await app.get(InspectionEvaluationService).request(round.id, admin.id);
  await app.get<JobQueue>(JOB_QUEUE).drain();
  await inspections.finalize(round.id, admin);
  return (await inspections.quarterInspection(quarter))!;
}

/** The summary line `seed-demo` prints. */
export function inspectionLine(inspection: DemoInspection): string {
  return `  检查评分：抽查 ${inspection.accounts} 个账号，合格 ${inspection.passed} 个，合格率 ${(inspection.passRate * 100).toFixed(1)}%（已定稿，第 ${inspection.id} 轮）`;
}

/** Two lists of names hold the same names (the printed ✓/✗ of the summary). */
export function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join('、') === [...b].sort().join('、');
}
