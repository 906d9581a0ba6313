import type { AccountState } from '../accounts/account-state-machine';
import type { Platform } from '../accounts/account.entity';
import {
  COLUMN_NAMES,
  DEMO_SEED,
  DEMO_TARGETS,
  DEMO_TASKS,
  DEMO_TOTALS,
  type DemoAccount,
  type DemoPlan,
  type DemoPost,
  type DemoStep,
  type DemoUnit,
  GOOD_UNITS,
  GOOD_UNIT_FIGURES,
  type Main,
  MANUAL_CONFIRMATION,
  SHORTFALLS,
  TASK_PLATFORMS,
  UNIT_SPECS,
  type UnitSpec,
} from './demo-data';
import {
  day,
  GIVEN,
  iso,
  ledgerTime,
  ORIGINAL_FORMS,
  PLATFORM_SUFFIX,
  prng,
  Q3_END,
  Q3_START,
  REPOST_HEADLINES,
  REPOST_SOURCES,
  SURNAMES,
  TOPICS_DEPT,
  TOPICS_TOWN,
  WEIGHTS,
} from './demo-text';

/** Builds the deterministic demo plan (demo-data.ts describes what it reproduces). */
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
          justification: '便民服务信息较多，拟单独开设服务号',
          appliedAt: iso(day('2023-07-10')),
          steps: [{ action: 'reject', at: iso(day('2023-07-14')), reason: '一个单位原则上在同一平台只开设一个政务新媒体账号；便民服务内容请在“凤翔城关镇”公众号开设栏目发布' }],
          finalState: 'rejected',
        });
        break;
      case '审计局':
        extra('bilibili', {
          appliedAt: iso(day('2023-06-05')),
          steps: [{ action: 'reject', at: iso(day('2023-06-09')), reason: '暂不具备多平台运维力量，审核把关（三审三校）人员不足' }],
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
            { action: 'request_deregistration', at: iso(day('2023-09-25')), reason: '账号整合，信息统一在微信公众号发布' },
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
            { action: 'request_deregistration', at: iso(day('2021-03-01')), reason: '长期无人维护，申请注销' },
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
            { action: 'request_deregistration', at: iso(day('2022-11-01')), reason: '机构职能调整，账号整合' },
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
