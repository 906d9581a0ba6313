import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * Response schemas for the OpenAPI document (issue #18, "contract from code"): every JSON
 * endpoint declares what it answers with a response class (`@ApiOkResponse({ type: X })` or
 * `@ApiCreatedResponse`), so `/api/docs-json` describes responses and the web's types are
 * generated from it (`npm run api:types`). Conventions:
 * - a response class lives in its module's `<name>.responses.ts` and is named `<Thing>View`;
 * - nullable fields say `nullable: true`; enums list their values (`enum: [...]`);
 * - a paginated list answers `PageOf(ThingView)`;
 * - a file download declares its media type with `@ApiProduces` and a binary schema (not JSON).
 */

const pages = new Map<Type<unknown>, Type<unknown>>();

/** `{items, total, page, pageSize}` of the given item class, one named schema per item class (`<Item>Page`). */
export function PageOf<T>(item: Type<T>): Type<{ items: T[]; total: number; page: number; pageSize: number }> {
  const known = pages.get(item);
  if (known) return known as Type<{ items: T[]; total: number; page: number; pageSize: number }>;
  class Page {
    @ApiProperty({ type: [item] })
    items!: T[];

    @ApiProperty({ description: '符合条件的总数 / total matching' })
    total!: number;

    @ApiProperty({ description: '页码,从 1 开始 / 1-based page' })
    page!: number;

    @ApiProperty({ description: '每页条数 / page size' })
    pageSize!: number;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/View$/, '')}Page` });
  pages.set(item, Page);
  return Page;
}

/** Binary file answers (XLSX, DOCX, CSV): declared so the document does not claim JSON for them. */
export const FILE_SCHEMA = { type: 'string', format: 'binary' } as const;
