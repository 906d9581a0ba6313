import { CompiledWord, findErrorWords } from '../../error-words/matcher';
import { DetectedFinding, defineDetector, iso, ScannedPost } from './types';

/**
 * 错敏词: a post whose title (and text, where given) contains a wrong form from the library.
 * One finding per post, with every word found in its evidence (word, correct form, where).
 */
export function detectErrorWords(posts: ScannedPost[], library: CompiledWord[]): DetectedFinding[] {
  const found: DetectedFinding[] = [];
  if (!library.length) return found;
  for (const post of posts) {
    const fields: ['title' | 'text', string][] = [['title', post.title]];
    if (post.text) fields.push(['text', post.text]);
    const hits = fields.flatMap(([field, text]) => findErrorWords(text, library).map((hit) => ({ ...hit, field })));
    if (!hits.length) continue;
    hits.sort((x, y) => x.wordId - y.wordId || x.field.localeCompare(y.field));
    found.push({
      kind: 'error_word',
      subjectType: 'post',
      subjectId: String(post.id),
      accountId: post.accountId,
      unitId: post.unitId,
      message: `账号“${post.accountName ?? post.accountId}”的发布《${post.title.slice(0, 60)}》含错误表述:${[...new Set(hits.map((h) => `“${h.wrong}”应为“${h.correct}”`))].join(';')}`,
      evidence: {
        post: { id: post.id, accountId: post.accountId, title: post.title, url: post.url, publishedAt: iso(post.publishedAt) },
        words: hits.map((h) => ({ wordId: h.wordId, wrong: h.wrong, correct: h.correct, category: h.category, field: h.field, count: h.count, excerpt: h.excerpt })),
      },
      evidenceKey: [...new Set(hits.map((h) => `${h.wordId}:${h.wrong}`))].join(','),
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
