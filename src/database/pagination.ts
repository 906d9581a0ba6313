import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Page, PageQuery } from '../common/pagination';

/** One page of a query builder's rows (for repositories; PageQuery/Page live in common for DTOs). */
export async function paginate<E extends ObjectLiteral, T = E>(
  query: SelectQueryBuilder<E>,
  pageQuery: PageQuery,
  present: (entity: E) => T = (entity) => entity as unknown as T,
): Promise<Page<T>> {
  const page = pageQuery.page ?? 1;
  const pageSize = pageQuery.pageSize ?? 20;
  const [entities, total] = await query
    .skip((page - 1) * pageSize)
    .take(pageSize)
    .getManyAndCount();
  return { items: entities.map(present), total, page, pageSize };
}

/**
 * A case-insensitive substring condition on the given columns. Wildcards in the text are
 * escaped with "!" (the same on SQLite and MySQL) so a search for "50%" means "50%".
 */
export function containsText(columns: string[], param: string): string {
  return `(${columns.map((c) => `LOWER(${c}) LIKE :${param} ESCAPE '!'`).join(' OR ')})`;
}

export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}
