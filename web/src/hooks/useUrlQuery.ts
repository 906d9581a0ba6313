// List pages keep their filters and page in the URL so a link can be shared.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { TablePaginationConfig } from 'antd';

type Patch = Record<string, string | number | null | undefined>;

export const DEFAULT_PAGE_SIZE = 20;

export function useUrlQuery() {
  const [search, setSearch] = useSearchParams();

  const get = useCallback((key: string): string | undefined => search.get(key) ?? undefined, [search]);
  const page = Math.max(1, Number(search.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(search.get('pageSize')) || DEFAULT_PAGE_SIZE));

  /** Changes filters; any change other than the page itself goes back to page 1. */
  const update = useCallback(
    (patch: Patch) => {
      setSearch((prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        if (!('page' in patch)) next.delete('page');
        return next;
      });
    },
    [setSearch],
  );

  const pagination = useCallback(
    (total: number | undefined): TablePaginationConfig => ({
      current: page,
      pageSize,
      total: total ?? 0,
      showSizeChanger: true,
      pageSizeOptions: [10, 20, 50, 100],
      showTotal: (count) => `共 ${count} 条`,
      onChange: (nextPage, nextSize) => update({ page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize === DEFAULT_PAGE_SIZE ? undefined : nextSize }),
    }),
    [page, pageSize, update],
  );

  /** A stable key of the whole query: reload lists when it changes. */
  const key = search.toString();

  return useMemo(() => ({ get, page, pageSize, update, pagination, key }), [get, page, pageSize, update, pagination, key]);
}
