/**
 * `npm run seed:demo` (`node dist/src/cli.js seed-demo`): fills an empty database with the demo district (demo-data.ts)
 * through the real services, as people would have entered it: units, users, applications by each town's operator approved
 * by the reviewer (maker-checker holds), opened, rejected, deregistered or waiting; posts through the posts import; the
 * 国办公开办 repost tasks; columns on a local demo site checked by the real link checker; the quarter's account discovery.
 */
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../app.module';
import { APP_CONFIG, AppConfig, loadConfig } from '../../config/app-config';
import { migrateDatabase } from '../../database/migrate';
import type { Actor } from '../../common/roles';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { AccountsService } from '../accounts/accounts.service';
import { ColumnsService } from '../columns/columns.service';
import { Clock } from '../../common/clock';
import { seedDemoDiscovery } from './demo-discovery';
import { LinkHealthService } from '../link-health/link-health.service';
import { PostsService } from '../posts/posts.service';
import { ReportsService } from '../reports/reports.service';
import { RepostComplianceService } from '../repost-tasks/repost-compliance.service';
import { RepostTasksService } from '../repost-tasks/repost-tasks.service';
import { UnitsService } from '../units/units.service';
import { UsersService } from '../users/users.service';
import { inspectionLine, sameSet, seedDemoInspection } from './demo-inspection';
import {
  BROKEN_COLUMNS,
  BROKEN_LINK_UNITS,
  DEMO_PASSWORD,
  DEMO_LINK_CHECKED_AT,
  DEMO_QUARTER,
  DEMO_TARGETS,
  DEMO_TOTALS,
  DemoAccount,
  DemoPlan,
  MANUAL_CONFIRMATION,
  REPOST_NONCOMPLIANT_UNITS,
  TASK_PLATFORMS,
} from './demo-data';
import { buildDemoPlan } from './demo-plan';
import { seedDemoRectifications } from './demo-rectifications';
import type { DemoSummary, DemoUser } from './demo-summary';
import { DemoPage, startDemoSite } from './demo-site';
import { postsCsv, postsXlsx, seedContentChecks } from './demo-posts-file';
import { ProgressListener, textProgressBar } from './progress';

/**
 * Settings the seed runs with: link checks may reach the local demo site, and are kept short
 * (the site is local: no retries, no gap, a quick confirming re-check); nothing scheduled fires.
 */
export const DEMO_ENV: Record<string, string> = {
  LINK_CHECK_ALLOW_PRIVATE: 'true',
  LINK_CHECK_MIN_GAP_MS: '0',
  LINK_CHECK_RETRIES: '0',
  LINK_CHECK_BACKOFF_MS: '50',
  LINK_CHECK_TIMEOUT_MS: '5000',
  LINK_CHECK_CONNECT_TIMEOUT_MS: '2000',
  LINK_CHECK_CONFIRM_DELAY_MS: '200',
  LINK_SWEEP_CRON: 'off',
  POLL_SCHEDULER: 'off',
  FINDINGS_SCHEDULER: 'off',
  REPOST_REMINDER_SCHEDULER: 'off',
};

const LINK_RUN_TIMEOUT_MS = 120_000;
/** The database is not empty: the demo only goes into a fresh one. */
export class DemoRefusedError extends Error {}

export interface SeedOptions {
  progress?: ProgressListener;
}

