import { autoHits, AccountFacts, evidenceTime, findingFacts, severityOf } from './auto-items';
import { DEFAULT_INDICATORS, Indicator, validateIndicators } from './indicators';
import { drawSample, drawSeed } from './sampling';
import { mergeHits, reasonsOf, scoreAccount, summarise } from './scoring';

const ind = (code: string, type: Indicator['type'], points = 0, cap = points): Indicator => ({ code, name: code, type, basis: 'manual', points, cap, description: '' });

describe('indicator set', () => {
  it('accepts the ten defaults', () => {
    expect(DEFAULT_INDICATORS).toHaveLength(10);
    expect(validateIndicators(DEFAULT_INDICATORS)).toEqual([]);
  });

  it('refuses unknown types, negative points, caps below points, duplicate codes and auto codes it cannot compute', () => {
    const problems = validateIndicators([
      { ...ind('a_one', 'veto'), type: 'penalty' as never },
      ind('b_two', 'deduction', -1, 0),
      ind('c_three', 'deduction', 5, 2),
      ind('c_three', 'bonus', 1, 1),
      { ...ind('made_up', 'veto'), basis: 'auto' },
    ]);
    expect(problems.map((p) => p.field)).toEqual(['0.type', '1.points', '2.cap', '3.code', '4.code']);
    expect(problems.every((p) => /第 \d 项/.test(p.message))).toBe(true);
    expect(validateIndicators([])).toHaveLength(1);
  });
});

describe('scoring', () => {
  const set = [ind('v', 'veto'), ind('d', 'deduction', 5, 20), ind('e', 'deduction', 10, 10), ind('b', 'bonus', 3, 6)];
  const hit = (code: string, count: number) => ({ code, count, evidence: [] });

  it('starts at 100 and subtracts each deduction up to its cap, plus capped bonuses', () => {
    expect(scoreAccount(set, [])).toMatchObject({ score: 100, verdict: 'pass' });
    expect(scoreAccount(set, [hit('d', 3)])).toMatchObject({ score: 85, verdict: 'pass' });
    expect(scoreAccount(set, [hit('d', 9)]).deductions[0]).toMatchObject({ count: 9, points: 20 });
    expect(scoreAccount(set, [hit('d', 9), hit('e', 1), hit('b', 5)])).toMatchObject({ score: 76 });
  });

  it('fails below 60 and on any veto, with score 0 when vetoed', () => {
    const many = [ind('x', 'deduction', 25, 25), ind('y', 'deduction', 20, 20)];
    expect(scoreAccount(many, [hit('x', 1), hit('y', 1)])).toMatchObject({ score: 55, verdict: 'fail' });
    expect(scoreAccount(many, [hit('x', 1), hit('y', 0)])).toMatchObject({ score: 75, verdict: 'pass' });
    const vetoed = scoreAccount(set, [hit('v', 1)]);
    expect(vetoed).toMatchObject({ score: 0, verdict: 'fail' });
    expect(reasonsOf(vetoed)).toEqual(['v（单项否决）']);
  });

  it('adds manual hits to auto ones and ignores manual entries that are not hits', () => {
    const merged = mergeHits(
      [hit('d', 1)],
      [
        { code: 'd', hit: true, count: 2, note: '人工', evidenceUrl: 'https://x/1' },
        { code: 'v', hit: false },
      ],
    );
    expect(merged).toEqual([{ code: 'd', count: 3, evidence: [{ kind: 'manual', url: 'https://x/1', note: '人工' }] }]);
  });

  it('summarises per unit and platform from the rows', () => {
    const s = summarise([
      { unitId: 2, unitName: '乙', platform: 'wechat', verdict: 'pass', recheck: true },
      { unitId: 1, unitName: '甲', platform: 'wechat', verdict: 'fail', recheck: false },
      { unitId: 1, unitName: '甲', platform: 'weibo', verdict: 'pass', recheck: true },
      { unitId: 1, unitName: '甲', platform: 'weibo', verdict: 'fail', recheck: true },
    ]);
    expect(s).toMatchObject({ accounts: 4, passed: 2, failed: 2, passRate: 0.5, rechecked: 3, fixed: 2 });
    expect(s.byUnit.map((u) => [u.unitId, u.accounts, u.passRate])).toEqual([
      [1, 3, 0.3333],
      [2, 1, 1],
    ]);
    expect(s.byPlatform.map((p) => [p.platform, p.passed, p.failed])).toEqual([
      ['wechat', 1, 1],
      ['weibo', 1, 1],
    ]);
    expect(summarise([]).passRate).toBe(0);
  });
});

