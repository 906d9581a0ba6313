// Picks an account by name; searches the server as the person types.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Select, type SelectProps } from 'antd';
import { api } from '../api/client';
import type { Account, Id, Page } from '../api/types';
import { useApiError } from '../hooks/useApiError';

interface AccountSelectProps extends Omit<SelectProps<Id>, 'options' | 'showSearch' | 'loading'> {
  /** Only accounts of this unit. */
  unitId?: Id;
}

export function AccountSelect({ unitId, value, ...rest }: AccountSelectProps) {
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [loading, setLoading] = useState(false);
  const [query, setQuery] = useState('');
  const showError = useApiError();
  const latest = useRef(0);

  useEffect(() => {
    const id = ++latest.current;
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .get<Page<Account>>('/accounts', { q: query, unitId, pageSize: 100 })
        .then((page) => id === latest.current && setAccounts(page.items))
        .catch((err) => id === latest.current && showError(err))
        .finally(() => id === latest.current && setLoading(false));
    }, query ? 300 : 0);
    return () => clearTimeout(timer);
  }, [query, unitId, showError]);

  // The chosen account shows its name even when it is not in the current list.
  const [selected, setSelected] = useState<Account | null>(null);
  useEffect(() => {
    if (value === undefined || value === null || value === '') return;
    if (accounts.some((a) => String(a.id) === String(value)) || (selected && String(selected.id) === String(value))) return;
    api.get<Account>(`/accounts/${value}`).then(setSelected, () => undefined);
  }, [value, accounts, selected]);

  const options = useMemo(() => {
    const all = selected && !accounts.some((a) => String(a.id) === String(selected.id)) ? [selected, ...accounts] : accounts;
    return all.map((a) => ({ value: a.id, label: `${a.name}（${a.unitName}）` }));
  }, [accounts, selected]);
  const shownValue = options.find((o) => String(o.value) === String(value))?.value ?? value;

  return (
    <Select<Id>
      placeholder="选择账号"
      allowClear
      {...rest}
      value={shownValue}
      loading={loading}
      options={options}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      onOpenChange={(open) => !open && setQuery('')}
      notFoundContent={loading ? '加载中…' : '没有匹配的账号'}
    />
  );
}
