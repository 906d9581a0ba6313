import { CandidatePost, matchAccount, prepareTask, statusAt, worstStatus } from './match';

const task = prepareTask({
  title: '国务院办公厅关于印发《新污染物治理行动方案》的通知',
  sourceUrl: 'https://www.gov.cn/zhengce/content/2022-05/24/content_5692059.htm',
  issuedAt: new Date('2023-09-01T01:00:00Z'),
  dueAt: new Date('2023-09-02T10:00:00Z'),
});
let seq = 0;
const post = (fields: Partial<CandidatePost>): CandidatePost => ({
  id: ++seq,
  title: '无关',
  url: null,
  sourceUrl: null,
  publishedAt: new Date('2023-09-01T12:00:00Z'),
  isRepost: true,
  ...fields,
});

describe('repost matching', () => {
  it('window boundaries: at issuedAt and exactly at dueAt = done, a millisecond later = late, before issuedAt = nothing', () => {
    expect(statusAt(new Date('2023-09-01T01:00:00Z'), task)).toBe('done');
    expect(statusAt(new Date('2023-09-02T10:00:00Z'), task)).toBe('done');
    expect(statusAt(new Date('2023-09-02T10:00:00.001Z'), task)).toBe('late');
    expect(statusAt(new Date('2023-09-01T00:59:59.999Z'), task)).toBeNull();
    expect(matchAccount(task, [post({ url: task.sourceUrl, publishedAt: new Date('2023-09-02T10:00:00Z') })]).status).toBe('done');
    expect(matchAccount(task, [post({ url: task.sourceUrl, publishedAt: new Date('2023-09-01T00:59:00Z') })])).toEqual({ status: 'missing', evidence: null });
  });

  it('matches in order url, source, title and keeps the deciding evidence', () => {
    const byUrl = post({ url: 'http://gov.cn/zhengce/content/2022-05/24/content_5692059.htm?utm_source=wx#p1' });
    const bySource = post({ sourceUrl: task.sourceUrl, url: 'https://weibo.com/1/AbCdEf123' });
    const byTitle = post({ title: '【转载】国务院办公厅关于印发新污染物治理行动方案的通知', url: 'https://weibo.com/1/XyZ987654' });
    expect(matchAccount(task, [byTitle, bySource, byUrl]).evidence).toMatchObject({ matchedBy: 'url', postId: byUrl.id });
    expect(matchAccount(task, [byTitle, bySource]).evidence).toMatchObject({ matchedBy: 'source', postId: bySource.id, url: bySource.url });
    expect(matchAccount(task, [byTitle]).evidence).toMatchObject({ matchedBy: 'title', similarity: 1 });
    expect(matchAccount(task, [post({ title: '国务院办公厅关于印发《空气质量持续改善行动计划》的通知' })]).status).toBe('missing');
  });

  it('prefers on-time evidence over late, reposts over original posts, and counts original posts', () => {
    const late = post({ url: task.sourceUrl, publishedAt: new Date('2023-09-03T00:00:00Z') });
    const onTimeTitle = post({ title: task.title, publishedAt: new Date('2023-09-02T00:00:00Z') });
    expect(matchAccount(task, [late, onTimeTitle])).toMatchObject({ status: 'done', evidence: { matchedBy: 'title' } });
    const original = post({ url: task.sourceUrl, isRepost: false, publishedAt: new Date('2023-09-01T02:00:00Z') });
    const repost = post({ url: task.sourceUrl, isRepost: true, publishedAt: new Date('2023-09-01T03:00:00Z') });
    expect(matchAccount(task, [original, repost]).evidence?.postId).toBe(repost.id);
    expect(matchAccount(task, [original]).status).toBe('done');
  });

  it('manual confirmations count like a post at their time, after automatic evidence of the same status', () => {
    const manual = { id: 7, evidenceUrl: 'https://www.douyin.com/video/1', postedAt: new Date('2023-09-01T05:00:00Z') };
    expect(matchAccount(task, [], [manual])).toEqual({ status: 'done', evidence: { confirmationId: 7, url: manual.evidenceUrl, postedAt: manual.postedAt, matchedBy: 'manual' } });
    expect(matchAccount(task, [post({ url: task.sourceUrl, publishedAt: new Date('2023-09-05T00:00:00Z') })], [manual]).evidence?.matchedBy).toBe('manual');
    expect(matchAccount(task, [post({ title: task.title })], [manual]).evidence?.matchedBy).toBe('title');
    expect(matchAccount(task, [], [{ ...manual, postedAt: new Date('2023-09-04T00:00:00Z') }]).status).toBe('late');
  });

  it("a unit's status is its worst account's", () => {
    expect(worstStatus(['done', 'late'])).toBe('late');
    expect(worstStatus(['done', 'missing', 'late'])).toBe('missing');
    expect(worstStatus(['done'])).toBe('done');
  });
});
