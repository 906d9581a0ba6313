import type { Type } from '@nestjs/common';
import { ApiProperty, type OpenAPIObject } from '@nestjs/swagger';

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

    @ApiProperty({ type: 'integer', description: '符合条件的总数 / total matching' })
    total!: number;

    @ApiProperty({ type: 'integer', description: '页码，从 1 开始 / 1-based page' })
    page!: number;

    @ApiProperty({ type: 'integer', description: '每页条数 / page size' })
    pageSize!: number;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/View$/, '')}Page` });
  pages.set(item, Page);
  return Page;
}

/** Binary file answers (XLSX, DOCX, CSV): declared so the document does not claim JSON for them. */
export const FILE_SCHEMA = { type: 'string', format: 'binary' } as const;

/** One field's problem in a 400 answer. */
export class FieldErrorView {
  @ApiProperty({ description: '字段名 / field', example: 'name' })
  field!: string;

  @ApiProperty({ description: '可操作的中文说明 / message', example: '名称不能为空' })
  message!: string;
}

/** What every 4xx/5xx answer looks like (src/common/http-exception.filter.ts). */
export class ErrorResponseView {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ description: '中文说明，可直接展示给用户 / message a person can act on' })
  message!: string;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ type: [FieldErrorView], required: false, description: '校验失败时逐字段列出 / per-field problems on validation errors' })
  errors?: FieldErrorView[];
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/**
 * Every operation also answers errors in one shape: declare it once as the `4XX` response of
 * each operation (the schema itself comes from ErrorResponseView via `extraModels`).
 */
export function addErrorResponses(document: OpenAPIObject): void {
  const ref = { $ref: `#/components/schemas/${ErrorResponseView.name}` };
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
      if (!HTTP_METHODS.has(method) || !operation || typeof operation !== 'object') continue;
      const responses = ((operation as { responses?: Record<string, unknown> }).responses ??= {});
      responses['4XX'] ??= { description: '请求有误（中文说明见 message）/ client error', content: { 'application/json': { schema: ref } } };
    }
  }
}
