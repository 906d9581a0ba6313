/**
 * Leaders' names and titles (领导姓名职务) over time, and their validation. Pure, no framework.
 * A term is one person holding one title from `validFrom` to `validTo` (calendar dates in
 * APP_TIMEZONE, both inclusive; absent = open-ended).
 */

export interface LeaderTerm {
  name: string;
  title: string;
  /** YYYY-MM-DD or null. */
  validFrom: string | null;
  validTo: string | null;
}

export const MAX_LEADERS = 500;
export const MAX_NAME = 20;
export const MAX_TITLE = 40;

/** Ranks a title is called by in short (区委书记 → 书记, 常务副区长 → 副区长), longest first so 副书记 wins over 书记. */
const RANKS = [
  '常务副区长',
  '常务副县长',
  '常务副市长',
  '副书记',
  '书记',
  '副区长',
  '区长',
  '副县长',
  '县长',
  '副市长',
  '市长',
  '副镇长',
  '镇长',
  '副乡长',
  '乡长',
  '副主任',
  '主任',
  '副主席',
  '主席',
  '副部长',
  '部长',
  '副局长',
  '局长',
  '秘书长',
  '副院长',
  '院长',
  '检察长',
  '常委',
];

/** The title and the short form it is called by (the rank it ends with), e.g. 区委书记 → [区委书记, 书记]. */
export function titleForms(title: string): string[] {
  const rank = RANKS.find((r) => title.endsWith(r));
  return rank && rank !== title ? [title, rank] : [title];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Whether the term covers the calendar day `day` (YYYY-MM-DD). */
export function holdsOn(term: LeaderTerm, day: string): boolean {
  return (!term.validFrom || term.validFrom <= day) && (!term.validTo || day <= term.validTo);
}

function overlaps(a: LeaderTerm, b: LeaderTerm): boolean {
  const aFrom = a.validFrom ?? '0000-00-00';
  const aTo = a.validTo ?? '9999-99-99';
  const bFrom = b.validFrom ?? '0000-00-00';
  const bTo = b.validTo ?? '9999-99-99';
  return aFrom <= bTo && bFrom <= aTo;
}

export interface TermProblem {
  index: number;
  message: string;
}

/**
 * What is wrong with a list of terms, in Chinese, per entry (0-based index): blank or
 * over-long names and titles, dates that are not YYYY-MM-DD days, validTo before validFrom,
 * and one person holding two different titles over overlapping dates.
 */
export function termProblems(terms: LeaderTerm[]): TermProblem[] {
  const problems: TermProblem[] = [];
  if (terms.length > MAX_LEADERS) return [{ index: MAX_LEADERS, message: `领导信息最多 ${MAX_LEADERS} 条` }];
  terms.forEach((t, index) => {
    const label = `第 ${index + 1} 条`;
    if (!t.name) problems.push({ index, message: `${label}：姓名不能为空` });
    else if (t.name.length > MAX_NAME) problems.push({ index, message: `${label}：姓名不能超过 ${MAX_NAME} 个字` });
    if (!t.title) problems.push({ index, message: `${label}：职务不能为空` });
    else if (t.title.length > MAX_TITLE) problems.push({ index, message: `${label}：职务不能超过 ${MAX_TITLE} 个字` });
    for (const [field, value] of [
      ['任职起始日期', t.validFrom],
      ['任职截止日期', t.validTo],
    ] as const) {
      if (value !== null && !isCalendarDate(value)) problems.push({ index, message: `${label}：${field}应为 YYYY-MM-DD 格式的日期，收到“${String(value).slice(0, 20)}”` });
    }
    if (t.validFrom && t.validTo && isCalendarDate(t.validFrom) && isCalendarDate(t.validTo) && t.validTo < t.validFrom) {
      problems.push({ index, message: `${label}：任职截止日期 ${t.validTo} 早于起始日期 ${t.validFrom}` });
    }
  });
  if (problems.length) return problems;
  terms.forEach((a, i) => {
    const clash = terms.findIndex((b, j) => j < i && b.name === a.name && b.title !== a.title && overlaps(a, b));
    if (clash >= 0) {
      problems.push({ index: i, message: `第 ${i + 1} 条：${a.name}的任期与第 ${clash + 1} 条（${terms[clash].title}）重叠，同一时间只能有一个职务，请调整任职日期` });
    }
  });
  return problems;
}

/** Trims names and titles (inner spaces too: names are written without them), empty dates become null. */
export function cleanTerm(input: { name?: unknown; title?: unknown; validFrom?: unknown; validTo?: unknown }): LeaderTerm {
  const text = (v: unknown) => (typeof v === 'string' ? v.replace(/[\s\u3000]+/g, '') : '');
  const date = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v).trim());
  return { name: text(input.name), title: text(input.title), validFrom: date(input.validFrom), validTo: date(input.validTo) };
}
