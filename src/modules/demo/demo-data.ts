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

type Main = 'wechat' | 'weibo' | 'douyin' | 'toutiao';

interface UnitSpec {
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
const UNIT_SPECS: UnitSpec[] = [
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
const SHORTFALLS: Record<string, TaskShortfall[]> = {
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

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '晓东',
  '志强',
  '海燕',
];

const TOPICS_TOWN = [
  '秋粮收购',
  '人居环境整治',
  '防汛救灾',
  '森林防火',
  '安全生产',
  '苹果产业',
  '辣椒种植',
  '城乡居民养老保险缴费',
  '医保参保',
  '矛盾纠纷排查',
  '禁毒宣传',
  '反诈宣传',
  '新时代文明实践',
  '农村道路养护',
  '高素质农民培训',
  '饮水安全',
  '秸秆禁烧',
  '疫苗接种',
  '就业招聘',
  '村集体经济',
];
const TOPICS_DEPT = [
  '政策解读',
  '优化营商环境',
  '政务服务',
  '民生实事',
  '安全生产',
  '法治宣传',
  '党风廉政建设',
  '主题教育',
  '信用体系建设',
  '数据统计',
  '专项整治',
  '业务培训',
  '窗口服务',
  '三审三校',
  '信息公开',
];
const ORIGINAL_FORMS: ((u: string, t: string) => string)[] = [
  (u, t) => `${u}召开${t}工作推进会`,
  (u, t) => `${u}开展${t}专项行动`,
  (u, t) => `${u}：${t}工作取得新进展`,
  (u, t) => `【通知公告】${u}关于做好${t}工作的通知`,
  (u, t) => `${u}组织开展${t}业务培训`,
  (u, t) => `聚焦${t} ${u}多措并举抓落实`,
  (u, t) => `${u}${t}工作简报`,
  (u, t) => `图说${u}：${t}一线见闻`,
];
const REPOST_HEADLINES = [
  '陕西发布：全省秋季农业生产工作现场会召开',
  '宝鸡发布：宝鸡市2023年上半年经济运行情况',
  '陕西省人民政府关于进一步优化营商环境的若干措施',
  '宝鸡市防汛抗旱指挥部发布防汛安全提示',
  '陕西省医保局：城乡居民医保集中参保缴费开始',
  '宝鸡市人社局：2023年高校毕业生就业服务月启动',
  '陕西省应急管理厅发布夏季安全生产提示',
  '宝鸡市市场监管局：食品安全抽检信息公告',
  '陕西省生态环境厅：秋冬季大气污染防治攻坚',
  '宝鸡市卫健委：秋季传染病防控健康提示',
  '陕西省教育厅：2023年秋季学期开学安全提醒',
  '宝鸡市公安局：警惕新型电信网络诈骗',
  '陕西省民政厅：困难群众救助政策问答',
  '宝鸡市住建局：老旧小区改造进展通报',
  '陕西省文旅厅：十一假期旅游出行提示',
  '宝鸡市农业农村局：苹果采摘季技术指导',
  '陕西省林业局：秋季森林防火工作部署',
  '宝鸡市商务局：消费券发放活动公告',
  '陕西省财政厅：惠民惠农补贴发放公开',
  '宝鸡市审计局：审计整改情况公告',
  '陕西省统计局：8月份全省居民消费价格',
  '宝鸡市工信局：中小企业纾困政策汇编',
  '陕西省发展改革委：重点项目建设进展',
  '宝鸡市自然资源局：国土空间规划公示',
  '陕西省乡村振兴局：巩固拓展脱贫攻坚成果',
  '宝鸡市政务公开办：政务新媒体规范运维指引',
  '陕西省人社厅：技能人才评价工作通知',
  '宝鸡市行政审批局：一件事一次办服务指南',
  '新华社：全国秋粮收购工作有序开展',
  '人民日报：推动高质量发展取得新成效',
];
const REPOST_SOURCES = [
  { name: '陕西发布', url: 'https://www.shaanxi.gov.cn/demo/' },
  { name: '宝鸡发布', url: 'https://www.baoji.gov.cn/demo/' },
  { name: '新华社', url: 'https://www.news.cn/demo/' },
];

const PLATFORM_SUFFIX: Record<string, string> = { wechat: '', weibo: '官方微博', douyin: '抖音号', toutiao: '头条号', kuaishou: '快手号', bilibili: 'B站号' };
const WEIGHTS: Record<Main, number> = { wechat: 6, weibo: 3, douyin: 2, toutiao: 1 };

// Q3 as seen in Asia/Shanghai; posts fall inside [07-02, 09-29] so any office time zone keeps them in the quarter.
const Q3_START = Date.parse('2023-07-02T08:00:00+08:00');
const Q3_END = Date.parse('2023-09-29T21:00:00+08:00');

/** `2023-07-05 09:30+08:00`: how an office ledger writes a time. */
export function ledgerTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}+08:00`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function day(text: string): number {
  return Date.parse(`${text}T10:00:00+08:00`);
}

export function buildDemoPlan(): DemoPlan {
  const random = prng(DEMO_SEED);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const person = () => `${pick([...SURNAMES])}${pick(GIVEN)}`;
  const phone = () => `0917-72${String(int(10000, 99999))}`;
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
  const alnum = (n: number) => Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[int(0, 61)]).join('');
  const inQ3 = () => {
    const ms = Q3_START + Math.floor(random() * (Q3_END - Q3_START));
    const d = new Date(ms + 8 * 3600_000);
    const hour = d.getUTCHours();
    // Office hours, 08:00–21:59 local.
    return hour < 8 ? ms + (8 - hour) * 3600_000 : hour > 21 ? ms - (hour - 21) * 3600_000 : ms;
  };
  let filing = 0;

  const identity = (platform: Platform) => {
    switch (platform) {
      case 'wechat': {
        const biz = Buffer.from(String(int(3000000000, 3999999999))).toString('base64');
        return { id: `gh_${hex(12)}`, url: `https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=${encodeURIComponent(biz)}` };
      }
      case 'weibo': {
        const uid = String(int(5000000000, 7999999999));
        return { id: uid, url: `https://weibo.com/u/${uid}` };
      }
      case 'douyin': {
        const sec = `MS4wLjABAAAA${alnum(32)}`;
        return { id: sec, url: `https://www.douyin.com/user/${sec}` };
      }
      case 'toutiao': {
        const token = alnum(24);
        return { id: token, url: `https://www.toutiao.com/c/user/token/${token}/` };
      }
      case 'kuaishou': {
        const id = `3x${alnum(12).toLowerCase()}`;
        return { id, url: `https://www.kuaishou.com/profile/${id}` };
      }
      default: {
        const uid = String(int(300000000, 999999999));
        return { id: uid, url: `https://space.bilibili.com/${uid}` };
      }
    }
  };

  const postUrl = (platform: Platform, account: { platformAccountId: string }, n: number) => {
    switch (platform) {
      case 'wechat':
        return `https://mp.weixin.qq.com/s/${alnum(22)}`;
      case 'weibo':
        return `https://weibo.com/${account.platformAccountId}/N${alnum(8)}`;
      case 'douyin':
        return `https://www.douyin.com/video/72${String(int(10000000, 99999999))}${String(n).padStart(8, '0')}`;
      default:
        return `https://www.toutiao.com/article/72${String(int(10000000, 99999999))}${String(n).padStart(8, '0')}/`;
    }
  };

  /** An account opened some time in 2018–2022 (or as given), with its history before that. */
  const openedHistory = (openedOn?: string) => {
    const opened = openedOn
      ? day(openedOn)
      : Date.parse('2018-03-01T10:00:00+08:00') + Math.floor(random() * (Date.parse('2022-12-15T10:00:00+08:00') - Date.parse('2018-03-01T10:00:00+08:00')));
    const approved = opened - int(1, 10) * 86400_000;
    const applied = approved - int(2, 12) * 86400_000;
    return { applied, approved, opened };
  };

  const units: DemoUnit[] = UNIT_SPECS.map((spec) => {
    const accounts: DemoAccount[] = [];
    const add = (platform: Platform, fields: Partial<DemoAccount> & { appliedAt: string; steps: DemoStep[]; finalState: AccountState }) => {
      const id = identity(platform);
      const openedStep = fields.steps.some((s) => s.action === 'open');
      const account: DemoAccount = {
        key: `${spec.code}-${platform}${accounts.some((a) => a.platform === platform) ? '-2' : ''}`,
        platform,
        name: `凤翔${spec.name}${PLATFORM_SUFFIX[platform]}`,
        platformAccountId: id.id,
        homepageUrl: id.url,
        operatorName: person(),
        operatorPhone: phone(),
        purpose: spec.kind === 'town' ? '发布镇村工作动态、通知公告和便民服务信息' : '发布部门政策文件、政策解读和办事服务信息',
        filingNumber: openedStep ? `凤网信备〔${new Date(Date.parse(fields.appliedAt)).getUTCFullYear()}〕${String(++filing).padStart(3, '0')}号` : undefined,
        posts: [],
        columns: [],
        ...fields,
      };
      accounts.push(account);
      return account;
    };

    for (const platform of spec.platforms) {
      const h = openedHistory();
      const steps: DemoStep[] = [
        { action: 'approve', at: iso(h.approved) },
        { action: 'open', at: iso(h.opened) },
      ];
      if (spec.name === '公安分局' && platform === 'toutiao') {
        steps.push({ action: 'request_deregistration', at: iso(day('2023-05-10')), reason: '拟将头条号内容并入微信公众号统一发布' });
        steps.push({ action: 'cancel_deregistration', at: iso(day('2023-05-19')) });
      }
      const account = add(platform, { appliedAt: iso(h.applied), steps, finalState: 'opened' });
      if (platform === 'wechat') account.columns = COLUMN_NAMES.map((c) => ({ ...c }));
    }

    // The other lifecycle states (every one appears), and one 先开设后申请 account.
    const extra = add;
    switch (spec.name) {
      case '陈村镇':
        extra('douyin', { appliedAt: iso(day('2023-09-18')), steps: [], finalState: 'applied' });
        break;
      case '商务局':
        extra('kuaishou', { appliedAt: iso(day('2023-09-25')), steps: [], finalState: 'applied' });
        break;
      case '林业局':
        extra('toutiao', { appliedAt: iso(day('2023-08-28')), steps: [{ action: 'approve', at: iso(day('2023-09-05')) }], finalState: 'approved' });
        break;
      case '乡村振兴局':
        extra('weibo', { appliedAt: iso(day('2023-09-12')), steps: [{ action: 'approve', at: iso(day('2023-09-20')) }], finalState: 'approved' });
        break;
      case '城关镇':
        extra('wechat', {
          name: '城关镇便民服务',
          justification: '便民服务信息较多,拟单独开设服务号',
          appliedAt: iso(day('2023-07-10')),
          steps: [{ action: 'reject', at: iso(day('2023-07-14')), reason: '一个单位原则上在同一平台只开设一个政务新媒体账号;便民服务内容请在“凤翔城关镇”公众号开设栏目发布' }],
          finalState: 'rejected',
        });
        break;
      case '审计局':
        extra('bilibili', {
          appliedAt: iso(day('2023-06-05')),
          steps: [{ action: 'reject', at: iso(day('2023-06-09')), reason: '暂不具备多平台运维力量,审核把关(三审三校)人员不足' }],
          finalState: 'rejected',
        });
        break;
      case '民政局': {
        const h = openedHistory('2020-04-16');
        extra('toutiao', {
          appliedAt: iso(h.applied),
          steps: [
            { action: 'approve', at: iso(h.approved) },
            { action: 'open', at: iso(h.opened) },
            { action: 'request_deregistration', at: iso(day('2023-09-25')), reason: '账号整合,信息统一在微信公众号发布' },
          ],
          finalState: 'deregistration_requested',
        });
        break;
      }
      case '柳林镇': {
        const h = openedHistory('2019-05-20');
        extra('toutiao', {
          appliedAt: iso(h.applied),
          steps: [
            { action: 'approve', at: iso(h.approved) },
            { action: 'open', at: iso(h.opened) },
            { action: 'request_deregistration', at: iso(day('2021-03-01')), reason: '长期无人维护,申请注销' },
            { action: 'deregister', at: iso(day('2021-03-20')) },
          ],
          finalState: 'deregistered',
        });
        break;
      }
      case '住建局': {
        const h = openedHistory('2018-06-11');
        extra('weibo', {
          appliedAt: iso(h.applied),
          steps: [
            { action: 'approve', at: iso(h.approved) },
            { action: 'open', at: iso(h.opened) },
            { action: 'request_deregistration', at: iso(day('2022-11-01')), reason: '机构职能调整,账号整合' },
            { action: 'deregister', at: iso(day('2022-11-30')) },
          ],
          finalState: 'deregistered',
        });
        break;
      }
      case '文旅局':
        // 先开设后申请: it was posting from early July, but approved only on 15 August.
        extra('douyin', {
          appliedAt: iso(day('2023-08-01')),
          steps: [
            { action: 'approve', at: iso(day('2023-08-15')) },
            { action: 'open', at: iso(day('2023-08-16')) },
          ],
          finalState: 'opened',
        });
        break;
    }

    const unit: DemoUnit = {
      code: spec.code,
      name: spec.name,
      kind: spec.kind,
      slug: spec.slug,
      contactName: person(),
      contactPhone: phone(),
      good: GOOD_UNITS.includes(spec.name),
      posts: spec.posts,
      reposts: spec.reposts,
      accounts,
    };
    distributePosts(unit, spec);
    return unit;
  });

  function distributePosts(unit: DemoUnit, spec: UnitSpec): void {
    const posting = unit.accounts.filter((a) => a.finalState === 'opened' || a.finalState === 'deregistration_requested');
    const seq = new Map<string, number>();
    const nextId = (account: DemoAccount) => {
      const n = (seq.get(account.key) ?? 0) + 1;
      seq.set(account.key, n);
      return n;
    };
    const push = (account: DemoAccount, post: Omit<DemoPost, 'id' | 'url'> & { url?: string }) => {
      const n = nextId(account);
      account.posts.push({ id: `${account.key}-${String(n).padStart(4, '0')}`, url: post.url ?? postUrl(account.platform, account, n), ...post });
    };

    // 1. Task reposts (wechat and weibo accounts), except the unit's shortfalls.
    let taskReposts = 0;
    const shortfalls = SHORTFALLS[unit.name] ?? [];
    for (const task of DEMO_TASKS) {
      for (const account of posting.filter((a) => (TASK_PLATFORMS as string[]).includes(a.platform))) {
        const short = shortfalls.find((s) => s.task === task.no && (!s.platform || s.platform === account.platform));
        if (short && !short.late) continue;
        if (MANUAL_CONFIRMATION.unit === unit.name && MANUAL_CONFIRMATION.platform === account.platform && MANUAL_CONFIRMATION.task === task.no) continue;
        const issued = Date.parse(task.issuedAt);
        const due = Date.parse(task.dueAt);
        const at = short?.late ? due + int(20, 60) * 3600_000 : issued + int(1, Math.floor((due - issued) / 3600_000) - 1) * 3600_000 + int(0, 59) * 60_000;
        // WeChat: own article carrying 阅读原文 (matched by source URL); Weibo: 转发 with the title (matched by title).
        if (account.platform === 'wechat')
          push(account, { title: `【转载】${task.title}`, publishedAt: ledgerTime(at), repost: true, sourceUrl: task.sourceUrl, sourceName: task.sourceName });
        else push(account, { title: `转发：${task.title}`, publishedAt: ledgerTime(at), repost: true, sourceName: task.sourceName });
        taskReposts++;
      }
    }

    // 2. The rest of the unit's reposts and its own posts, shared by platform weight.
    const share = (total: number): number[] => {
      const weights = posting.map((a) => WEIGHTS[a.platform as Main] ?? 1);
      const sum = weights.reduce((s, w) => s + w, 0);
      const parts = weights.map((w) => Math.floor((total * w) / sum));
      parts[0] += total - parts.reduce((s, p) => s + p, 0);
      return parts;
    };
    const repostParts = share(spec.reposts - taskReposts);
    const postParts = share(spec.posts);
    const topics = unit.kind === 'town' ? TOPICS_TOWN : TOPICS_DEPT;
    posting.forEach((account, i) => {
      // The 先开设后申请 account posts from early July, before its approval.
      for (let k = 0; k < postParts[i]; k++) {
        let title = pick(ORIGINAL_FORMS)(unit.name, pick(topics));
        if (unit.name === '陈村镇' && account.platform === 'wechat' && k === 0) title = '陈村镇再接再励推进农村人居环境整治'; // a 错敏词 (再接再厉) for the findings page
        push(account, { title, publishedAt: ledgerTime(inQ3()), repost: false });
      }
      for (let k = 0; k < repostParts[i]; k++) {
        const source = pick(REPOST_SOURCES);
        const headline = pick(REPOST_HEADLINES);
        const n = int(100000, 999999);
        if (account.platform === 'wechat')
          push(account, { title: `【转载】${headline}`, publishedAt: ledgerTime(inQ3()), repost: true, sourceUrl: `${source.url}${n}.html`, sourceName: source.name });
        else push(account, { title: `转发：${headline}`, publishedAt: ledgerTime(inQ3()), repost: true, sourceName: source.name });
      }
      account.posts.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
    });
  }

  const plan = { units, tasks: DEMO_TASKS };
  assertPlan(plan);
  return plan;
}

