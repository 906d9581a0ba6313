import { AhoCorasick } from '../../../common/aho-corasick';
import { holdsOn, LeaderTerm, titleForms } from '../../leaders/leader-terms';
import { contextAround } from '../../error-words/matcher';
import { DetectedFinding, defineDetector, postFields, postSummary, ScannedPost } from './types';

/** The leaders compiled once per list: one automaton over their names, every known title form. */
interface LeaderIndex {
  names: string[];
  automaton: AhoCorasick;
  termsByName: Map<string, LeaderTerm[]>;
  /** Every title and short form, longest first. */
  titles: string[];
}

const compiled = new WeakMap<LeaderTerm[], LeaderIndex>();

function indexOf(leaders: LeaderTerm[]): LeaderIndex {
  let index = compiled.get(leaders);
  if (index) return index;
  const termsByName = new Map<string, LeaderTerm[]>();
  for (const term of leaders) termsByName.set(term.name, [...(termsByName.get(term.name) ?? []), term]);
  const names = [...termsByName.keys()];
  const titles = [...new Set(leaders.flatMap((t) => titleForms(t.title)))].sort((a, b) => b.length - a.length);
  index = { names, automaton: new AhoCorasick(names), termsByName, titles };
  compiled.set(leaders, index);
  return index;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of an instant in `timeZone`. */
export function dayIn(date: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(date);
}

export interface LeaderTitleHit {
  name: string;
  written: string;
  /** The titles the person held on the post's date. */
  actual: string[];
  offset: number;
  context: string;
}

/** Whether the text contains any leader's name (one automaton pass). */
function namesLeader(text: string, leaders: LeaderTerm[]): boolean {
  if (!text) return false;
  let found = false;
  indexOf(leaders).automaton.scan(text, () => {
    found = true;
  });
  return found;
}

/** A leader's name right before a known title that is not theirs on `day` (spaces between allowed). */
export function findLeaderTitleErrors(text: string, day: string, leaders: LeaderTerm[]): LeaderTitleHit[] {
  if (!leaders.length || !text) return [];
  const index = indexOf(leaders);
  const hits: LeaderTitleHit[] = [];
  index.automaton.scan(text, (pattern, start, end) => {
    let at = end;
    while (at < text.length && (text[at] === ' ' || text[at] === '\u3000')) at++;
    const written = index.titles.find((t) => text.startsWith(t, at));
    if (!written) return;
    const name = index.names[pattern];
    const current = (index.termsByName.get(name) ?? []).filter((t) => holdsOn(t, day));
    // Not a leader on that day: nothing to compare with.
    if (!current.length) return;
    if (current.some((t) => titleForms(t.title).includes(written))) return;
    hits.push({ name, written, actual: current.map((t) => t.title), offset: start, context: contextAround(text, start, at + written.length) });
  });
  return hits;
}

/** 领导职务错误 (严重表述错误): a leader named with a title that is not theirs at the post's date. */
export function detectLeaderTitleErrors(posts: ScannedPost[], leaders: LeaderTerm[], timeZone: string): DetectedFinding[] {
  const found: DetectedFinding[] = [];
  if (!leaders.length) return found;
  for (const post of posts) {
    // Most posts name no leader: the post's day (an Intl format) is worked out only for those that do.
    if (!postFields(post).some(([, text]) => namesLeader(text, leaders))) continue;
    const day = dayIn(post.publishedAt, timeZone);
    const hits = postFields(post).flatMap(([field, text]) => findLeaderTitleErrors(text, day, leaders).map((h) => ({ field, ...h })));
    if (!hits.length) continue;
    found.push({
      kind: 'leader_title_error',
      subjectType: 'post',
      subjectId: String(post.id),
      accountId: post.accountId,
      unitId: post.unitId,
      message: `账号“${post.accountName ?? post.accountId}”的发布《${post.title.slice(0, 60)}》领导职务有误：${[
        ...new Set(hits.map((h) => `“${h.name}${h.written}”（${day} 时任${h.actual.join('、')}）`)),
      ].join('；')}`,
      evidence: { severity: 'serious', post: postSummary(post), day, mentions: hits },
      evidenceKey: [...new Set(hits.map((h) => `${h.name}:${h.written}:${h.actual.join('|')}`))].join(','),
    });
  }
  return found;
}

export const leaderTitleError = defineDetector({
  kind: 'leader_title_error',
  label: '领导职务错误',
  severity: 'serious',
  input: 'posts',
  evaluate: (posts, { leaders, timeZone }) => detectLeaderTitleErrors(posts, leaders ?? [], timeZone),
});
