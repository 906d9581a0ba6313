import { Button, Input, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { AccountPage, AccountView } from '../api/schema';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { ACCOUNT_COLUMNS } from '../components/accountColumns';
import { UnitSelect } from '../components/UnitSelect';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { optionsOf, STATE_LABELS } from '../labels';
import { can } from '../permissions';
import { platformOptionRender, usePlatforms } from '../platforms';

export default function AccountsPage() {
  const user = useCurrentUser();
  const platforms = usePlatforms();
  const query = useUrlQuery();
  const unitId = query.get('unitId');
  const platform = query.get('platform');
  const state = query.get('state');
  const q = query.get('q');
  const list = useRequest(() => api.get<AccountPage>('/accounts', { unitId, platform, state, q, page: query.page, pageSize: query.pageSize }), [query.key]);

  return (
    <>
      <PageHeader
        title="账号"
        extra={
          can.applyAccount(user) && (
            <Link to="/accounts/new">
              <Button type="primary" icon={<PlusOutlined />}>
                新建申请
              </Button>
            </Link>
          )
        }
      />
      <Space wrap style={{ marginBottom: 16 }}>
        {!can.isScopedToUnit(user) && <UnitSelect value={unitId} onChange={(value) => query.update({ unitId: value })} style={{ width: 220 }} aria-label="按单位筛选" />}
        <Select
          value={platform}
          placeholder="平台"
          allowClear
          options={platforms.options}
          optionRender={platformOptionRender}
          onChange={(value) => query.update({ platform: value })}
          style={{ width: 140 }}
          aria-label="按平台筛选"
        />
        <Select
          value={state}
          placeholder="状态"
          allowClear
          options={optionsOf(STATE_LABELS)}
          onChange={(value) => query.update({ state: value })}
          style={{ width: 160 }}
          aria-label="按状态筛选"
        />
        <Input.Search
          key={q ?? ''}
          defaultValue={q}
          placeholder="账号名称、平台账号ID"
          allowClear
          onSearch={(value) => query.update({ q: value.trim() })}
          style={{ width: 260 }}
          aria-label="搜索账号"
        />
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<AccountView> rowKey="id" columns={ACCOUNT_COLUMNS} dataSource={list.data?.items ?? []} loading={list.loading} pagination={query.pagination(list.data?.total)} />
    </>
  );
}
