/** The default 错敏词 set shipped in config/error-words.default.json (pure; used by the migration). */
import defaults from '../../../config/error-words.default.json';
import { ErrorWordSeverity, parseCategory } from './categories';
import { normalizeText } from './matcher';

export interface DefaultWord {
  wrong: string;
  wrongNorm: string;
  correct: string;
  category: string;
  severity: ErrorWordSeverity;
  note: string | null;
}

export function defaultErrorWords(): DefaultWord[] {
  const seen = new Set<string>();
  const words: DefaultWord[] = [];
  for (const entry of (defaults as { words: { wrong: string; correct: string; category: string; severity?: string; note?: string }[] }).words) {
    const wrongNorm = normalizeText(entry.wrong);
    const category = parseCategory(entry.category);
    if (!wrongNorm || !category || seen.has(wrongNorm)) continue;
    seen.add(wrongNorm);
    words.push({
      wrong: entry.wrong.trim(),
      wrongNorm,
      correct: entry.correct.trim(),
      category,
      severity: entry.severity === 'serious' ? 'serious' : 'general',
      note: entry.note?.trim() || null,
    });
  }
  return words;
}

/** A UTC time as both dialects store `datetime(3)` (what TypeORM writes for a Date). */
export function sqlTimestamp(date = new Date()): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
