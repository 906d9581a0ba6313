// Picks an account by name; searches the server as the person types.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Select, type SelectProps } from 'antd';
import { api } from '../api/client';
import type { AccountPage, AccountView } from '../api/schema';
import { useApiError } from '../hooks/useApiError';

/** An id; ids from the URL come as strings. */
type AccountId = AccountView['id'] | string;

interface AccountSelectProps extends Omit<SelectProps<AccountId>, 'options' | 'showSearch' | 'loading'> {
  /** Only accounts of this unit. */
  unitId?: AccountView['unitId'] | string;
}

export function AccountSelect({ unitId, value, ...rest }: AccountSelectProps) {
  const [accounts, setAccounts] = useState<AccountView[]>([]);
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
          .get<AccountPage>('/accounts', { q: query, unitId, pageSize: 100 })
          .then((page) => id === latest.current && setAccounts(page.items))
          .catch((err) => id === latest.current && showError(err))
          .finally(() => id === latest.current && setLoading(false));
      },
      query ? 300 : 0,
    );
    return () => clearTimeout(timer);
  }, [query, unitId, showError]);

  // The chosen account shows its name even when it is not in the current list.
  const [selected, setSelected] = useState<AccountView | null>(null);
  useEffect(() => {
    if (value === undefined || value === null || value === '') return;
    if (accounts.some((a) => String(a.id) === String(value)) || (selected && String(selected.id) === String(value))) return;
    api.get<AccountView>(`/accounts/${value}`).then(setSelected, () => undefined);
  }, [value, accounts, selected]);

  const options = useMemo(() => {
    const all = selected && !accounts.some((a) => String(a.id) === String(selected.id)) ? [selected, ...accounts] : accounts;
    return all.map((a) => ({ value: a.id, label: a.unitName ? `${a.name}（${a.unitName}）` : a.name }));
  }, [accounts, selected]);
  const shownValue = options.find((o) => String(o.value) === String(value))?.value ?? value;

  return (
    <Select<AccountId>
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
