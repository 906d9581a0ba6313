import type { Main } from './demo-data';

// The demo plan's vocabulary and randomness: names, topics, headlines, the quarter's bounds.

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐';
export const GIVEN = [
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

export const TOPICS_TOWN = [
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
export const TOPICS_DEPT = [
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
export const ORIGINAL_FORMS: ((u: string, t: string) => string)[] = [
  (u, t) => `${u}召开${t}工作推进会`,
  (u, t) => `${u}开展${t}专项行动`,
  (u, t) => `${u}：${t}工作取得新进展`,
  (u, t) => `【通知公告】${u}关于做好${t}工作的通知`,
  (u, t) => `${u}组织开展${t}业务培训`,
  (u, t) => `聚焦${t} ${u}多措并举抓落实`,
  (u, t) => `${u}${t}工作简报`,
  (u, t) => `图说${u}：${t}一线见闻`,
];
export const REPOST_HEADLINES = [
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
export const REPOST_SOURCES = [
  { name: '陕西发布', url: 'https://www.shaanxi.gov.cn/demo/' },
  { name: '宝鸡发布', url: 'https://www.baoji.gov.cn/demo/' },
  { name: '新华社', url: 'https://www.news.cn/demo/' },
];

export const PLATFORM_SUFFIX: Record<string, string> = { wechat: '', weibo: '官方微博', douyin: '抖音号', toutiao: '头条号', kuaishou: '快手号', bilibili: 'B站号' };
export const WEIGHTS: Record<Main, number> = { wechat: 6, weibo: 3, douyin: 2, toutiao: 1 };

// Q3 as seen in Asia/Shanghai; posts fall inside [07-02, 09-29] so any office time zone keeps them in the quarter.
export const Q3_START = Date.parse('2023-07-02T08:00:00+08:00');
export const Q3_END = Date.parse('2023-09-29T21:00:00+08:00');

/** `2023-07-05 09:30+08:00`: how an office ledger writes a time. */
export function ledgerTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}+08:00`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function day(text: string): number {
  return Date.parse(`${text}T10:00:00+08:00`);
}
