import { compileLibrary } from '../../error-words/matcher';
import { detectActiveAfterDeregistration } from './active-after-deregistration';
import { detectErrorWords } from './error-word';
import { detectInactive } from './inactive';
import { detectMultipleAccounts } from './multiple-accounts';
import { detectOpenedBeforeApproval } from './opened-before-approval';
import { detectOrphanedSupervision } from './orphaned-supervision';
import type { AccountFacts, PostRef } from './types';

const d = (s: string) => new Date(s);
const post = (id: number, at: string): PostRef => ({ id, title: `发布${id}`, url: `https://example.gov.cn/p/${id}`, publishedAt: d(at) });

function account(fields: Partial<AccountFacts> = {}): AccountFacts {
  return {
    id: 1,
    name: '测试发布',
    platform: 'wechat',
    state: 'opened',
    unitId: 10,
    unitName: '甲镇',
    unitStatus: 'active',
    unitAbolishedAt: null,
    successorUnitId: null,
    appliedAt: d('2023-01-01T00:00:00Z'),
    approvedAt: d('2023-02-01T00:00:00Z'),
    openedAt: d('2023-02-02T00:00:00Z'),
    deregisteredAt: null,
    operatorName: '张三',
    operatorPhone: '0917-1234567',
    justification: null,
    earliestPost: null,
    latestPost: null,
    postsAfterDeregistration: null,
    ...fields,
  };
}

describe('opened_before_approval', () => {
  it('flags an earliest post before approvedAt, with the post as evidence', () => {
    const [f] = detectOpenedBeforeApproval([account({ earliestPost: post(7, '2023-01-31T23:59:59.999Z') })]);
    expect(f).toMatchObject({ kind: 'opened_before_approval', subjectType: 'account', subjectId: '1', accountId: 1, unitId: 10 });
    expect(f.evidence).toMatchObject({ reasons: ['post_before_approval'], approvedAt: '2023-02-01T00:00:00.000Z', earliestPost: { id: 7, url: 'https://example.gov.cn/p/7' } });
  });

  it('does not flag a post exactly at the approval time, or after it', () => {
    expect(detectOpenedBeforeApproval([account({ earliestPost: post(7, '2023-02-01T00:00:00Z') })])).toEqual([]);
    expect(detectOpenedBeforeApproval([account({ earliestPost: post(7, '2023-03-01T00:00:00Z') })])).toEqual([]);
  });

  it('flags a stated opening date before approval, and posts while still applied', () => {
    expect(detectOpenedBeforeApproval([account({ openedAt: d('2023-01-15T00:00:00Z') })])[0].evidence.reasons).toEqual(['opened_before_approval_date']);
    const applied = detectOpenedBeforeApproval([account({ state: 'applied', approvedAt: null, openedAt: null, earliestPost: post(3, '2023-05-01T00:00:00Z') })]);
    expect(applied[0].evidence.reasons).toEqual(['posts_without_approval']);
    expect(detectOpenedBeforeApproval([account({ state: 'applied', approvedAt: null, openedAt: null })])).toEqual([]);
  });

  it('cannot judge an account with no approval date (a ledger import)', () => {
    expect(detectOpenedBeforeApproval([account({ approvedAt: null, earliestPost: post(1, '2020-01-01T00:00:00Z') })])).toEqual([]);
  });
});

describe('active_after_deregistration', () => {
  const dereg = { state: 'deregistered' as const, deregisteredAt: d('2023-06-30T16:00:00Z') };
  it('flags posts dated after deregisteredAt', () => {
    const late = post(9, '2023-07-02T00:00:00Z');
    const [f] = detectActiveAfterDeregistration([account({ ...dereg, latestPost: late, postsAfterDeregistration: { count: 2, sample: [late, post(8, '2023-07-01T00:00:00Z')] } })]);
    expect(f).toMatchObject({ kind: 'active_after_deregistration', subjectId: '1' });
    expect(f.evidence).toMatchObject({ deregisteredAt: '2023-06-30T16:00:00.000Z', postsAfter: 2, latestPost: { id: 9 } });
    expect((f.evidence.posts as unknown[]).length).toBe(2);
  });

  it('does not flag a post before (or at) deregistration, nor an account not deregistered', () => {
    expect(detectActiveAfterDeregistration([account({ ...dereg, latestPost: post(9, '2023-06-30T15:59:59Z') })])).toEqual([]);
    expect(detectActiveAfterDeregistration([account({ ...dereg, latestPost: post(9, '2023-06-30T16:00:00Z') })])).toEqual([]);
    expect(detectActiveAfterDeregistration([account({ state: 'deregistration_requested', latestPost: post(9, '2024-01-01T00:00:00Z') })])).toEqual([]);
  });

  it('changes its fingerprint when a newer post appears', () => {
    const one = detectActiveAfterDeregistration([account({ ...dereg, latestPost: post(9, '2023-07-02T00:00:00Z') })])[0];
    const two = detectActiveAfterDeregistration([account({ ...dereg, latestPost: post(12, '2023-08-02T00:00:00Z') })])[0];
    expect(one.evidenceKey).not.toBe(two.evidenceKey);
  });
});

