/**
 * The demo district (演示数据): 宝鸡市凤翔区 in 2023 Q3, as its bulletin describes it
 * (docs/design/reference-bulletin-2023Q3.txt). Pure and deterministic: the same plan on
 * every run (fixed pseudo-random seed). `seed-demo.ts` turns it into data through the
 * real services.
 *
 * What the plan reproduces for 2023Q3:
 * - 991 posts (发布) and 1,434 reposts (转发) in total;
 * - every unit over-fulfils the quarterly targets (DEMO_TARGETS): 所有单位…超额完成发布任务;
 * - the 12 "做的好的单位" publish the most (at least 30 posts and 45 reposts each);
 * - the 12 units named for missing the 国办公开办 repost tasks miss (or are late for) at least one;
 * - 范家寨镇 and 长青镇 each have a column whose link is broken.
 *
 * Unit codes: `FX` (凤翔) + category digit (1 镇, 2 区政府工作部门, 3 管委会) + a two-digit
 * serial in the order the bulletin names the units; the bulletin's own order (towns,
 * departments, 高新区管委会) is therefore the code order.
 */
import type { AccountState } from '../accounts/account-state-machine';
import type { Platform } from '../accounts/account.entity';
import type { UnitKind } from '../units/unit.entity';

export const DEMO_QUARTER = '2023Q3';
/** When the reference quarter's column links were inspected (10:00 on 28 Sep 2023, Beijing time). */
export const DEMO_LINK_CHECKED_AT = new Date('2023-09-28T02:00:00.000Z');
export const DEMO_TOTALS = { posts: 991, reposts: 1434 } as const;
/** Quarterly targets (发布任务) per unit: every unit over-fulfils both, as the reference bulletin says. */
export const DEMO_TARGETS = { posts: 12, reposts: 18 } as const;
/** What the 12 good units publish at least (the others fall short of one of them). */
export const GOOD_UNIT_FIGURES = { posts: 30, reposts: 45 } as const;
export const DEMO_PASSWORD = 'Demo@2023Q3';
/** Fixed seed: the bulletin's date. */
export const DEMO_SEED = 20231011;

export const GOOD_UNITS = ['糜杆桥镇', '南指挥镇', '姚家沟镇', '彪角镇', '横水镇', '田家庄镇', '医保局', '乡村振兴局', '人社局', '市场监管局', '卫健局', '高新区管委会'];
export const REPOST_NONCOMPLIANT_UNITS = ['范家寨镇', '陈村镇', '城关镇', '虢王镇', '柳林镇', '长青镇', '行政审批服务局', '发改局', '教体局', '文旅局', '工信局', '公安分局'];
export const BROKEN_LINK_UNITS = ['范家寨镇', '长青镇'];

export type Main = 'wechat' | 'weibo' | 'douyin' | 'toutiao';

export interface UnitSpec {
  code: string;
  name: string;
  kind: UnitKind;
  /** Pinyin for the town operator's username. */
  slug?: string;
  posts: number;
  reposts: number;
  /** Platforms with an opened account (wechat always first). */
  platforms: Main[];
}

