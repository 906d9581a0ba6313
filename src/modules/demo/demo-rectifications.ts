/**
 * [rectify] Demo rectification orders for 2023Q3 that follow from the demo's findings: the
 * office issued one per open finding in August, some units answered and were accepted in
 * September (closed), the rest let the 15 September deadline pass (overdue). Written through
 * RectificationsService with the quarter's dates, so history, audit and the report agree.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { wallTimeToUtc } from '../../common/time';
import { FindingsService } from '../findings/findings.service';
import { RectificationsService } from '../rectifications/rectifications.service';
import { UsersService } from '../users/users.service';

const TZ = 'Asia/Shanghai';
const at = (month: number, day: number, hour = 10) => wallTimeToUtc({ year: 2023, month, day, hour, minute: 0, second: 0 }, TZ);
/** Orders issued (at most), and how many of them the units answered and the office accepted. */
const ORDERS = 6;
const CLOSED = 3;

/** What the seed adds to its summary. */
export interface DemoRectificationsSummary {
  rectifications: { issued: number; closed: number; overdue: number };
}

export async function seedDemoRectifications(app: INestApplicationContext, admin: Actor): Promise<DemoRectificationsSummary> {
  const service = app.get(RectificationsService);
  const findings = await app.get(FindingsService).list({ status: 'open', page: 1, pageSize: 200 }, admin);
  const chosen = findings.items.filter((f) => f.unitId !== null).slice(0, ORDERS);
  const reviewers = await app.get(UsersService).list({ role: 'reviewer', page: 1, pageSize: 1 });
  const reviewer: Actor = reviewers.items.length ? { id: reviewers.items[0].id, username: reviewers.items[0].username, role: 'reviewer', unitId: null } : admin;
  let closed = 0;
  for (const [i, finding] of chosen.entries()) {
    const order = await service.fromFinding(finding.id, '2023-09-15', admin, at(8, 15 + i));
    if (i >= CLOSED) continue;
    await service.respond(order.id, { text: '已按要求整改，相关内容已更正并加强审核。', evidenceUrls: [] }, admin, at(9, 5 + i));
    await service.verify(order.id, { result: 'accepted', note: '经复查，已整改到位。' }, reviewer, at(9, 8 + i));
    closed++;
  }
  return { rectifications: { issued: chosen.length, closed, overdue: chosen.length - closed } };
}
