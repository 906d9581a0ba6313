import { fullWidth, halfWidthMarks } from './chinese-text';

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

describe('halfWidthMarks', () => {
  it('flags half-width marks next to Chinese and leaves code-like text alone', () => {
    expect(halfWidthMarks('检查(第 ${…} 轮)')).toHaveLength(2);
    expect(halfWidthMarks('原因: 链接失效, 请整改')).toHaveLength(2);
    expect(halfWidthMarks('扣分！')).toEqual([]);
    expect(halfWidthMarks('YYYY-MM-DD HH:mm 之前')).toEqual([]);
    expect(halfWidthMarks('${…}(扣 ${…} 分)')).toHaveLength(2);
    expect(halfWidthMarks('账号 ${…}(${…})')).toEqual([]);
    expect(halfWidthMarks('the ledger (台账), all rows')).toEqual([]);
    expect(halfWidthMarks('不是有效的 JSON,请检查')).toHaveLength(1);
    expect(halfWidthMarks('只能是 serious（严重）或 general(一般)')).toHaveLength(2);
    expect(halfWidthMarks('“${…}”（编号 ${…},${…}）')).toHaveLength(1);
    expect(halfWidthMarks('截止 ${…} 08:00，共 ${…}/${…}')).toEqual([]);
  });

  it('finds nothing in what fullWidth wrote', () => {
    expect(halfWidthMarks(fullWidth('各镇人民政府,区政府各工作部门:问题3条(涉及陈村镇)'))).toEqual([]);
  });
});
