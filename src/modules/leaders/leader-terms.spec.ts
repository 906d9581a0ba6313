import { cleanTerm, holdsOn, termProblems, titleForms } from './leader-terms';

const term = (name: string, title: string, validFrom: string | null = null, validTo: string | null = null) => ({ name, title, validFrom, validTo });

describe('leader terms', () => {
  it('derives the short form a title is called by', () => {
    expect(titleForms('区委书记')).toEqual(['区委书记', '书记']);
    expect(titleForms('区委副书记')).toEqual(['区委副书记', '副书记']);
    expect(titleForms('区长')).toEqual(['区长']);
    expect(titleForms('区人大常委会主任')).toEqual(['区人大常委会主任', '主任']);
  });

  it('holds on days within the inclusive term', () => {
    const t = term('张三', '区长', '2021-01-01', '2021-12-31');
    expect(holdsOn(t, '2021-01-01')).toBe(true);
    expect(holdsOn(t, '2021-12-31')).toBe(true);
    expect(holdsOn(t, '2022-01-01')).toBe(false);
    expect(holdsOn(term('张三', '区长'), '1999-01-01')).toBe(true);
  });

  it('refuses blank names, bad dates, validTo before validFrom and overlapping different titles of one person', () => {
    expect(termProblems([term('', '区长')])[0].message).toContain('姓名不能为空');
    expect(termProblems([term('张三', '')])[0].message).toContain('职务不能为空');
    expect(termProblems([term('张三', '区长', '2021-02-30')])[0].message).toContain('YYYY-MM-DD');
    expect(termProblems([term('张三', '区长', '2021-05-01', '2021-04-01')])[0].message).toContain('早于');
    expect(termProblems([term('张三', '区长', '2020-01-01', '2021-06-01'), term('张三', '区委书记', '2021-06-01')])[0].message).toContain('重叠');
    expect(termProblems([term('张三', '区长', '2020-01-01', '2021-05-31'), term('张三', '区委书记', '2021-06-01'), term('李四', '区长', '2021-06-01')])).toEqual([]);
  });

  it('cleans input: spaces out, empty dates null', () => {
    expect(cleanTerm({ name: ' 张 三 ', title: '区长 ', validFrom: '', validTo: undefined })).toEqual(term('张三', '区长'));
    expect(cleanTerm({ name: 5, title: null })).toEqual(term('', ''));
  });
});