// posts / reposts per unit in 2023Q3: they add up to 991 / 1434 (checked below and in demo-data.spec.ts).
export const UNIT_SPECS: UnitSpec[] = [
  { code: 'FX101', name: '糜杆桥镇', kind: 'town', slug: 'migangqiao', posts: 46, reposts: 68, platforms: ['wechat', 'weibo', 'douyin'] },
  { code: 'FX102', name: '南指挥镇', kind: 'town', slug: 'nanzhihui', posts: 41, reposts: 63, platforms: ['wechat', 'douyin'] },
  { code: 'FX103', name: '姚家沟镇', kind: 'town', slug: 'yaojiagou', posts: 38, reposts: 59, platforms: ['wechat', 'weibo'] },
  { code: 'FX104', name: '彪角镇', kind: 'town', slug: 'biaojiao', posts: 35, reposts: 52, platforms: ['wechat'] },
  { code: 'FX105', name: '横水镇', kind: 'town', slug: 'hengshui', posts: 33, reposts: 50, platforms: ['wechat', 'toutiao'] },
  { code: 'FX106', name: '田家庄镇', kind: 'town', slug: 'tianjiazhuang', posts: 44, reposts: 71, platforms: ['wechat', 'weibo', 'douyin'] },
  { code: 'FX107', name: '范家寨镇', kind: 'town', slug: 'fanjiazhai', posts: 24, reposts: 30, platforms: ['wechat', 'douyin'] },
  { code: 'FX108', name: '陈村镇', kind: 'town', slug: 'chencun', posts: 18, reposts: 26, platforms: ['wechat'] },
  { code: 'FX109', name: '城关镇', kind: 'town', slug: 'chengguan', posts: 34, reposts: 38, platforms: ['wechat', 'weibo', 'douyin'] },
  { code: 'FX110', name: '虢王镇', kind: 'town', slug: 'guowang', posts: 27, reposts: 35, platforms: ['wechat', 'weibo'] },
  { code: 'FX111', name: '柳林镇', kind: 'town', slug: 'liulin', posts: 21, reposts: 31, platforms: ['wechat'] },
  { code: 'FX112', name: '长青镇', kind: 'town', slug: 'changqing', posts: 19, reposts: 28, platforms: ['wechat', 'weibo'] },
  { code: 'FX201', name: '自然资源和规划分局', kind: 'department', posts: 28, reposts: 40, platforms: ['wechat', 'weibo'] },
  { code: 'FX202', name: '公安分局', kind: 'department', posts: 32, reposts: 36, platforms: ['wechat', 'weibo', 'douyin', 'toutiao'] },
  { code: 'FX203', name: '应急管理局', kind: 'department', posts: 25, reposts: 41, platforms: ['wechat', 'weibo'] },
  { code: 'FX204', name: '人社局', kind: 'department', posts: 42, reposts: 66, platforms: ['wechat', 'weibo'] },
  { code: 'FX205', name: '行政审批服务局', kind: 'department', posts: 20, reposts: 27, platforms: ['wechat'] },
  { code: 'FX206', name: '医保局', kind: 'department', posts: 37, reposts: 55, platforms: ['wechat', 'weibo'] },
  { code: 'FX207', name: '市场监管局', kind: 'department', posts: 39, reposts: 58, platforms: ['wechat', 'weibo', 'douyin'] },
  { code: 'FX208', name: '农业农村局', kind: 'department', posts: 22, reposts: 47, platforms: ['wechat', 'toutiao'] },
  { code: 'FX209', name: '财政局', kind: 'department', posts: 31, reposts: 29, platforms: ['wechat'] },
  { code: 'FX210', name: '商务局', kind: 'department', posts: 23, reposts: 34, platforms: ['wechat'] },
  { code: 'FX211', name: '生态环境分局', kind: 'department', posts: 26, reposts: 39, platforms: ['wechat', 'weibo'] },
  { code: 'FX212', name: '卫健局', kind: 'department', posts: 45, reposts: 62, platforms: ['wechat', 'weibo', 'douyin'] },
  { code: 'FX213', name: '教体局', kind: 'department', posts: 24, reposts: 33, platforms: ['wechat', 'weibo'] },
  { code: 'FX214', name: '民政局', kind: 'department', posts: 21, reposts: 37, platforms: ['wechat'] },
  { code: 'FX215', name: '住建局', kind: 'department', posts: 20, reposts: 30, platforms: ['wechat'] },
  { code: 'FX216', name: '发改局', kind: 'department', posts: 17, reposts: 24, platforms: ['wechat'] },
  { code: 'FX217', name: '审计局', kind: 'department', posts: 16, reposts: 22, platforms: ['wechat'] },
  { code: 'FX218', name: '林业局', kind: 'department', posts: 15, reposts: 21, platforms: ['wechat'] },
  { code: 'FX219', name: '乡村振兴局', kind: 'department', posts: 32, reposts: 48, platforms: ['wechat'] },
  { code: 'FX220', name: '文旅局', kind: 'department', posts: 33, reposts: 36, platforms: ['wechat', 'weibo'] },
  { code: 'FX221', name: '工信局', kind: 'department', posts: 27, reposts: 41, platforms: ['wechat'] },
  { code: 'FX301', name: '高新区管委会', kind: 'committee', posts: 36, reposts: 57, platforms: ['wechat', 'weibo', 'douyin'] },
];

/** The 国办公开办 repost tasks of 2023Q3 (wechat and weibo accounts must repost them). */
export interface DemoTask {
  no: number;
  title: string;
  sourceUrl: string;
  sourceName: string;
  issuedAt: string;
  dueAt: string;
}

