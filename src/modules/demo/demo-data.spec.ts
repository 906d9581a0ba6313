import { ACCOUNT_STATES } from '../accounts/account-state-machine';
import { matchAccount, prepareTask, worstStatus } from '../repost-tasks/matching/match';
import { wallTimeToUtc } from '../../common/time';
import { parseLooseDate } from '../../common/loose-date';
import {
  BROKEN_COLUMNS,
  BROKEN_LINK_UNITS,
  DEMO_TARGETS,
  DEMO_TOTALS,
  GOOD_UNITS,
  GOOD_UNIT_FIGURES,
  MANUAL_CONFIRMATION,
  REPOST_NONCOMPLIANT_UNITS,
  TASK_PLATFORMS,
} from './demo-data';
import { buildDemoPlan } from './demo-plan';

describe('demo plan (宝鸡市凤翔区 2023Q3)', () => {
  const plan = buildDemoPlan();

  it('is deterministic', () => {
    expect(JSON.stringify(buildDemoPlan())).toBe(JSON.stringify(plan));
  });

  it('has the 34 units of the bulletin with unique codes, towns first', () => {
    expect(plan.units).toHaveLength(34);
    expect(plan.units.filter((u) => u.kind === 'town')).toHaveLength(12);
    expect(plan.units.filter((u) => u.kind === 'department')).toHaveLength(21);
    expect(plan.units.filter((u) => u.kind === 'committee').map((u) => u.name)).toEqual(['高新区管委会']);
    expect(new Set(plan.units.map((u) => u.code)).size).toBe(34);
    expect([...plan.units.map((u) => u.code)].sort()).toEqual(plan.units.map((u) => u.code));
  });

  it('adds up to 991 posts and 1,434 reposts, all inside 2023Q3', () => {
    const posts = plan.units.flatMap((u) => u.accounts.flatMap((a) => a.posts));
    expect(posts.filter((p) => !p.repost)).toHaveLength(DEMO_TOTALS.posts);
    expect(posts.filter((p) => p.repost)).toHaveLength(DEMO_TOTALS.reposts);
    const from = wallTimeToUtc({ year: 2023, month: 7, day: 1 }, 'Asia/Shanghai');
    const to = wallTimeToUtc({ year: 2023, month: 10, day: 1 }, 'Asia/Shanghai');
    for (const p of posts) {
      const at = parseLooseDate(p.publishedAt, 'Asia/Shanghai');
      expect(at).not.toBeNull();
      expect(at!.getTime()).toBeGreaterThanOrEqual(from.getTime());
      expect(at!.getTime()).toBeLessThan(to.getTime());
    }
    for (const unit of plan.units) for (const account of unit.accounts) expect(new Set(account.posts.map((p) => p.id)).size).toBe(account.posts.length);
  });

  it('every unit over-fulfils the targets; the good units publish the most', () => {
    expect(plan.units.every((u) => u.posts > DEMO_TARGETS.posts && u.reposts > DEMO_TARGETS.reposts)).toBe(true);
    const most = plan.units.filter((u) => u.posts >= GOOD_UNIT_FIGURES.posts && u.reposts >= GOOD_UNIT_FIGURES.reposts).map((u) => u.name);
    expect(most.sort()).toEqual([...GOOD_UNITS].sort());
  });

  it('shows every lifecycle state', () => {
    const states = new Set(plan.units.flatMap((u) => u.accounts.map((a) => a.finalState)));
    expect([...states].sort()).toEqual([...ACCOUNT_STATES].sort());
  });

  it('the repost evidence leaves exactly the 12 named units short of the tasks', () => {
    const short = new Set<string>();
    for (const task of plan.tasks) {
      const prepared = prepareTask({ title: task.title, sourceUrl: task.sourceUrl, issuedAt: new Date(task.issuedAt), dueAt: new Date(task.dueAt) });
      for (const unit of plan.units) {
        const required = unit.accounts.filter(
          (a) => (TASK_PLATFORMS as string[]).includes(a.platform) && (a.finalState === 'opened' || a.finalState === 'deregistration_requested'),
        );
        const statuses = required.map((account) => {
          const manual = unit.name === MANUAL_CONFIRMATION.unit && account.platform === MANUAL_CONFIRMATION.platform && task.no === MANUAL_CONFIRMATION.task;
          if (manual) return 'done' as const;
          const candidates = account.posts.map((p, i) => ({
            id: i + 1,
            title: p.title,
            url: p.url,
            sourceUrl: p.sourceUrl ?? null,
            publishedAt: parseLooseDate(p.publishedAt)!,
            isRepost: p.repost,
          }));
          return matchAccount(prepared, candidates).status;
        });
        if (worstStatus(statuses) !== 'done') short.add(unit.name);
      }
    }
    expect([...short].sort()).toEqual([...REPOST_NONCOMPLIANT_UNITS].sort());
  });

  it('breaks the columns of 范家寨镇 and 长青镇 only', () => {
    expect(Object.keys(BROKEN_COLUMNS).sort()).toEqual([...BROKEN_LINK_UNITS].sort());
    for (const name of BROKEN_LINK_UNITS) expect(plan.units.find((u) => u.name === name)!.accounts.some((a) => a.columns.length)).toBe(true);
  });
});
