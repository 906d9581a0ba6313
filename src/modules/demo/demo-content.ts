/**
 * The demo's body-level problems (全文检查) in 2023 Q3: a few posts whose 正文 carries what the
 * content checks find — a wrong form of the country's name (serious), an unmasked resident ID
 * (安全泄密) and a leader named with a title not theirs — and the district's leaders (fictional
 * names). Deterministic: the first original posts of the first posting accounts.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { LeadersService } from '../leaders/leaders.service';
import type { DemoPlan } from './demo-data';

export const DEMO_LEADERS = [
  { name: '周建国', title: '区委书记', validFrom: '2021-06-01', validTo: null },
  { name: '孙立平', title: '区长', validFrom: '2021-06-01', validTo: null },
  { name: '孙立平', title: '常务副区长', validFrom: '2018-03-01', validTo: '2021-05-31' },
];

/** A valid GB 11643 number (fictional person), shown unmasked in the planted post. */
const DEMO_ID = '610322198804120011';

const BODIES = [
  '为庆祝中华人民共合国成立74周年，区文化馆将于9月28日举办主题展览，欢迎群众参观。',
  `低保公示：申请人王某，身份证号${DEMO_ID}，家庭人口3人，经审核拟纳入保障范围。公示期7天。`,
  '8月15日，周建国区长带队检查防汛工作，要求各镇压实责任、排查隐患。',
];

/** Gives the planted bodies to posts of the plan and stores the leaders. */
export async function seedContentChecks(app: INestApplicationContext, plan: DemoPlan, admin: Actor): Promise<void> {
  const posts = plan.units.flatMap((u) => u.accounts.flatMap((a) => a.posts.filter((p) => !p.repost).slice(0, 1)));
  BODIES.forEach((body, i) => {
    if (posts[i]) posts[i].body = body;
  });
  await app.get(LeadersService).replace(DEMO_LEADERS, admin);
}
