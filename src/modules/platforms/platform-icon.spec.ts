import { BUILT_IN_PLATFORMS } from './builtin';
import { customDefinition } from './custom-platform';
import { colorProblem, defaultIcon, DEFAULT_ICON_COLOR, glyphProblem, iconFace, iconProblems, iconSvg } from './platform-icon';
import { PlatformRegistry } from './platform-registry';

describe('platform icons and hints', () => {
  it('gives every built-in a valid mark of its own, and the form hints', () => {
    for (const p of BUILT_IN_PLATFORMS) {
      expect({ code: p.code, color: colorProblem(p.icon.color), glyph: glyphProblem(p.icon.glyph) }).toEqual({ code: p.code, color: null, glyph: null });
      expect(p.idHint).toEqual(expect.any(String));
    }
    const marks = BUILT_IN_PLATFORMS.map((p) => `${p.icon.color}${p.icon.glyph}`);
    expect(new Set(marks).size).toBe(marks.length);
    const byCode = Object.fromEntries(BUILT_IN_PLATFORMS.map((p) => [p.code, p]));
    expect(byCode.wechat.icon.color).toBe('#07C160');
    expect(byCode.wechat.idHint).toContain('gh_');
    expect(byCode.bilibili.homepageHint).toContain('space.bilibili.com');
  });

  it('accepts #rrggbb colours in either case and refuses anything else, in Chinese', () => {
    expect(colorProblem('#1677ff')).toBeNull();
    expect(colorProblem('#1677FF')).toBeNull();
    for (const bad of ['red', '#fff', '1677FF', '#1677FG', '#1677FF00', 'rgb(0,0,0)', '']) expect(colorProblem(bad)).toMatch(/图标颜色.*无效.*#1677FF/);
  });

  it('accepts one or two visible characters as a glyph', () => {
    for (const good of ['知', '知乎', 'B', 'TV', '𠀋', '𠀋乎']) expect(glyphProblem(good)).toBeNull();
    expect(glyphProblem('')).toMatch(/不能为空/);
    expect(glyphProblem('   ')).toMatch(/不能为空/);
    expect(glyphProblem('知乎网')).toMatch(/过长，最多 2 个字/);
    expect(glyphProblem('知 ')).toMatch(/空白或不可见/);
    expect(glyphProblem('知\u200b')).toMatch(/空白或不可见/);
    expect(glyphProblem('\u0007')).toMatch(/空白或不可见/);
  });

  it('names the field of each problem', () => {
    expect(iconProblems({ color: 'red', glyph: '知乎网' }).map((p) => p.field)).toEqual(['icon.color', 'icon.glyph']);
    expect(iconProblems({ glyph: '知' })).toEqual([]);
  });

  it('writes the glyph white on dark and mid colours, dark on light ones', () => {
    expect(iconFace({ color: '#07c160', glyph: '公' })).toEqual({ color: '#07C160', glyph: '公', textColor: '#FFFFFF' });
    expect(iconFace({ color: '#161823', glyph: '抖' }).textColor).toBe('#FFFFFF');
    expect(iconFace({ color: '#FFE58F', glyph: '知' }).textColor).toBe('#1F1F1F');
    expect(iconFace({ color: '#FFFFFF', glyph: '知' }).textColor).toBe('#1F1F1F');
  });

  it('draws the mark as SVG with attributes only (no inline style), escaping the glyph', () => {
    const svg = iconSvg({ color: '#E6162D', glyph: '<&' });
    expect(svg).toContain('fill="#E6162D"');
    expect(svg).toContain('&#60;&#38;');
    expect(svg).not.toMatch(/style=|<&/);
  });

  it('gives a custom platform the default mark where its admin chose none', () => {
    expect(defaultIcon(' 知乎 ')).toEqual({ color: DEFAULT_ICON_COLOR, glyph: '知' });
    const facts = { code: 'zhihu', name: '知乎', urlPatterns: ['^(www\\.)?zhihu\\.com/'] };
    expect(customDefinition(facts).icon).toEqual({ color: DEFAULT_ICON_COLOR, glyph: '知' });
    expect(customDefinition({ ...facts, icon: { glyph: '乎' } }).icon).toEqual({ color: DEFAULT_ICON_COLOR, glyph: '乎' });
    const full = customDefinition({ ...facts, icon: { color: '#0066FF', glyph: '知乎' }, idHint: '用户名', homepageHint: null });
    const entry = new PlatformRegistry(BUILT_IN_PLATFORMS, [full]).listEntries().find((e) => e.code === 'zhihu');
    expect(entry).toMatchObject({ icon: { color: '#0066FF', glyph: '知乎', textColor: '#FFFFFF' }, idHint: '用户名', homepageHint: null });
  });
});

describe('platform registry reload (a platform added by another process)', () => {
  const zhihu = customDefinition({ code: 'zhihu', name: '知乎', urlPatterns: ['^(www\\.)?zhihu\\.com/'] });

  it('looks for an unknown code again after a reload before refusing it', async () => {
    const registry = new PlatformRegistry(BUILT_IN_PLATFORMS);
    expect(await registry.knows('zhihu')).toBe(false); // no reloader: nothing to ask
    let stored: (typeof zhihu)[] = [];
    let loads = 0;
    registry.setReloader(async () => {
      loads++;
      registry.replaceCustom(stored);
    });
    expect(await registry.knows('zhihu')).toBe(false);
    stored = [zhihu];
    expect(await registry.knows('zhihu')).toBe(true);
    expect(loads).toBe(2);
    expect(await registry.knows('weibo')).toBe(true);
    expect(await registry.knows('Not A Code')).toBe(false);
    expect(loads).toBe(2); // known codes and malformed ones load nothing
  });

  it('lets callers waiting together share one load, which starts after their call', async () => {
    const registry = new PlatformRegistry(BUILT_IN_PLATFORMS);
    const started: number[] = [];
    let release: () => void = () => undefined;
    registry.setReloader(() => {
      started.push(Date.now());
      return new Promise<void>((resolve) => (release = resolve));
    });
    const first = registry.reload();
    const second = registry.reload(); // the first load began before this call: a second one is queued
    const third = registry.reload(); // shares the queued one
    expect(started).toHaveLength(1);
    release();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toHaveLength(2);
    release();
    await Promise.all([second, third]);
    expect(started).toHaveLength(2);
  });
});
