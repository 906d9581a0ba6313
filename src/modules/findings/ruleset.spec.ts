import { rulesetFingerprint, RulesetInput } from './ruleset';

const base: RulesetInput = {
  detectorKinds: ['error_word', 'privacy_leak', 'leader_title_error'],
  words: [
    { id: 1, wrong: '中华人民共合国', correct: '中华人民共和国', category: 'political', severity: 'serious', allows: [] },
    { id: 2, wrong: '政府信息公开条例', correct: '《中华人民共和国政府信息公开条例》', category: 'common', allows: ['中华人民共和国政府信息公开条例', '某某政府信息公开条例'] },
  ],
  leaders: [
    { name: '张三', title: '区委书记', validFrom: '2021-06-01', validTo: null },
    { name: '李四', title: '区长', validFrom: null, validTo: null },
  ],
  timeZone: 'Asia/Shanghai',
};

describe('rulesetFingerprint', () => {
  it('is 16 hex characters and stable under reordering of words, allows, leaders and detectors', () => {
    const fp = rulesetFingerprint(base);
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    const shuffled: RulesetInput = {
      detectorKinds: [...base.detectorKinds].reverse(),
      words: [...base.words].reverse().map((w) => ({ ...w, allows: [...w.allows].reverse() })),
      leaders: [...base.leaders].reverse(),
      timeZone: base.timeZone,
    };
    expect(rulesetFingerprint(shuffled)).toBe(fp);
  });

  it('changes with any rule a finding depends on', () => {
    const fp = rulesetFingerprint(base);
    const variants: RulesetInput[] = [
      { ...base, words: base.words.slice(1) },
      { ...base, words: [{ ...base.words[0], correct: '中华人民共和国!' }, base.words[1]] },
      { ...base, words: [{ ...base.words[0], severity: 'general' }, base.words[1]] },
      { ...base, words: [base.words[0], { ...base.words[1], allows: base.words[1].allows.slice(1) }] },
      { ...base, leaders: [{ ...base.leaders[0], validTo: '2024-01-01' }, base.leaders[1]] },
      { ...base, leaders: base.leaders.slice(0, 1) },
      { ...base, detectorKinds: base.detectorKinds.slice(0, 2) },
      { ...base, timeZone: 'UTC' },
    ];
    const prints = variants.map(rulesetFingerprint);
    for (const p of prints) expect(p).not.toBe(fp);
    expect(new Set(prints).size).toBe(prints.length);
  });
});
