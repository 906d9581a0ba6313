// Picks a unit by name or code. The units come from the list every component shares (units.tsx),
// searched as the person types without asking the server again.
import { useMemo, useState } from 'react';
import { Select, type SelectProps } from 'antd';
import type { UnitView } from '../api/schema';
import { UNIT_STATUS_LABELS } from '../labels';
import { useUnit, useUnitList } from '../units';

/** A unit's id; ids from the URL come as strings. */
type UnitId = UnitView['id'] | string;

interface UnitSelectProps extends Omit<SelectProps<UnitId>, 'options' | 'showSearch' | 'loading'> {
  /** Only units still in operation (for new data). */
  activeOnly?: boolean;
  /** Units that may not be chosen (e.g. the unit itself as its own successor). */
  excludeIds?: UnitId[];
}

/** At most this many options are rendered; typing narrows the list. */
const MAX_OPTIONS = 200;

export function UnitSelect({ activeOnly, excludeIds, value, ...rest }: UnitSelectProps) {
  const { units, failed } = useUnitList();
  const [query, setQuery] = useState('');
  // The chosen unit shows its name even when the list lacks it (abolished and filtered out, or new).
  const chosenId = value === undefined || value === null || value === '' || Array.isArray(value) ? null : Number(value);
  const chosen = useUnit(Number.isInteger(chosenId) ? chosenId : null);

  const options = useMemo(() => {
    const excluded = new Set((excludeIds ?? []).map(String));
    const needle = query.trim().toLowerCase();
    const matches = (u: UnitView) => !needle || u.name.toLowerCase().includes(needle) || (u.code ?? '').toLowerCase().includes(needle);
    const listed = (units ?? []).filter((u) => (!activeOnly || u.status === 'active') && matches(u)).slice(0, MAX_OPTIONS);
    const selected = chosen?.status === 'found' ? chosen.unit : null;
    const all = selected && !listed.some((u) => u.id === selected.id) ? [selected, ...listed] : listed;
    return all
      .filter((u) => !excluded.has(String(u.id)))
      .map((u) => ({
        value: u.id,
        label: u.status === 'abolished' ? `${u.name}（${UNIT_STATUS_LABELS.abolished}）` : u.name,
      }));
  }, [units, query, activeOnly, excludeIds, chosen]);

  // Ids from the URL are strings; show them as the matching option.
  const shownValue = options.find((o) => String(o.value) === String(value))?.value ?? value;
  const loading = units === null && !failed;

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
      notFoundContent={loading ? '加载中…' : failed ? '无法读取单位列表，请刷新页面重试' : '没有匹配的单位'}
    />
  );
}
