// Picks a unit by name; searches the server as the person types.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Select, type SelectProps } from 'antd';
import { api } from '../api/client';
import type { UnitPage, UnitView } from '../api/schema';
import { useApiError } from '../hooks/useApiError';
import { UNIT_STATUS_LABELS } from '../labels';

/** A unit's id; ids from the URL come as strings. */
type UnitId = UnitView['id'] | string;

interface UnitSelectProps extends Omit<SelectProps<UnitId>, 'options' | 'showSearch' | 'loading'> {
  /** Only units still in operation (for new data). */
  activeOnly?: boolean;
  /** Units that may not be chosen (e.g. the unit itself as its own successor). */
  excludeIds?: UnitId[];
}

export function UnitSelect({ activeOnly, excludeIds, value, ...rest }: UnitSelectProps) {
  const [units, setUnits] = useState<UnitView[]>([]);
  const [loading, setLoading] = useState(false);
  const [query, setQuery] = useState('');
  const showError = useApiError();
  const latest = useRef(0);

  useEffect(() => {
    const id = ++latest.current;
    const timer = setTimeout(
      () => {
        setLoading(true);
        api
          .get<UnitPage>('/units', { q: query, status: activeOnly ? 'active' : undefined, pageSize: 200 })
          .then((page) => id === latest.current && setUnits(page.items))
          .catch((err) => id === latest.current && showError(err))
          .finally(() => id === latest.current && setLoading(false));
      },
      query ? 300 : 0,
    );
    return () => clearTimeout(timer);
  }, [query, activeOnly, showError]);

  // Make sure the chosen unit shows its name even when it is not in the current list.
  const [selected, setSelected] = useState<UnitView | null>(null);
  useEffect(() => {
    if (value === undefined || value === null || value === '' || Array.isArray(value)) return;
    if (units.some((u) => String(u.id) === String(value)) || (selected && String(selected.id) === String(value))) return;
    api.get<UnitView>(`/units/${value}`).then(setSelected, () => undefined);
  }, [value, units, selected]);

  const options = useMemo(() => {
    const excluded = new Set((excludeIds ?? []).map(String));
    const all = selected && !units.some((u) => String(u.id) === String(selected.id)) ? [selected, ...units] : units;
    return all
      .filter((u) => !excluded.has(String(u.id)))
      .map((u) => ({
        value: u.id,
        label: u.status === 'abolished' ? `${u.name}（${UNIT_STATUS_LABELS.abolished}）` : u.name,
      }));
  }, [units, selected, excludeIds]);

  // Ids from the URL are strings; show them as the matching option.
  const shownValue = options.find((o) => String(o.value) === String(value))?.value ?? value;

  return (
    <Select<UnitId>
      placeholder="选择单位"
      allowClear
      {...rest}
      value={shownValue}
      loading={loading}
      options={options}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      onOpenChange={(open) => !open && setQuery('')}
      notFoundContent={loading ? '加载中…' : '没有匹配的单位'}
    />
  );
}
