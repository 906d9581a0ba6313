import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { platformRegistry } from '../platforms/platform-registry';
import { resolveSettings } from '../sources/source-settings';
import { PutSourceDto } from '../sources/sources.dto';
import { BUILT_IN_SOURCE_KINDS } from './builtin';
import type { PostSource } from './post-source';
import type { SourceKindDefinition } from './source-kind';
import { SourceKindRegistry, sourceKindRegistry } from './source-kind-registry';

const CONTRACT = [
  ['feed', '订阅源'],
  ['wechat_api', '微信公众号接口'],
  ['weibo_api', '微博接口'],
  ['manual', '手工导入'],
];

/** A kind as a later one would be written: one file under builtin/, one line in builtin/index.ts. */
const douyinApi: SourceKindDefinition = {
  kind: 'test_douyin_api',
  label: '测试抖音接口',
  fields: ['baseUrl', 'uid', 'accessToken'],
  required: { uid: '测试抖音接口需要填写 uid', accessToken: '测试抖音接口需要填写 accessToken' },
  platforms: ['douyin'],
  createSource: (): PostSource => ({ poll: async (context) => ({ posts: [], cursor: context.cursor }) }),
};

describe('source-kind registry', () => {
  it('holds the built-ins with their labels; manual imports are never polled', () => {
    expect(sourceKindRegistry.list().map((k) => [k.kind, k.label])).toEqual(CONTRACT);
    expect(sourceKindRegistry.polledKinds()).toEqual(['feed', 'wechat_api', 'weibo_api']);
    expect(sourceKindRegistry.isPolled('manual')).toBe(false);
    expect(sourceKindRegistry.isPolled('retired_kind')).toBe(false);
    expect(sourceKindRegistry.get('wechat_api')!.createSource!()).toEqual(expect.objectContaining({ poll: expect.any(Function) }));
  });

  it('names the kinds that serve each platform: feeds and manual imports every one, the APIs their own', () => {
    for (const platform of platformRegistry.listEntries()) {
      for (const kind of platform.sourceKinds) expect(sourceKindRegistry.has(kind)).toBe(true);
      expect(platform.sourceKinds).toEqual(expect.arrayContaining(['feed', 'manual']));
    }
    expect(sourceKindRegistry.forPlatform('wechat')).toEqual(['feed', 'wechat_api', 'manual']);
    expect(sourceKindRegistry.forPlatform('weibo')).toEqual(['feed', 'weibo_api', 'manual']);
    expect(sourceKindRegistry.forPlatform('some_custom_platform')).toEqual(['feed', 'manual']);
  });

  it('takes one more kind in a fresh registry (the application’s is untouched) and refuses bad or taken codes', () => {
    const registry = new SourceKindRegistry([...BUILT_IN_SOURCE_KINDS, douyinApi]);
    expect(registry.polledKinds()).toEqual(['feed', 'wechat_api', 'weibo_api', 'test_douyin_api']);
    expect(registry.forPlatform('douyin')).toEqual(['feed', 'manual', 'test_douyin_api']);
    expect(sourceKindRegistry.has('test_douyin_api')).toBe(false);
    expect(() => registry.add({ ...douyinApi, kind: 'feed' })).toThrow(/twice/);
    expect(() => new SourceKindRegistry().add({ ...douyinApi, kind: 'a_kind_longer_than_16' })).toThrow(/does not match/);
  });

  it('settles a registered kind’s settings from its definition: its fields, its required ones, others refused', () => {
    const encrypt = (secret: string) => `enc:${secret}`;
    expect(resolveSettings(douyinApi, { kind: douyinApi.kind, uid: '42', accessToken: 't' }, null, encrypt)).toMatchObject({
      next: { kind: 'test_douyin_api', url: null, baseUrl: null, appId: null, uid: '42' },
      stored: { appSecretEnc: null, accessTokenEnc: 'enc:t' },
      errors: [],
    });
    expect(resolveSettings(douyinApi, { kind: douyinApi.kind, url: 'https://example.com/feed' }, null, encrypt).errors).toEqual([
      { field: 'uid', message: '测试抖音接口需要填写 uid' },
      { field: 'accessToken', message: '测试抖音接口需要填写 accessToken' },
      { field: 'url', message: '类型 test_douyin_api 不使用字段 url，请删除它' },
    ]);
  });

  it('makes a registered kind valid in PUT /api/accounts/{id}/source (same 400 as before for others)', () => {
    const check = (kind: string) => validateSync(plainToInstance(PutSourceDto, { kind }));
    expect(check('manual')).toEqual([]);
    expect(check('test_douyin_api')[0].constraints).toEqual({ isIn: `kind must be one of the following values: ${CONTRACT.map(([kind]) => kind).join(', ')}` });
    sourceKindRegistry.add(douyinApi);
    expect(check('test_douyin_api')).toEqual([]);
    expect(sourceKindRegistry.polledKinds()).toContain('test_douyin_api');
    expect(platformRegistry.listEntries().find((p) => p.code === 'douyin')!.sourceKinds).toEqual(['feed', 'manual', 'test_douyin_api']);
  });
});
