import { linesIn, textWidth } from './office-sheet';

describe('office sheet row heights', () => {
  it('counts a Chinese character as two', () => {
    expect(textWidth('陈村镇')).toBe(6);
    expect(textWidth('ab1')).toBe(3);
  });

  it('counts the lines wrapped text takes', () => {
    expect(linesIn('未完成发布任务;未完成转发任务2项', 12)).toBe(Math.ceil(textWidth('未完成发布任务;未完成转发任务2项') / 11));
    expect(linesIn('一\n二\n三', 10)).toBe(3);
    expect(linesIn('', 10)).toBe(1);
  });
});
