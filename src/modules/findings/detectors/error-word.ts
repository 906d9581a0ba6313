import { CompiledLibrary, findErrorWords } from '../../error-words/matcher';
import { DetectedFinding, defineDetector, FindingSeverity, postFields, postSummary, ScannedPost } from './types';

/**
 * 错敏词: a post whose title or body contains a wrong form from the library. One finding per
 * post, carrying its most serious word's severity and every word found (field, offset in the
 * stored text, context).
 */
export function detectErrorWords(posts: ScannedPost[], library: CompiledLibrary): DetectedFinding[] {
  const found: DetectedFinding[] = [];
  if (!library.words.length) return found;
  for (const post of posts) {
    const hits = postFields(post).flatMap(([field, text]) => findErrorWords(text, library).map((hit) => ({ ...hit, field })));
    if (!hits.length) continue;
    hits.sort((x, y) => x.wordId - y.wordId || x.field.localeCompare(y.field));
    const severity: FindingSeverity = hits.some((h) => h.severity === 'serious') ? 'serious' : 'general';
    found.push({
      kind: 'error_word',
      subjectType: 'post',
      subjectId: String(post.id),
      accountId: post.accountId,
      unitId: post.unitId,
      message: `账号“${post.accountName ?? post.accountId}”的发布《${post.title.slice(0, 60)}》含错误表述：${[...new Set(hits.map((h) => `“${h.wrong}”应为“${h.correct}”`))].join('；')}`,
      evidence: {
        severity,
        post: postSummary(post),
        words: hits.map((h) => ({
          wordId: h.wordId,
          wrong: h.wrong,
          correct: h.correct,
          category: h.category,
          severity: h.severity,
          field: h.field,
          offset: h.offset,
          context: h.context,
          count: h.count,
        })),
      },
      evidenceKey: [...new Set(hits.map((h) => `${h.wordId}:${h.wrong}:${h.severity}`))].join(','),
    });
  }
  return found;
}

export const errorWord = defineDetector({
  kind: 'error_word',
  label: '错敏词',
  severity: 'general',
  input: 'posts',
  evaluate: (posts, { errorWords }) => detectErrorWords(posts, errorWords),
});
