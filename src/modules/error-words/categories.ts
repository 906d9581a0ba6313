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
