/**
 * The demo district's account discovery (账号发现) for 2023Q3: a list from the quarter's
 * platform patrol with one undeclared account, one deregistered account still posting and
 * one impostor (假冒), imported and triaged through the discovery service.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { AccountsService } from '../accounts/accounts.service';
import { DiscoveryService } from '../discovery/discovery.service';

/** The patrol's file name, and when the impostor was recorded (inside 2023Q3). */
export const DEMO_DISCOVERY_FILE = '2023年第三季度政务新媒体巡查清单.csv';
const IMPOSTOR_RECORDED_AT = new Date('2023-09-15T02:00:00.000Z');

export interface DemoDiscoverySummary {
  batchId: number;
  statuses: Record<string, number>;
}

export async function seedDemoDiscovery(app: INestApplicationContext, admin: Actor): Promise<DemoDiscoverySummary> {
  const discovery = app.get(DiscoveryService);
  const gone = (await app.get(AccountsService).identities()).find((a) => a.state === 'deregistered' && (a.platformAccountId || a.homepageUrl));
  if (!gone) throw new Error('演示数据中没有已注销的账号');
  const csv = [
    // half-width: CSV rows, as a unit's spreadsheet exports them.
    '平台,账号名称,账号ID,主页链接,认证主体,最近发布',
    // A unit's account nobody applied for (先开设后申请 until claimed). half-width: CSV
    '小红书,糜杆桥镇文旅,64f0a1b2c3d4e5f601234567,https://www.xiaohongshu.com/user/profile/64f0a1b2c3d4e5f601234567?xsec_source=pc_search,糜杆桥镇人民政府,2023-09-12 10:20',
    // The deregistered account, still posting in the quarter (已注销仍运行): by its ID, or its homepage.
    [gone.platform, gone.name, gone.platformAccountId ?? '', gone.platformAccountId ? '' : (gone.homepageUrl ?? ''), '', '2023-08-28 16:05'].join(','),
    // Someone posing as a unit (假冒). half-width: CSV
    '微博,南指挥镇发布厅,7788990011,https://weibo.com/u/7788990011,,2023-09-08 21:00',
  ];
  const { batchId } = await discovery.import({ buffer: Buffer.from(csv.join('\n')), originalname: DEMO_DISCOVERY_FILE }, admin);
  const rows = (await discovery.list({ batchId, page: 1, pageSize: 50 })).items;
  const impostor = rows.find((r) => r.platformAccountId === '7788990011');
  if (impostor) await discovery.triage(impostor.id, { action: 'impostor', note: '冒用南指挥镇名义发布招聘信息，截图已存档（巡查发现）' }, admin, IMPOSTOR_RECORDED_AT);
  const statuses: Record<string, number> = {};
  for (const r of rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { batchId, statuses };
}
