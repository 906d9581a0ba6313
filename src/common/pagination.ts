import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { QueryInt } from './validators';

export const MAX_PAGE_SIZE = 200;

export class PageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

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