// Titles of 2023 Q3 State Council documents; the source links are illustrative (demo data).
export const DEMO_TASKS: DemoTask[] = [
  {
    no: 1,
    title: '中共中央 国务院关于促进民营经济发展壮大的意见',
    sourceUrl: 'https://www.gov.cn/zhengce/demo/2023q3-task-1.htm',
    sourceName: '中国政府网',
    issuedAt: '2023-07-20T09:00:00+08:00',
    dueAt: '2023-07-21T18:00:00+08:00',
  },
  {
    no: 2,
    title: '国务院办公厅转发国家发展改革委关于恢复和扩大消费措施的通知',
    sourceUrl: 'https://www.gov.cn/zhengce/demo/2023q3-task-2.htm',
    sourceName: '中国政府网',
    issuedAt: '2023-08-01T09:00:00+08:00',
    dueAt: '2023-08-02T18:00:00+08:00',
  },
  {
    no: 3,
    title: '国务院关于进一步优化外商投资环境 加大吸引外商投资力度的意见',
    sourceUrl: 'https://www.gov.cn/zhengce/demo/2023q3-task-3.htm',
    sourceName: '中国政府网',
    issuedAt: '2023-08-14T09:00:00+08:00',
    dueAt: '2023-08-15T18:00:00+08:00',
  },
  {
    no: 4,
    title: '国务院关于提高个人所得税有关专项附加扣除标准的通知',
    sourceUrl: 'https://www.gov.cn/zhengce/demo/2023q3-task-4.htm',
    sourceName: '中国政府网',
    issuedAt: '2023-09-01T09:00:00+08:00',
    dueAt: '2023-09-02T18:00:00+08:00',
  },
];
export const TASK_PLATFORMS: Platform[] = ['wechat', 'weibo'];

/** How each named unit fell short of the repost tasks: a task missed, or done late, on all or one platform. */
interface TaskShortfall {
  task: number;
  platform?: Main;
  late?: boolean;
}
export const SHORTFALLS: Record<string, TaskShortfall[]> = {
  范家寨镇: [{ task: 2 }],
  陈村镇: [{ task: 3 }, { task: 4 }],
  城关镇: [{ task: 1, platform: 'weibo' }],
  虢王镇: [{ task: 2, late: true }],
  柳林镇: [{ task: 4 }],
  长青镇: [{ task: 1 }],
  行政审批服务局: [{ task: 3, late: true }],
  发改局: [{ task: 2 }],
  教体局: [{ task: 3, platform: 'weibo' }],
  文旅局: [{ task: 4 }],
  工信局: [{ task: 1 }, { task: 2, late: true }],
  公安分局: [{ task: 4, platform: 'weibo', late: true }],
};

/** One task of 4 was confirmed by hand (the repost is on the platform but not in the imported file). */
export const MANUAL_CONFIRMATION = { unit: '卫健局', platform: 'weibo' as Main, task: 3 };

/** Columns (栏目) of the wechat accounts; the broken ones are on the demo site as 404 / soft-404 pages. */
export const COLUMN_NAMES = [
  { slug: 'zwgk', name: '政务公开' },
  { slug: 'bsfw', name: '办事服务' },
  { slug: 'hdjl', name: '互动交流' },
];
export const BROKEN_COLUMNS: Record<string, { slug: string; mode: 'not_found' | 'soft404' }> = {
  范家寨镇: { slug: 'bsfw', mode: 'not_found' },
  长青镇: { slug: 'zwgk', mode: 'soft404' },
};

// ---------------------------------------------------------------------------------------

export type StepAction = 'approve' | 'reject' | 'open' | 'request_deregistration' | 'cancel_deregistration' | 'deregister';

export interface DemoStep {
  action: StepAction;
  at: string;
  reason?: string;
}

export interface DemoPost {
  id: string;
  title: string;
  url: string;
  publishedAt: string;
  repost: boolean;
  sourceUrl?: string;
  sourceName?: string;
  /** 正文, for the few posts with planted content problems (demo-content.ts). */
  body?: string;
}

export interface DemoAccount {
  key: string;
  platform: Platform;
  name: string;
  platformAccountId: string;
  homepageUrl: string;
  operatorName: string;
  operatorPhone: string;
  purpose: string;
  justification?: string;
  filingNumber?: string;
  appliedAt: string;
  steps: DemoStep[];
  finalState: AccountState;
  posts: DemoPost[];
  /** Column slugs (wechat accounts). */
  columns: { slug: string; name: string }[];
}

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  slug?: string;
  contactName: string;
  contactPhone: string;
  good: boolean;
  posts: number;
  reposts: number;
  accounts: DemoAccount[];
}

export interface DemoPlan {
  units: DemoUnit[];
  tasks: DemoTask[];
}
