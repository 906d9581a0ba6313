/** Categories of the 错敏词 library (the kinds of wording errors bulletins report). Pure. */
export const ERROR_WORD_CATEGORIES = ['country_name', 'state_body', 'statute', 'political', 'hk_mo_tw', 'common'] as const;
export type ErrorWordCategory = (typeof ERROR_WORD_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<ErrorWordCategory, string> = {
  country_name: '国家名称',
  state_body: '国家机关名称',
  statute: '法律法规名称',
  political: '固定政治表述',
  hk_mo_tw: '涉港澳台表述',
  common: '常见易错词',
};

/** A category given as its code or its Chinese label (spreadsheets use the label). */
export function parseCategory(value: string): ErrorWordCategory | null {
  const text = value.trim();
  if ((ERROR_WORD_CATEGORIES as readonly string[]).includes(text)) return text as ErrorWordCategory;
  const byLabel = (Object.entries(CATEGORY_LABELS) as [ErrorWordCategory, string][]).find(([, label]) => label === text);
  return byLabel ? byLabel[0] : null;
}

/** How serious a wrong form is: serious ones (严重表述错误) fail an inspection outright, general ones cost points. */
export const ERROR_WORD_SEVERITIES = ['serious', 'general'] as const;
export type ErrorWordSeverity = (typeof ERROR_WORD_SEVERITIES)[number];

export const SEVERITY_LABELS: Record<ErrorWordSeverity, string> = { serious: '严重', general: '一般' };

/** A severity given as its code or its Chinese label; blank is general. */
export function parseSeverity(value: string): ErrorWordSeverity | null {
  const text = value.trim();
  if (!text) return 'general';
  if (text === 'serious' || text === '严重') return 'serious';
  if (text === 'general' || text === '一般') return 'general';
  return null;
}