/** Seeds the demo through the services of a started application (CLI context or e2e app). */
export async function seedDemo(app: INestApplicationContext, options: SeedOptions = {}): Promise<DemoSummary> {
  const config = app.get<AppConfig>(APP_CONFIG);
  if (!config.linkCheckAllowPrivate) {
    throw new Error('演示数据需要让栏目检测访问本机演示站点：请以 LINK_CHECK_ALLOW_PRIVATE=true 启动（seed-demo 命令会自动设置）');
  }
  const unitsService = app.get(UnitsService);
  const usersService = app.get(UsersService);
  const accountsService = app.get(AccountsService);
  const postsService = app.get(PostsService);
  const tasksService = app.get(RepostTasksService);
  const columnsService = app.get(ColumnsService);
  const linkHealth = app.get(LinkHealthService);
  const clock = app.get(Clock);
  const queue = app.get<JobQueue>(JOB_QUEUE);
  const admin = await systemAdmin(usersService, config);
  const existing = await unitsService.list({ page: 1, pageSize: 1 }, admin);
  if (existing.total > 0) {
    throw new DemoRefusedError(
      `数据库中已有 ${existing.total} 个单位，演示数据只写入空数据库，以免与真实数据混在一起。\n` +
        '请换一个新的数据目录再执行，例如：DATA_DIR=./data-demo npm run seed:demo，然后 DATA_DIR=./data-demo npm start\n' +
        '（使用 MySQL 时请新建一个空库，并把 DATABASE_URL 指向它。）\n' +
        `The database already holds ${existing.total} unit(s); the demo only goes into an empty one. Use a fresh DATA_DIR (or an empty MySQL database).`,
    );
  }

  const plan = buildDemoPlan();
  await seedContentChecks(app, plan, admin);
  const towns = plan.units.filter((u) => u.slug);
  for (const username of ['reviewer', 'leader', ...towns.map((t) => t.slug as string)]) {
    const found = await usersService.list({ q: username, page: 1, pageSize: 200 });
    if (found.items.some((u) => u.username === username))
      throw new DemoRefusedError(`用户名“${username}”已存在：演示数据只写入空数据库，请换一个新的数据目录（DATA_DIR）\nUser "${username}" exists: use a fresh DATA_DIR.`);
  }
  const postingAccounts = plan.units.flatMap((u) => u.accounts).filter((a) => a.posts.length);
  const columnCount = plan.units.reduce((s, u) => s + u.accounts.reduce((t, a) => t + a.columns.length, 0), 0);
  const accountCount = plan.units.reduce((s, u) => s + u.accounts.length, 0);
  const total = plan.units.length + towns.length + 2 + accountCount + postingAccounts.length + plan.tasks.length + 1 + columnCount + columnCount + 1;
  let done = 0;
  const step = (label: string, by = 1) => {
    done += by;
    options.progress?.(done, total, label);
  };
  options.progress?.(0, total, '准备 / starting');

  // 1. Units (单位), with the codes of demo-data.ts.
  const unitIds = new Map<string, number>();
  for (const unit of plan.units) {
    const created = await unitsService.create({ name: unit.name, kind: unit.kind, code: unit.code, contactName: unit.contactName, contactPhone: unit.contactPhone }, admin);
    unitIds.set(unit.name, created.id);
    step(`单位 / units ${unitIds.size}/${plan.units.length}`);
  }

  // 2. Users: the office's reviewer, a read-only leader, one operator (信息员) per town.
  const users: DemoUser[] = [];
  const createUser = async (username: string, role: 'reviewer' | 'viewer' | 'operator', displayName: string, unitName?: string): Promise<Actor> => {
    const unitId = unitName ? unitIds.get(unitName) : undefined;
    const view = await usersService.create({ username, password: DEMO_PASSWORD, role, displayName, ...(unitId ? { unitId } : {}) }, admin);
    users.push({ username, password: DEMO_PASSWORD, role, unit: unitName ?? null });
    step(`用户 / users ${users.length}`);
    return { id: view.id, username: view.username, role: view.role, unitId: view.unitId };
  };
  const reviewer = await createUser('reviewer', 'reviewer', '政务公开办审核员');
  await createUser('leader', 'viewer', '区政府办领导（只读）');
  const operators = new Map<string, Actor>();
  for (const town of towns) operators.set(town.name, await createUser(town.slug as string, 'operator', `${town.name}信息员`, town.name));

  // 3. Accounts through their lifecycle: applied by the unit (or the office for departments), reviewed by the reviewer.
  const accountIds = new Map<string, number>();
  const byState: Record<string, number> = {};
  for (const unit of plan.units) {
    const applicant = operators.get(unit.name) ?? admin;
    for (const account of unit.accounts) {
      const created = await accountsService.create(
        {
          unitId: unitIds.get(unit.name) as number,
          platform: account.platform,
          name: account.name,
          operatorName: account.operatorName,
          operatorPhone: account.operatorPhone,
          purpose: account.purpose,
          ...(account.justification ? { justification: account.justification } : {}),
          appliedAt: account.appliedAt,
        },
        applicant,
      );
      for (const s of account.steps) {
        const office = s.action === 'approve' || s.action === 'reject' || s.action === 'deregister';
        await accountsService.transition(
          created.id,
          {
            action: s.action,
            at: s.at,
            ...(s.reason ? { reason: s.reason } : {}),
            ...(s.action === 'open'
              ? { platformAccountId: account.platformAccountId, homepageUrl: account.homepageUrl, ...(account.filingNumber ? { filingNumber: account.filingNumber } : {}) }
              : {}),
          },
          office ? reviewer : applicant,
        );
      }
      accountIds.set(account.key, created.id);
      byState[account.finalState] = (byState[account.finalState] ?? 0) + 1;
      step(`账号 / accounts ${accountIds.size}/${accountCount}`);
    }
  }

  // 4. Posts of 2023Q3 through the posts import (one file per account; CSV and XLSX alternate).
  const imported = { posts: 0, reposts: 0, files: 0 };
  for (const unit of plan.units) {
    const importer = operators.get(unit.name) ?? admin;
    for (const account of unit.accounts.filter((a) => a.posts.length)) {
      const xlsx = imported.files % 2 === 1;
      const buffer = xlsx ? await postsXlsx(account.posts) : postsCsv(account.posts);
      const result = await postsService.import(accountIds.get(account.key) as number, { buffer }, importer);
      if (result.imported !== account.posts.length) throw new Error(`导入“${account.name}”的发布记录只导入了 ${result.imported}/${account.posts.length} 条`);
      imported.files++;
      imported.posts += account.posts.filter((p) => !p.repost).length;
      imported.reposts += account.posts.filter((p) => p.repost).length;
      step(`发布记录 / posts ${imported.files}/${postingAccounts.length}`);
    }
  }

  // 5. The 国办公开办 repost tasks (matched against the imported posts), and one manual confirmation.
  const taskIds = new Map<number, number>();
  for (const task of plan.tasks) {
    const created = await tasksService.create(
      { title: task.title, sourceUrl: task.sourceUrl, sourceName: task.sourceName, issuedAt: task.issuedAt, dueAt: task.dueAt, platforms: TASK_PLATFORMS },
      reviewer,
    );
    taskIds.set(task.no, created.id);
    step(`转发任务 / repost tasks ${taskIds.size}/${plan.tasks.length}`);
  }
  const confirmed = manualConfirmation(plan);
  const confirmTask = plan.tasks.find((t) => t.no === MANUAL_CONFIRMATION.task);
  if (confirmed && confirmTask) {
    const postedAt = new Date(Date.parse(confirmTask.issuedAt) + 5 * 3600_000).toISOString();
    await tasksService.confirm(
      taskIds.get(MANUAL_CONFIRMATION.task) as number,
      {
        accountId: accountIds.get(confirmed.key) as number,
        evidenceUrl: `https://weibo.com/${confirmed.platformAccountId}/Nmanual0003`,
        postedAt,
        note: '微博转发未进入导入文件，信息员提供截图，审核员人工确认',
      },
      reviewer,
    );
  }
  step('人工确认 / manual confirmation');

  // 6. Columns on the local demo site, checked by the real link checker.
  const pages = new Map<string, DemoPage>();
  const site = await startDemoSite(pages);
  let linkRun: DemoSummary['linkRun'] | undefined;
  try {
    for (const unit of plan.units) {
      const owner = operators.get(unit.name) ?? admin;
      for (const account of unit.accounts) {
        for (const column of account.columns) {
          const path = `/${unit.code}/${column.slug}/`;
          const broken = BROKEN_COLUMNS[unit.name]?.slug === column.slug ? BROKEN_COLUMNS[unit.name].mode : null;
          pages.set(path, { title: `${unit.name} · ${column.name}`, items: account.posts.slice(0, 6).map((p) => p.title), mode: broken ?? 'ok' });
          await columnsService.create(accountIds.get(account.key) as number, { name: column.name, url: `${site.origin}${path}` }, owner);
          step(`栏目 / columns ${pages.size}/${columnCount}`);
        }
      }
    }
    // The bulletin reports the columns as they were when 2023Q3 was inspected: the real checker
    // runs now, but its results are recorded as of the inspection day, so the 2023Q3 report
    // (which reads the last check before the quarter ended) sees them.
    clock.fixAt(DEMO_LINK_CHECKED_AT);
    const requested = await linkHealth.request({}, admin);
    const started = Date.now();
    let reported = 0;
    for (;;) {
      const run = await linkHealth.getRun(requested.id, admin);
      if (run.done > reported) {
        step(`栏目链接检测 / link check ${run.done}/${run.total}`, run.done - reported);
        reported = run.done;
      }
      if (run.status === 'done' || run.status === 'failed') {
        linkRun = { id: run.id, status: run.status, total: run.total, ok: run.ok, broken: run.broken, unverifiable: run.unverifiable };
        if (run.status === 'failed') throw new Error(`栏目链接检测失败：${run.error ?? '未知原因'}`);
        break;
      }
      if (Date.now() - started > LINK_RUN_TIMEOUT_MS) throw new Error(`栏目链接检测 ${LINK_RUN_TIMEOUT_MS / 1000} 秒内未完成`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!linkRun) throw new Error('栏目链接检测没有结果');
    if (reported < linkRun.total) step('栏目链接检测 / link check', linkRun.total - reported);
    // Findings scans and repost matching queued by the changes above finish before the site goes.
    await queue.drain();
  } finally {
    clock.release();
    await site.close();
  }

  // 7. Quarterly targets (发布任务) for the quarter: the default for every unit. Every unit
  // over-fulfils them, as the reference bulletin says (demo-data.spec.ts checks the plan).
  await app.get(ReportsService).putTarget({ quarter: DEMO_QUARTER, posts: DEMO_TARGETS.posts, reposts: DEMO_TARGETS.reposts }, admin);
  step('季度发布任务 / targets');
  const discovery = await seedDemoDiscovery(app, admin); // 8. the quarter's account discovery (demo-discovery.ts)

  // Read the figures back through the services, as the API shows them.
  const stats = await postsService.stats({ quarter: DEMO_QUARTER }, admin);
  const compliance = await app.get(RepostComplianceService).report(DEMO_QUARTER, admin);
  const brokenColumns = await columnsService.list({ health: 'broken', page: 1, pageSize: 200 }, admin);
  const brokenNames = new Set(brokenColumns.items.map((c) => c.unitName ?? ''));
  const brokenLinkUnits = plan.units.map((u) => u.name).filter((name) => brokenNames.has(name));
  const inspection = await seedDemoInspection(app, DEMO_QUARTER, admin);
  const quarterly = await app.get(ReportsService).quarterly(DEMO_QUARTER, admin, { live: true });
  options.progress?.(total, total, '完成 / done');
  if (!linkRun) throw new Error('栏目链接检测没有结果');
  return {
    ...(await seedDemoRectifications(app, admin)), // [rectify] orders of 2023Q3 from the demo's findings
    quarter: DEMO_QUARTER,
    units: plan.units.length,
    users,
    accountsByState: byState,
    imported,
    tasks: plan.tasks.length,
    columns: columnCount,
    linkRun,
    reproduced: {
      posts: stats.totals.posts,
      reposts: stats.totals.reposts,
      repostNonCompliantUnits: compliance.nonCompliantUnits,
      brokenLinkUnits,
      goodUnits: quarterly.goodUnits,
      inspection,
    },
    targets: { ...DEMO_TARGETS },
    discovery,
  };
}

/** The bootstrap admin (ADMIN_USERNAME), or any enabled admin: the seed acts as the office's administrator. */
async function systemAdmin(users: UsersService, config: AppConfig): Promise<Actor> {
  const admins = await users.list({ role: 'admin', page: 1, pageSize: 200 });
  const admin = admins.items.find((u) => u.username === config.adminUsername && !u.disabled) ?? admins.items.find((u) => !u.disabled);
  if (!admin) throw new Error('找不到可用的管理员账号');
  return { id: admin.id, username: admin.username, role: 'admin', unitId: null };
}

function manualConfirmation(plan: DemoPlan): DemoAccount | undefined {
  return plan.units.find((u) => u.name === MANUAL_CONFIRMATION.unit)?.accounts.find((a) => a.platform === MANUAL_CONFIRMATION.platform && a.finalState === 'opened');
}

// ---- the command ----

/** `seed-demo`: starts the application without HTTP, seeds, prints the figures and the demo logins. */
export async function seedDemoCommand(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, ...DEMO_ENV });
  const startedAt = Date.now();
  console.log(
    `演示数据 / Demo data：宝鸡市凤翔区 ${DEMO_QUARTER} → ${config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@]*@/, '//***@') : `${config.dataDir}/registry.sqlite`}`,
  );
  // Migrations run before the application starts (as for the API and the worker).
  await migrateDatabase(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  const bar = textProgressBar();
  try {
    const summary = await seedDemo(app, { progress: bar });
    bar.finish();
    printSummary(summary, config, await adminCreatedNow(app, config, startedAt), Date.now() - startedAt);
  } catch (error) {
    bar.finish();
    if (!(error instanceof DemoRefusedError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}

async function adminCreatedNow(app: INestApplicationContext, config: AppConfig, startedAt: number): Promise<boolean> {
  const admins = await app.get(UsersService).list({ role: 'admin', page: 1, pageSize: 200 });
  const admin = admins.items.find((u) => u.username === config.adminUsername);
  return !!admin && new Date(admin.createdAt).getTime() >= startedAt - 1000;
}

function printSummary(s: DemoSummary, config: AppConfig, adminCreated: boolean, ms: number): void {
  const tick = (ok: boolean) => (ok ? '✓' : '✗');
  const states = Object.entries(s.accountsByState)
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  const lines = [
    '',
    `已写入演示数据（${(ms / 1000).toFixed(1)} 秒）/ Demo data written in ${(ms / 1000).toFixed(1)} s:`,
    `  单位 ${s.units} 个；账号 ${Object.values(s.accountsByState).reduce((a, b) => a + b, 0)} 个（${states}）`,
    `  发布记录导入 ${s.imported.files} 个文件；转发任务 ${s.tasks} 个；栏目 ${s.columns} 个，检测结果：正常 ${s.linkRun.ok}，失效 ${s.linkRun.broken}，无法判断 ${s.linkRun.unverifiable}`,
    '',
    `${s.quarter} 与通报一致 / matches the bulletin:`,
    `  ${tick(s.reproduced.posts === DEMO_TOTALS.posts && s.reproduced.reposts === DEMO_TOTALS.reposts)} 政务新媒体信息发布 ${s.reproduced.posts} 条，转发 ${s.reproduced.reposts} 条`,
    `  ${tick(sameSet(s.reproduced.repostNonCompliantUnits, REPOST_NONCOMPLIANT_UNITS))} 没有完成国办公开办转发任务：${s.reproduced.repostNonCompliantUnits.join('、')}`,
    `  ${tick(sameSet(s.reproduced.brokenLinkUnits, BROKEN_LINK_UNITS))} 栏目链接无法正常访问：${s.reproduced.brokenLinkUnits.join('、')}`,
    `  ${tick(s.reproduced.goodUnits.length === s.units)} 所有单位超额完成发布任务（发布 ≥ ${s.targets.posts} 条且转发 ≥ ${s.targets.reposts} 条）：${s.reproduced.goodUnits.length} 个单位`,
    inspectionLine(s.reproduced.inspection),
    '',
    '登录 / Logins (http://localhost:3000 after `npm start`):',
    `  ${config.adminUsername.padEnd(14)} 管理员  ${adminCreated ? (config.adminPassword ? '密码为 ADMIN_PASSWORD' : '密码见上方“初始管理员已创建”一行') : '沿用已有的管理员密码'}`,
    ...s.users.map((u) => `  ${u.username.padEnd(14)} ${u.role.padEnd(8)} ${u.password}${u.unit ? `  (${u.unit})` : ''}`),
    '',
    `在“季度通报/统计”中选择 ${s.quarter} 查看 / look at ${s.quarter}.`,
  ];
  console.log(lines.join('\n'));
}
