import { DEFAULT_TITLE_THRESHOLD, normaliseTitle, titleSimilarity, titlesMatch } from './title-similarity';

describe('normaliseTitle', () => {
  it('folds full width, strips punctuation, spaces and repost prefixes', () => {
    expect(normaliseTitle('【转载】国务院办公厅关于印发《新污染物治理行动方案》的通知')).toBe('国务院办公厅关于印发新污染物治理行动方案的通知');
    expect(normaliseTitle('转发：国务院关于 2023 年度国家科学技术奖励的决定')).toBe('国务院关于2023年度国家科学技术奖励的决定');
    expect(normaliseTitle('转自中国政府网：国务院关于2023年度国家科学技术奖励的决定')).toBe('国务院关于2023年度国家科学技术奖励的决定');
    expect(normaliseTitle('ＡＢＣ　２０２３')).toBe('abc2023');
    expect(normaliseTitle('国务院关于2023年度国家科学技术奖励的决定_滚动新闻_中国政府网')).toBe('国务院关于2023年度国家科学技术奖励的决定');
    expect(normaliseTitle('')).toBe('');
  });
});

describe('titleSimilarity: true matches', () => {
  const task = '国务院办公厅关于印发《新污染物治理行动方案》的通知';
  const matches: [string, string][] = [
    [task, '【转载】国务院办公厅关于印发《新污染物治理行动方案》的通知'],
    [task, '转发：国务院办公厅关于印发〈新污染物治理行动方案〉的通知'],
    [task, '转发:国务院办公厅关于印发“新污染物治理行动方案”的通知'],
    [task, '转自中国政府网丨国务院办公厅关于印发新污染物治理行动方案的通知'],
    [task, '【转发】 国务院办公厅 关于印发 《新污染物治理行动方案》 的通知!'],
    [task, '[转载]国务院办公厅关于印发新污染物治理行动方案的通知'],
    [task, '国务院办公厅关于印发《新污染物治理行动方案》的通知_国务院文件_中国政府网'],
    ['国务院关于2023年度国家科学技术奖励的决定', '转发｜国务院关于２０２３年度国家科学技术奖励的决定'],
    ['国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见', '【转载】国务院办公厅关于进一步优化营商环境 降低市场主体制度性交易成本的意见'],
    ['国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见', '国务院办公厅：关于进一步优化营商环境降低市场主体制度性交易成本的意见'],
  ];
  it.each(matches)('%s ~ %s', (a, b) => {
    expect(titleSimilarity(a, b)).toBeGreaterThanOrEqual(DEFAULT_TITLE_THRESHOLD);
    expect(titlesMatch(a, b)).toBe(true);
  });
});

describe('titleSimilarity: near misses that must not match', () => {
  const misses: [string, string][] = [
    ['国务院关于2023年度国家科学技术奖励的决定', '国务院关于2022年度国家科学技术奖励的决定'],
    ['国务院关于修改和废止部分行政法规的决定', '国务院关于废止和修改部分行政法规的决定'],
    ['国务院办公厅关于印发《新污染物治理行动方案》的通知', '国务院办公厅关于印发《空气质量持续改善行动计划》的通知'],
    ['国务院关于印发《2024—2025年节能降碳行动方案》的通知', '国务院关于印发《2024—2025年节能减排行动方案》的通知'],
    ['国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见', '国务院办公厅关于进一步优化营商环境更好服务市场主体的实施意见'],
    ['国务院关于第十批全国重点文物保护单位的公告', '国务院关于第九批全国重点文物保护单位的公告'],
    ['国务院办公厅关于印发国务院2023年度立法工作计划的通知', '国务院办公厅关于印发国务院2023年度重点工作分工方案的通知'],
    ['国务院关于取消和调整一批行政许可事项的决定', '国务院关于取消和下放一批行政审批项目的决定'],
    ['通知', '【转载】通告'],
    ['关于开展', '关于开展检查'],
  ];
  it.each(misses)('%s ≁ %s', (a, b) => {
    expect(titleSimilarity(a, b)).toBeLessThan(DEFAULT_TITLE_THRESHOLD);
    expect(titlesMatch(a, b)).toBe(false);
  });
});
