/** Deterministic synthetic posts, 错敏词 library and leaders for the [content] benchmarks. */
import type { LibraryWord } from '../../src/modules/error-words/matcher';
import { defaultErrorWords } from '../../src/modules/error-words/default-words';
import type { ScannedPost } from '../../src/modules/findings/detectors/types';
import type { LeaderTerm } from '../../src/modules/leaders/leader-terms';

const POOL =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const TITLES = ['区委书记', '区长', '区委副书记', '常务副区长', '副区长', '区人大常委会主任', '区政协主席', '区委常委', '区纪委书记', '区委组织部部长'];

export function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

function text(rand: (n: number) => number, length: number): string {
  let out = '';
  while (out.length < length) {
    const run = 8 + rand(20);
    for (let i = 0; i < run; i++) out += POOL[rand(POOL.length)];
    out += rand(3) ? ',' : '。\n';
  }
  return out.slice(0, length);
}

function validId(rand: (n: number) => number): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const base = `6101021${980 + rand(20)}0${1 + rand(9)}1${rand(9)}${100 + rand(899)}`;
  const sum = [...base].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return base + '10X98765432'[sum % 11];
}

export interface Corpus {
  posts: ScannedPost[];
  words: LibraryWord[];
  leaders: LeaderTerm[];
}

/** The `wordCount` library (the default words first) and 50 leaders, deterministic for a seed. */
export function buildRules(wordCount: number, seed = 42): Pick<Corpus, 'words' | 'leaders'> {
  const rand = rng(seed);
  const defaults = defaultErrorWords();
  const words: LibraryWord[] = defaults.map((w, i) => ({ id: i + 1, wrong: w.wrong, correct: w.correct, category: w.category, severity: w.severity, allows: [] }));
  const seen = new Set(words.map((w) => w.wrong));
  while (words.length < wordCount) {
    const wrong = text(rand, 3 + rand(4)).replace(/[,。\n]/g, '');
    if (wrong.length < 3 || seen.has(wrong)) continue;
    seen.add(wrong);
    words.push({ id: words.length + 1, wrong, correct: `${wrong}正`, category: 'common', severity: rand(10) ? 'general' : 'serious', allows: [] });
  }
  const leaders: LeaderTerm[] = [];
  for (let i = 0; leaders.length < 50; i++) {
    const name = SURNAMES[rand(SURNAMES.length)] + POOL[rand(POOL.length)] + (rand(2) ? POOL[rand(POOL.length)] : '');
    if (leaders.some((l) => l.name === name)) continue;
    leaders.push({ name, title: TITLES[i % TITLES.length], validFrom: '2021-01-01', validTo: null });
  }
  return { words, leaders };
}

/**
 * `count` posts (ids from `firstId`) with ~1 KB bodies (≈350 CJK characters), about 1.4 % of
 * them with a planted problem: a library word, a resident ID, a mobile number, a leader with
 * another title.
 */
export function buildPosts(count: number, rules: Pick<Corpus, 'words' | 'leaders'>, seed = 42, firstId = 1): ScannedPost[] {
  const rand = rng(seed * 7919 + firstId);
  const { words, leaders } = rules;
  const posts: ScannedPost[] = [];
  for (let i = 0; i < count; i++) {
    let body = text(rand, 350);
    const roll = rand(1000);
    // A few planted problems, as a district's posts have them.
    if (roll < 5) body = body.slice(0, 100) + words[rand(words.length)].wrong + body.slice(100);
    else if (roll < 8) body = `${body.slice(0, 50)}身份证号${validId(rand)}${body.slice(50)}`;
    else if (roll < 11) body = `${body.slice(0, 80)}手机13${rand(10)}${String(10000000 + rand(89999999))}${body.slice(80)}`;
    else if (roll < 14) {
      const leader = leaders[rand(leaders.length)];
      body = `${body.slice(0, 30)}${leader.name}${TITLES[rand(TITLES.length)]}出席${body.slice(30)}`;
    }
    const id = firstId + i;
    posts.push({
      id,
      accountId: 1 + (id % 500),
      accountName: `账号${1 + (id % 500)}`,
      unitId: 1 + ((id % 500) % 60),
      title: text(rand, 18 + rand(12)).replace(/\n/g, ''),
      body,
      url: `https://mp.example.gov.cn/s/${id}`,
      publishedAt: new Date(Date.UTC(2023, 6, 1) + id * 60_000),
    });
  }
  return posts;
}

/** `count` posts with ~1 KB bodies (≈350 CJK characters), a `wordCount` library and 50 leaders. */
export function buildCorpus(count: number, wordCount: number, seed = 42, firstId = 1): Corpus {
  const rules = buildRules(wordCount, seed);
  return { ...rules, posts: buildPosts(count, rules, seed, firstId) };
}
