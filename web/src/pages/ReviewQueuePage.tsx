import { Table, Tabs, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { AccountPage, AccountView } from '../api/schema';
import type { AccountState } from '../api/models';
import { ACCOUNT_COLUMNS } from '../components/accountColumns';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { formatDateTime } from '../time';

/** The reviewers' two queues: new applications and deregistration requests. */
const QUEUES: { key: AccountState; label: string; since: keyof AccountView; sinceLabel: string }[] = [
  { key: 'applied', label: '开设申请', since: 'appliedAt', sinceLabel: '申请时间' },
  { key: 'deregistration_requested', label: '注销申请', since: 'deregistrationRequestedAt', sinceLabel: '申请注销时间' },
];

export default function ReviewQueuePage() {
  const query = useUrlQuery();
  const queue = QUEUES.find((q) => q.key === query.get('tab')) ?? QUEUES[0];
  const list = useRequest(() => api.get<AccountPage>('/accounts', { state: queue.key, page: query.page, pageSize: query.pageSize }), [query.key]);

  const columns: TableColumnsType<AccountView> = [
    ...ACCOUNT_COLUMNS.filter((c) => !('dataIndex' in c) || !['appliedAt', 'openedAt', 'state'].includes(String(c.dataIndex))),
    { title: queue.sinceLabel, dataIndex: queue.since, width: 160, render: (value: string | null) => formatDateTime(value) },
    { title: '申请人', key: 'appliedBy', render: (_, a) => a.appliedBy?.username ?? '—', width: 100 },
    { title: '理由', dataIndex: 'lastReason', render: (value) => value || '—', hidden: queue.key === 'applied' },
    { title: '操作', key: 'review', width: 90, render: (_, a) => <Link to={`/accounts/${a.id}`}>审核</Link> },
  ];

  return (
    <>
      <PageHeader title="待审批" />
      <Tabs activeKey={queue.key} onChange={(key) => query.update({ tab: key === QUEUES[0].key ? undefined : key })} items={QUEUES.map((q) => ({ key: q.key, label: q.label }))} />
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<AccountView>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={query.pagination(list.data?.total)}
        locale={{ emptyText: '没有待处理的申请' }}
      />
    </>
  );
}
