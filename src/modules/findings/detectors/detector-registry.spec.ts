import { EMPTY_LIBRARY } from '../../error-words/matcher';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ListFindingsQuery } from '../findings.dto';
import { DetectorRegistry, detectorRegistry } from './detector-registry';
import { BUILT_IN_DETECTORS } from '.';
import { defineDetector, DetectorContext, ScannedPost } from './types';

const CONTRACT = [
  ['opened_before_approval', '先开设后申请', 'accounts'],
  ['active_after_deregistration', '已注销仍运行', 'accounts'],
  ['orphaned_supervision', '监管和实体脱离', 'accounts'],
  ['multiple_accounts_on_platform', '一平台开设多个账号', 'crowdedPlatforms'],
  ['inactive', '内容不更新', 'accounts'],
  ['error_word', '错敏词', 'posts'],
  ['privacy_leak', '隐私泄露', 'posts'],
  ['leader_title_error', '领导职务错误', 'posts'],
];

/** A detector as a later one would be written: one file, one line in index.ts. */
const shouting = defineDetector({
  kind: 'shouting_title',
  label: '标题全是感叹号',
  severity: 'general',
  input: 'posts',
  evaluate: (posts: ScannedPost[]) =>
    posts
      .filter((p) => /^！+$/.test(p.title))
      .map((p) => ({
        kind: 'shouting_title',
        subjectType: 'post' as const,
        subjectId: String(p.id),
        accountId: p.accountId,
        unitId: p.unitId,
        message: `发布 ${p.id} 的标题全是感叹号`,
        evidence: { title: p.title },
        evidenceKey: p.title,
      })),
});

const context: DetectorContext = { now: new Date('2024-01-01T00:00:00Z'), timeZone: 'Asia/Shanghai', inactiveDays: 14, errorWords: EMPTY_LIBRARY };
const post = (id: number, title: string): ScannedPost => ({
  id,
  accountId: 1,
  accountName: '某镇发布',
  unitId: 2,
  title,
  url: null,
  publishedAt: new Date('2023-12-01T00:00:00Z'),
});

describe('detector registry', () => {
  it('holds the built-ins of the contract with their labels, severities and inputs', () => {
    expect(detectorRegistry.list().map((d) => [d.kind, d.label, d.input])).toEqual(CONTRACT);
    expect(detectorRegistry.kinds()).toEqual(CONTRACT.map(([kind]) => kind));
    expect(detectorRegistry.list().every((d) => d.severity === 'serious' || d.severity === 'general')).toBe(true);
    expect(detectorRegistry.labelOf('inactive')).toBe('内容不更新');
    expect(detectorRegistry.labelOf('retired_kind')).toBe('retired_kind');
  });

  it('groups detectors by what they read', () => {
    expect(detectorRegistry.reading('accounts').map((d) => d.kind)).toEqual(['opened_before_approval', 'active_after_deregistration', 'orphaned_supervision', 'inactive']);
    expect(detectorRegistry.reading('crowdedPlatforms').map((d) => d.kind)).toEqual(['multiple_accounts_on_platform']);
    expect(detectorRegistry.reading('posts').map((d) => d.kind)).toEqual(['error_word', 'privacy_leak', 'leader_title_error']);
  });

  it('takes one more detector, which scans then run beside the built-ins (a fresh registry: the application’s is untouched)', () => {
    const registry = new DetectorRegistry([...BUILT_IN_DETECTORS, shouting]);
    expect(registry.reading('posts').map((d) => d.kind)).toEqual(['error_word', 'privacy_leak', 'leader_title_error', 'shouting_title']);
    const found = registry.reading('posts').flatMap((d) => d.evaluate([post(1, '！！！'), post(2, '通知')], context));
    expect(found).toEqual([expect.objectContaining({ kind: 'shouting_title', subjectId: '1', evidence: { title: '！！！' } })]);
    expect(detectorRegistry.has('shouting_title')).toBe(false);
  });

  it('refuses a kind findings.kind cannot hold, a kind registered twice and a blank label', () => {
    const fresh = () => new DetectorRegistry();
    expect(() => fresh().add({ ...shouting, kind: 'Shouting' })).toThrow(/does not match/);
    expect(() => fresh().add({ ...shouting, kind: `k${'x'.repeat(40)}` })).toThrow(/does not match/);
    expect(() => fresh().add({ ...shouting, kind: 'inactive' })).toThrow(/twice/);
    expect(() => fresh().add({ ...shouting, label: ' ' })).toThrow(/no label/);
  });

  it('validates the kind filter against the registry at request time (same 400 as before)', () => {
    const check = (kind: string) => validateSync(plainToInstance(ListFindingsQuery, { kind }));
    expect(check('error_word')).toEqual([]);
    const [error] = check('shouting_title');
    expect(error.constraints).toEqual({ isIn: `kind must be one of the following values: ${CONTRACT.map(([kind]) => kind).join(', ')}` });
    // Registered in the application's registry (jest isolates modules per file): valid at once.
    detectorRegistry.add(shouting);
    expect(check('shouting_title')).toEqual([]);
  });
});
