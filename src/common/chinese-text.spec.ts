import { fullWidth } from './chinese-text';

describe('fullWidth', () => {
  it('writes Chinese punctuation in Chinese text', () => {
    expect(fullWidth('各镇人民政府,区政府各工作部门:')).toBe('各镇人民政府，区政府各工作部门：');
    expect(fullWidth('没有完成转发任务;逾期转发2项')).toBe('没有完成转发任务；逾期转发2项');
    expect(fullWidth('账号数(个)')).toBe('账号数（个）');
    expect(fullWidth('问题3条(涉及陈村镇)')).toBe('问题3条（涉及陈村镇）');
  });

  it('keeps ASCII punctuation in numbers, times and Latin text', () => {
    expect(fullWidth('09:30, 1,234 and (a)')).toBe('09:30, 1,234 and (a)');
    expect(fullWidth('https://a.example/x?y=1')).toBe('https://a.example/x?y=1');
  });
});