describe('sampling', () => {
  const accounts = [...Array(40).keys()].map((i) => ({ id: i + 1, unitId: (i % 4) + 1 }));

  it('draws the same accounts for the same seed and others for another', () => {
    const a = drawSample(accounts, 0.3, 42);
    expect(drawSample([...accounts].reverse(), 0.3, 42)).toEqual(a);
    expect(drawSample(accounts, 0.3, 43)).not.toEqual(a);
  });

  it('takes ⌈rate × n⌉ from every unit, so no unit with accounts is skipped', () => {
    const few = [{ id: 100, unitId: 9 }, ...accounts];
    const drawn = drawSample(few, 0.1, 7);
    expect(drawn).toContain(100);
    for (const unit of [1, 2, 3, 4]) expect(drawn.filter((id) => (id - 1) % 4 === unit - 1 && id <= 40)).toHaveLength(1);
    expect(drawSample(accounts, 1, 7)).toHaveLength(40);
  });

  it('keeps a unit’s draw when accounts elsewhere change', () => {
    const unit1 = (ids: number[]) => ids.filter((id) => id <= 40 && (id - 1) % 4 === 0);
    expect(unit1(drawSample([...accounts, { id: 200, unitId: 3 }], 0.5, 5))).toEqual(unit1(drawSample(accounts, 0.5, 5)));
  });

  it('draws positive seeds', () => {
    expect(drawSeed(() => 0)).toBe(1);
    expect(drawSeed(() => 0.999999)).toBeLessThan(2 ** 31);
  });
});

describe('auto items', () => {
  const base: AccountFacts = { accountId: 1, recentPosts: 3, lastPost: null, windowDays: 14, unitPosts: 10, unitTarget: 5, findings: [], brokenColumns: [], missedTasks: [] };
  const finding = (id: number, kind: string, severity: 'serious' | 'general' = 'general') => ({
    id,
    kind,
    severity,
    message: `f${id}`,
    evidenceAt: new Date('2023-08-01T00:00:00Z'),
    url: null,
  });

  it('hits nothing for an account with recent posts, a met target and no problems', () => {
    expect(autoHits(base)).toEqual([]);
  });

  it('hits each item with its evidence', () => {
    const hits = autoHits({
      ...base,
      recentPosts: 0,
      lastPost: { id: 9, title: '旧', url: 'https://p/9', publishedAt: new Date('2023-08-01T00:00:00Z') },
      unitPosts: 2,
      findings: [finding(1, 'privacy_leak'), finding(2, 'leader_title_error'), finding(3, 'error_word', 'serious'), finding(4, 'error_word'), finding(5, 'inactive')],
      brokenColumns: [{ id: 7, name: '政务公开', url: 'https://c/7', checkedAt: new Date('2023-09-01T00:00:00Z') }],
      missedTasks: [{ id: 8, title: '转发', dueAt: new Date('2023-08-12T00:00:00Z') }],
    });
    const byCode = Object.fromEntries(hits.map((h) => [h.code, h]));
    expect(Object.keys(byCode).sort()).toEqual(['broken_column', 'error_word', 'no_update', 'repost_missing', 'security_leak', 'serious_error', 'stale_update']);
    expect(byCode.serious_error.evidence.map((e) => e.id)).toEqual([2, 3]);
    expect(byCode.error_word.evidence.map((e) => e.id)).toEqual([4]);
    expect(byCode.no_update.evidence[0]).toMatchObject({ kind: 'post', id: 9, url: 'https://p/9' });
    expect(byCode.broken_column.evidence[0]).toMatchObject({ kind: 'column', url: 'https://c/7' });
    expect(byCode.repost_missing.evidence[0]).toMatchObject({ kind: 'task', id: 8 });
    expect(byCode.stale_update.evidence[0].note).toContain('2 条');
  });

  it('reads severity and the evidence time from a finding’s evidence', () => {
    expect(severityOf('general', { words: [{ wrong: 'x' }] })).toBe('general');
    expect(severityOf('general', { words: [{ wrong: 'x', severity: 'serious' }] })).toBe('serious');
    expect(severityOf('serious', {})).toBe('serious');
    const detected = new Date('2023-10-05T00:00:00Z');
    expect(evidenceTime({ post: { publishedAt: '2023-09-30T00:00:00.000Z' } }, detected).toISOString()).toBe('2023-09-30T00:00:00.000Z');
    expect(evidenceTime({}, detected)).toBe(detected);
  });

  it('judges stored findings: kept when the evidence lies in the period (also when detected later), severity by kind and evidence', () => {
    const from = new Date('2023-07-01T00:00:00Z');
    const asOf = new Date('2023-10-01T00:00:00Z');
    const row = (id: number, kind: string, evidence: Record<string, unknown>, detectedAt: string) => ({ id, kind, message: `m${id}`, evidence, detectedAt: new Date(detectedAt) });
    const facts = findingFacts(
      [
        row(3, 'leader_title_error', {}, '2023-08-01T00:00:00Z'),
        row(1, 'error_word', { post: { publishedAt: '2023-09-30T00:00:00.000Z', url: 'https://x/1' }, words: [{ severity: 'serious' }] }, '2023-10-05T00:00:00Z'),
        row(2, 'error_word', {}, '2023-10-02T00:00:00Z'),
      ],
      from,
      asOf,
      (kind) => (kind === 'leader_title_error' ? 'serious' : undefined),
    );
    expect(facts.map((f) => [f.id, f.severity, f.url])).toEqual([
      [1, 'serious', 'https://x/1'],
      [3, 'serious', null],
    ]);
  });
});