describe('orphaned_supervision', () => {
  it('flags a live account of an abolished unit', () => {
    const [f] = detectOrphanedSupervision([account({ unitStatus: 'abolished', unitAbolishedAt: d('2023-05-01T00:00:00Z'), successorUnitId: 11 })]);
    expect(f.evidence).toMatchObject({ reasons: ['unit_abolished'], unit: { status: 'abolished', successorUnitId: 11 } });
  });

  it('does not flag a deregistered or rejected account of an abolished unit, or a moved one', () => {
    expect(detectOrphanedSupervision([account({ unitStatus: 'abolished', state: 'deregistered' })])).toEqual([]);
    expect(detectOrphanedSupervision([account({ unitStatus: 'abolished', state: 'rejected' })])).toEqual([]);
    expect(detectOrphanedSupervision([account({ unitStatus: 'active' })])).toEqual([]);
  });

  it('flags a running account without operator contact, not an application under review', () => {
    const [f] = detectOrphanedSupervision([account({ operatorPhone: '  ' })]);
    expect(f.evidence).toMatchObject({ reasons: ['no_operator_contact'], missingContact: ['operatorPhone'] });
    expect(detectOrphanedSupervision([account({ state: 'applied', operatorName: null, operatorPhone: null })])).toEqual([]);
  });
});

describe('multiple_accounts_on_platform', () => {
  const pa = (id: number, state: AccountFacts['state'], fields: Record<string, unknown> = {}) => ({
    id,
    name: `号${id}`,
    platform: 'weibo',
    state,
    unitId: 10,
    unitName: '甲镇',
    justification: null,
    appliedAt: null,
    ...fields,
  });
  it('flags two live accounts of a unit on one platform, with the justification', () => {
    const [f] = detectMultipleAccounts([pa(1, 'opened'), pa(2, 'applied', { justification: '应急发布专用' })]);
    expect(f).toMatchObject({ kind: 'multiple_accounts_on_platform', subjectType: 'unit_platform', subjectId: '10:weibo', accountId: 2, unitId: 10 });
    expect(f.evidence).toMatchObject({ justification: '应急发布专用', accounts: [{ id: 1 }, { id: 2, justification: '应急发布专用' }] });
  });

  it('does not count a rejected or deregistered account, another platform or another unit', () => {
    expect(detectMultipleAccounts([pa(1, 'opened'), pa(2, 'rejected')])).toEqual([]);
    expect(detectMultipleAccounts([pa(1, 'opened'), pa(2, 'deregistered')])).toEqual([]);
    expect(detectMultipleAccounts([pa(1, 'opened'), pa(2, 'opened', { platform: 'wechat' })])).toEqual([]);
    expect(detectMultipleAccounts([pa(1, 'opened'), pa(2, 'opened', { unitId: 11 })])).toEqual([]);
  });
});

describe('inactive', () => {
  const options = { now: d('2023-09-30T02:00:00Z'), inactiveDays: 14, timeZone: 'Asia/Shanghai' }; // 2023-09-30 10:00 in Shanghai
  it('flags a latest post older than INACTIVE_DAYS calendar days in APP_TIMEZONE', () => {
    // 2023-09-15 23:59 Shanghai = 15 days before 09-30.
    const [f] = detectInactive([account({ latestPost: post(5, '2023-09-15T15:59:00Z') })], options);
    expect(f).toMatchObject({ kind: 'inactive', evidence: { daysWithoutUpdate: 15, latestPost: { id: 5 } } });
  });

  it('does not flag a post on the last day within the window (zone-aware)', () => {
    // 2023-09-16 00:00 Shanghai (still 09-15 in UTC) = 14 days before.
    expect(detectInactive([account({ latestPost: post(5, '2023-09-15T16:00:00Z') })], options)).toEqual([]);
  });

  it('uses the opening date when there is no post, and ignores accounts not opened', () => {
    expect(detectInactive([account({ openedAt: d('2023-09-20T00:00:00Z') })], options)).toEqual([]);
    expect(detectInactive([account({ openedAt: d('2023-01-20T00:00:00Z') })], options)[0].evidence.latestPost).toBeNull();
    expect(detectInactive([account({ state: 'deregistered', latestPost: post(1, '2020-01-01T00:00:00Z') })], options)).toEqual([]);
    expect(detectInactive([account({ state: 'deregistration_requested', latestPost: post(1, '2020-01-01T00:00:00Z') })], options)).toHaveLength(1);
  });
});

describe('error_word', () => {
  const library = compileLibrary([
    { id: 1, wrong: '中华人民共合国', correct: '中华人民共和国', category: 'country_name', allows: [] },
    { id: 2, wrong: '截止目前', correct: '截至目前', category: 'common', allows: [] },
  ]);
  const scanned = (id: number, title: string) => ({
    id,
    accountId: 3,
    accountName: '测试',
    unitId: 10,
    title,
    url: `https://x.example/${id}`,
    publishedAt: d('2023-09-01T00:00:00Z'),
  });
  it('names the word, its correct form and the post', () => {
    const found = detectErrorWords([scanned(1, '庆祝中华人民 共合国成立74周年,截止目前'), scanned(2, '中华人民共和国')], library);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'error_word', subjectType: 'post', subjectId: '1', accountId: 3 });
    expect(found[0].evidence).toMatchObject({
      post: { id: 1, url: 'https://x.example/1' },
      words: [
        { wrong: '中华人民共合国', correct: '中华人民共和国' },
        { wrong: '截止目前', correct: '截至目前' },
      ],
    });
  });
});
