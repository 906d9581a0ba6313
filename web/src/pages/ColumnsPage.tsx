import { useState } from 'react';
import { App, Button, Popconfirm, Segmented, Space, Table } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { ColumnListPage, ColumnView } from '../api/schema';
import type { LinkHealth } from '../api/models';
import { useCurrentUser } from '../auth';
import { AccountSelect } from '../components/AccountSelect';
import { ColumnChecksDrawer } from '../components/ColumnChecksDrawer';
import { COLUMN_HEALTH_COLUMNS, ColumnLink } from '../components/columnColumns';
import { LinkCheckProgress, useLinkCheck } from '../components/linkCheck';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitSelect } from '../components/UnitSelect';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { HEALTH_LABELS } from '../labels';
import { can } from '../permissions';

/** Broken first: the filter is there so broken links are not buried among the working ones. */
const HEALTH_ORDER: LinkHealth[] = ['broken', 'ok', 'unverifiable', 'unknown'];
const ALL = 'all';

export default function ColumnsPage() {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const query = useUrlQuery();
  const unitId = query.get('unitId');
  const accountId = query.get('accountId');
  const health = query.get('health');
  const list = useRequest(() => api.get<ColumnListPage>('/columns', { unitId, accountId, health, page: query.page, pageSize: query.pageSize }), [query.key]);
  const [selected, setSelected] = useState<number[]>([]);
  const [history, setHistory] = useState<ColumnView | null>(null);
  const [check, checking, run] = useLinkCheck((finished) => {
    list.reload();
    if (finished.status === 'done') message.success(`检查完成：正常 ${finished.ok}，失效 ${finished.broken}，无法判断 ${finished.unverifiable}`);
  });

  const counts = list.data?.healthCounts;
  const everything = counts ? HEALTH_ORDER.reduce((sum, h) => sum + counts[h], 0) : undefined;
  const countOf = (n: number | undefined) => (n === undefined ? '' : ` ${n}`);
  const target = selected.length > 0 ? { columnIds: selected } : unitId ? { unitId: Number(unitId) } : {};
  const scope = selected.length > 0 ? `已选 ${selected.length} 个栏目` : unitId ? '所选单位的全部栏目' : can.isScopedToUnit(user) ? '本单位全部栏目' : '全部栏目';

  return (
    <>
      <PageHeader
        title="栏目链接"
        extra={
          can.startChecks(user) &&
          (selected.length > 0 ? (
            <Button type="primary" icon={<SyncOutlined />} loading={checking} onClick={() => check(target)}>
              立即检查（{scope}）
            </Button>
          ) : (
            // Checking every column takes a while and knocks on many sites: asked first.
            <Popconfirm
              title={`检查${scope}？`}
              description={`将逐个访问${everything === undefined || accountId ? '' : ` ${everything} 个`}栏目链接，可能需要几分钟。`}
              okText="开始检查"
              cancelText="取消"
              onConfirm={() => check(target)}
            >
              <Button type="primary" icon={<SyncOutlined />} loading={checking} data-testid="sweep-all">
                全部检查（{scope}）
              </Button>
            </Popconfirm>
          ))
        }
      />
      <Space wrap style={{ marginBottom: 16 }}>
        {!can.isScopedToUnit(user) && (
          <UnitSelect value={unitId} onChange={(value) => query.update({ unitId: value, accountId: undefined })} style={{ width: 220 }} aria-label="按单位筛选" />
        )}
        <AccountSelect unitId={unitId} value={accountId} onChange={(value) => query.update({ accountId: value })} style={{ width: 260 }} aria-label="按账号筛选" />
        <Segmented<string>
          data-testid="health-filter"
          value={health ?? ALL}
          options={[{ value: ALL, label: `全部${countOf(everything)}` }, ...HEALTH_ORDER.map((value) => ({ value, label: `${HEALTH_LABELS[value]}${countOf(counts?.[value])}` }))]}
          onChange={(value) => query.update({ health: value === ALL ? undefined : value })}
          aria-label="按链接状态筛选"
        />
      </Space>
      <LinkCheckProgress run={run} />
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<ColumnView>
        rowKey="id"
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={query.pagination(list.data?.total)}
        rowSelection={can.startChecks(user) ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: true } : undefined}
        locale={{ emptyText: '没有栏目；可在账号详情页添加栏目' }}
        columns={[
          { title: '栏目', dataIndex: 'name', render: (_: string, column) => <ColumnLink column={column} /> },
          {
            title: '账号',
            dataIndex: 'accountName',
            render: (name: string | null, column) => <Link to={`/accounts/${column.accountId}`}>{name ?? `账号 ${column.accountId}`}</Link>,
          },
          { title: '单位', dataIndex: 'unitName', render: (name: string | null) => name ?? '—' },
          ...COLUMN_HEALTH_COLUMNS,
          {
            title: '操作',
            key: 'actions',
            width: 100,
            render: (_: unknown, column) => (
              <Button type="link" size="small" onClick={() => setHistory(column)}>
                检查记录
              </Button>
            ),
          },
        ]}
      />
      <ColumnChecksDrawer column={history} onClose={() => setHistory(null)} />
    </>
  );
}
