import { compileLibrary } from '../../error-words/matcher';
import type { LeaderTerm } from '../../leaders/leader-terms';
import { detectErrorWords } from './error-word';
import { detectLeaderTitleErrors, findLeaderTitleErrors } from './leader-title';
import { detectPrivacyLeaks } from './privacy-leak';
import type { ScannedPost } from './types';

const post = (id: number, title: string, body: string | null = null, publishedAt = '2023-09-01T02:00:00Z'): ScannedPost => ({
  id,
  accountId: 3,
  accountName: '测试号',
  unitId: 10,
  title,
  body,
  url: `https://x.example/${id}`,
  publishedAt: new Date(publishedAt),
});

describe('error_word in titles and bodies', () => {
  const library = compileLibrary([
    { id: 1, wrong: '中华人民共合国', correct: '中华人民共和国', category: 'country_name', severity: 'serious', allows: [] },
    { id: 2, wrong: '截止目前', correct: '截至目前', category: 'common', allows: [] },
    { id: 3, wrong: '政府信息公开条例', correct: '《中华人民共和国政府信息公开条例》', category: 'statute', allows: ['中华人民共和国政府信息公开条例'] },
  ]);

  it('reports the field, the offset in the stored text, the context and the most serious severity', () => {
    const [finding] = detectErrorWords([post(1, '截止目前进展', '第一段。\n庆祝中华人民共合国成立')], library);
    expect(finding.evidence.severity).toBe('serious');
    expect(finding.evidence.words).toEqual([
      expect.objectContaining({ wrong: '中华人民共合国', severity: 'serious', field: 'body', offset: 7, context: '第一段。\n庆祝中华人民共合国成立' }),
      expect.objectContaining({ wrong: '截止目前', severity: 'general', field: 'title', offset: 0 }),
    ]);
  });

  it('is general when only general words hit, and honours the allow-list in bodies', () => {
    expect(detectErrorWords([post(1, '标题', '截止目前')], library)[0].evidence.severity).toBe('general');
    expect(detectErrorWords([post(2, '标题', '学习中华人民共和国政府信息公开条例')], library)).toEqual([]);
    expect(detectErrorWords([post(3, '标题', '学习中华人民共和国政府信息公开条例,落实政府信息公开条例')], library)).toHaveLength(1);
  });

  it('finds nothing in clean posts or without a library', () => {
    expect(detectErrorWords([post(1, '中华人民共和国', '截至目前')], library)).toEqual([]);
    expect(detectErrorWords([post(1, '截止目前')], compileLibrary([]))).toEqual([]);
  });
});

describe('privacy_leak', () => {
  const ID = '610102199003071238';
  const MOBILE = '13812345678';
  const CARD = '6222021234567890128';

  it('finds unmasked numbers in title and body and stores only masked values', () => {
    const [finding] = detectPrivacyLeaks([post(1, `联系${MOBILE}`, `申请人身份证号${ID},银行卡${CARD}。`)]);
    expect(finding).toMatchObject({ kind: 'privacy_leak', subjectId: '1' });
    expect(finding.evidence.leaks).toEqual([
      { field: 'title', type: 'mobile', label: '手机号', value: '138****5678', offset: 2, context: '联系138****5678' },
      expect.objectContaining({ field: 'body', type: 'resident_id', value: '6101**********1238', offset: 7 }),
      expect.objectContaining({ field: 'body', type: 'bank_card', value: '6222***********0128' }),
    ]);
    const stored = JSON.stringify(finding);
    for (const full of [ID, MOBILE, CARD]) expect(stored).not.toContain(full);
  });

  it('ignores masked numbers, landlines and numbers inside longer runs', () => {
    expect(detectPrivacyLeaks([post(1, '电话 0571-88886666', `身份证 6101**********1238,手机 138****5678,编号 9${MOBILE}9`)])).toEqual([]);
  });
});

describe('leader_title_error', () => {
  const leaders: LeaderTerm[] = [
    { name: '张三', title: '区委书记', validFrom: '2021-06-01', validTo: null },
    { name: '张三', title: '区长', validFrom: '2018-01-01', validTo: '2021-05-31' },
    { name: '李四', title: '区长', validFrom: '2021-06-01', validTo: null },
    { name: '王五', title: '区委副书记', validFrom: null, validTo: null },
  ];
  const day = '2023-09-01';

  it('flags a name right before a title that is not theirs on the day', () => {
    expect(findLeaderTitleErrors('区领导张三区长出席会议', day, leaders)).toMatchObject([{ name: '张三', written: '区长', actual: ['区委书记'], offset: 3 }]);
    expect(findLeaderTitleErrors('李四 区委书记调研', day, leaders)).toMatchObject([{ name: '李四', written: '区委书记' }]);
    expect(findLeaderTitleErrors('王五书记讲话', day, leaders)).toMatchObject([{ name: '王五', written: '书记', actual: ['区委副书记'] }]);
  });

  it('accepts their own title and its short form, other people with the same surname, and unknown words after a name', () => {
    expect(findLeaderTitleErrors('张三区委书记、张三书记、李四区长、王五副书记', day, leaders)).toEqual([]);
    expect(findLeaderTitleErrors('张四区长、张三丰区长', day, leaders)).toEqual([]);
    expect(findLeaderTitleErrors('张三同志、张三出席', day, leaders)).toEqual([]);
  });

  it('judges by the title held at the post date', () => {
    expect(findLeaderTitleErrors('张三区长调研', '2020-03-01', leaders)).toEqual([]);
    expect(findLeaderTitleErrors('张三区委书记调研', '2020-03-01', leaders)).toHaveLength(1);
    expect(findLeaderTitleErrors('张三区长调研', '2021-06-01', leaders)).toHaveLength(1);
    // Nobody by that name held office then: nothing to compare with.
    expect(findLeaderTitleErrors('李四区委书记', '2019-01-01', leaders)).toEqual([]);
  });

  it('uses the post date in the time zone, and one finding per post with both fields', () => {
    // 2021-05-31T17:00Z is 2021-06-01 01:00 in Shanghai: 张三 is already 区委书记.
    const found = detectLeaderTitleErrors([post(1, '张三区长主持会议', '会上李四区委书记指出', '2021-05-31T17:00:00Z')], leaders, 'Asia/Shanghai');
    expect(found).toHaveLength(1);
    expect(found[0].evidence).toMatchObject({ severity: 'serious', day: '2021-06-01' });
    expect((found[0].evidence.mentions as unknown[]).length).toBe(2);
    expect(detectLeaderTitleErrors([post(2, '张三区长主持会议', null, '2021-05-31T15:00:00Z')], leaders, 'Asia/Shanghai')).toEqual([]);
  });
});
