import type { SourceKindDefinition } from '../source-kind';

/** 手工导入: never polled; posts come through `POST /api/accounts/{id}/posts/import` (stored with origin `manual`). */
export const manual: SourceKindDefinition = {
  kind: 'manual',
  label: '手工导入',
  fields: [],
};