/** The plan's own promises; a mistake in the tables above fails loudly, before anything is written. */
export function assertPlan(plan: DemoPlan): void {
  const posts = plan.units.reduce((s, u) => s + u.posts, 0);
  const reposts = plan.units.reduce((s, u) => s + u.reposts, 0);
  if (posts !== DEMO_TOTALS.posts || reposts !== DEMO_TOTALS.reposts) throw new Error(`demo plan totals ${posts}/${reposts}, expected ${DEMO_TOTALS.posts}/${DEMO_TOTALS.reposts}`);
  for (const unit of plan.units) {
    const all = unit.accounts.flatMap((a) => a.posts);
    const own = all.filter((p) => !p.repost).length;
    const re = all.filter((p) => p.repost).length;
    if (own !== unit.posts || re !== unit.reposts) throw new Error(`demo plan: ${unit.name} has ${own}/${re} posts, expected ${unit.posts}/${unit.reposts}`);
    if (unit.posts <= DEMO_TARGETS.posts || unit.reposts <= DEMO_TARGETS.reposts) throw new Error(`demo plan: ${unit.name} does not over-fulfil the targets`);
    const good = unit.posts >= GOOD_UNIT_FIGURES.posts && unit.reposts >= GOOD_UNIT_FIGURES.reposts;
    if (good !== unit.good) throw new Error(`demo plan: ${unit.name} ${good ? 'publishes' : 'does not publish'} as much as a good unit but is ${unit.good ? '' : 'not '}one`);
  }
}
