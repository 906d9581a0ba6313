/**
 * [content] benchmark (not a test): the content checks over a district's posts, in memory.
 *
 *   npm run bench:scan                                  # 200,000 posts, 5,000 words, 50 leaders
 *   BENCH_POSTS=50000 BENCH_WORDS=5000 BENCH_NAIVE_POSTS=5000 npm run bench:scan
 *
 * One pass: the three post detectors of the registry (error_word by Aho–Corasick, privacy_leak,
 * leader_title_error) over every post, a page of 1,000 at a time as a scan hands them over.
 * Naive: the same normalised texts searched word by word with indexOf (what the matcher did
 * before) — over the first BENCH_NAIVE_POSTS posts, since 5,000 indexOf calls per text over
 * 200,000 posts take minutes; the one pass is timed over the same posts for the ratio.
 * Incremental: the detectors over 1,000 new posts (what a scan after a poll or import reads).
 */
import { performance } from 'node:perf_hooks';
import { compileLibrary, findErrorWords, normalizeText } from '../../src/modules/error-words/matcher';
import { detectorRegistry } from '../../src/modules/findings/detectors/detector-registry';
import type { DetectorContext, ScannedPost } from '../../src/modules/findings/detectors/types';
import { buildCorpus } from './corpus';

const POSTS = Number(process.env.BENCH_POSTS ?? 200_000);
const WORDS = Number(process.env.BENCH_WORDS ?? 5_000);
const NAIVE_POSTS = Number(process.env.BENCH_NAIVE_POSTS ?? 5_000);
const PAGE = 1000;

/** Wall time; CPU time (user + system) is printed beside it: on a shared machine the wall time includes waiting for a core. */
let lastCpuMs = 0;
function time<T>(work: () => T): [T, number] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = work();
  const used = process.cpuUsage(cpu);
  lastCpuMs = (used.user + used.system) / 1000;
  return [result, performance.now() - start];
}
const cpu = () => `${lastCpuMs.toFixed(0)} ms CPU`;

function runDetectors(posts: ScannedPost[], context: DetectorContext): number {
  let found = 0;
  for (let i = 0; i < posts.length; i += PAGE) {
    const page = posts.slice(i, i + PAGE);
    for (const detector of detectorRegistry.reading('posts')) found += detector.evaluate(page, context).length;
  }
  return found;
}

/** What the matcher did before: every word, indexOf over the normalised title and body. */
function naiveErrorWords(posts: ScannedPost[], words: { wrong: string }[]): number {
  const norms = words.map((w) => normalizeText(w.wrong));
  let hits = 0;
  for (const post of posts) {
    for (const text of [normalizeText(post.title), normalizeText(post.body ?? '')]) {
      for (const word of norms) if (text.indexOf(word) !== -1) hits++;
    }
  }
  return hits;
}

function main(): void {
  const [corpus, buildMs] = time(() => buildCorpus(POSTS, WORDS));
  const chars = corpus.posts.reduce((n, p) => n + p.title.length + (p.body?.length ?? 0), 0);
  const bytes = corpus.posts.reduce((n, p) => n + Buffer.byteLength(p.body ?? ''), 0);
  const [library, compileMs] = time(() => compileLibrary(corpus.words));
  const context: DetectorContext = { now: new Date(), timeZone: 'Asia/Shanghai', inactiveDays: 14, errorWords: library, leaders: corpus.leaders };
  console.log(
    `corpus: ${POSTS} posts (${(bytes / POSTS).toFixed(0)} B body on average, ${chars} characters), ${library.words.length} words, ${corpus.leaders.length} leaders; built in ${buildMs.toFixed(0)} ms, library compiled in ${compileMs.toFixed(0)} ms (${library.automaton.size} states)`,
  );

  runDetectors(corpus.posts.slice(0, 2000), context); // warm-up
  const [found, fullMs] = time(() => runDetectors(corpus.posts, context));
  console.log(`full scan (3 post detectors): ${fullMs.toFixed(0)} ms wall, ${cpu()}, ${found} findings, ${((POSTS / fullMs) * 1000).toFixed(0)} posts/s`);

  const sample = corpus.posts.slice(0, NAIVE_POSTS);
  const [oneHits, oneMs] = time(() => sample.reduce((n, p) => n + findErrorWords(p.title, library).length + findErrorWords(p.body ?? '', library).length, 0));
  const oneCpu = cpu();
  const [naiveHits, naiveMs] = time(() => naiveErrorWords(sample, corpus.words));
  console.log(
    `error words over the first ${NAIVE_POSTS} posts: one pass ${oneMs.toFixed(0)} ms (${oneCpu}, ${oneHits} hits), naive indexOf ${naiveMs.toFixed(0)} ms (${cpu()}, ${naiveHits} hits): ${(naiveMs / oneMs).toFixed(1)}× faster`,
  );
  console.log(
    `naive indexOf extrapolated to ${POSTS} posts: ${(((naiveMs / NAIVE_POSTS) * POSTS) / 1000).toFixed(1)} s (error words only) vs the full one-pass scan ${(fullMs / 1000).toFixed(2)} s (all three checks): ${(((naiveMs / NAIVE_POSTS) * POSTS) / fullMs).toFixed(1)}×`,
  );

  const fresh = buildCorpus(1000, WORDS, 7, POSTS + 1).posts;
  const [, incMs] = time(() => runDetectors(fresh, context));
  console.log(`incremental (1,000 new posts, 3 post detectors): ${incMs.toFixed(1)} ms wall, ${cpu()}`);
}

main();
