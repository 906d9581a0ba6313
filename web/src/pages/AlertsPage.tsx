import { Select, Space, Table, Tabs, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { AlertPage, AlertView } from '../api/schema';
import type { AlertKind, AlertStatus } from '../api/models';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitName } from '../components/UnitName';
import { UnitSelect } from '../components/UnitSelect';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { ALERT_KIND_COLORS, ALERT_KIND_LABELS, ALERT_STATUS_LABELS, labelOf, optionsOf } from '../labels';
import { can } from '../permissions';
import { formatDateTime } from '../time';

function Subject({ alert }: { alert: AlertView }) {
  if (alert.subjectType === 'account') return <Link to={`/accounts/${alert.subjectId}`}>查看账号</Link>;
  if (alert.subjectType === 'column') return <Link to={`/columns?health=broken`}>查看失效栏目</Link>;
  return <>—</>;
}

export default function AlertsPage() {
  const user = useCurrentUser();
  const query = useUrlQuery();
  const status = (query.get('status') === 'resolved' ? 'resolved' : 'open') as AlertStatus;
  const kind = query.get('kind');
  const unitId = query.get('unitId');
  const list = useRequest(() => api.get<AlertPage>('/alerts', { status, kind, unitId, page: query.page, pageSize: query.pageSize }), [query.key]);

  return (
    <>
      <PageHeader title="告警" />
      <Tabs
        activeKey={status}
        onChange={(key) => query.update({ status: key === 'open' ? undefined : key })}
        items={(['open', 'resolved'] as AlertStatus[]).map((key) => ({ key, label: ALERT_STATUS_LABELS[key] }))}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          value={kind}
          placeholder="告警类型"
          allowClear
          options={optionsOf(ALERT_KIND_LABELS)}
          onChange={(value) => query.update({ kind: value })}
          style={{ width: 180 }}
          aria-label="按告警类型筛选"
        />
        {!can.isScopedToUnit(user) && <UnitSelect value={unitId} onChange={(value) => query.update({ unitId: value })} style={{ width: 220 }} aria-label="按单位筛选" />}
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<AlertView>
        rowKey="id"
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={query.pagination(list.data?.total)}
        locale={{ emptyText: status === 'open' ? '没有未恢复的告警' : '没有已恢复的告警' }}
        columns={[
          {
            title: '类型',
            dataIndex: 'kind',
            width: 150,
            render: (value: AlertKind) => <Tag color={ALERT_KIND_COLORS[value]}>{labelOf(ALERT_KIND_LABELS, value)}</Tag>,
          },
          { title: '内容', dataIndex: 'message' },
          { title: '单位', dataIndex: 'unitId', width: 160, render: (id: AlertView['unitId']) => <UnitName id={id} /> },
          { title: '产生时间', dataIndex: 'openedAt', width: 150, render: formatDateTime },
          ...(status === 'resolved' ? [{ title: '恢复时间', dataIndex: 'resolvedAt', width: 150, render: formatDateTime }] : []),
          { title: '对象', key: 'subject', width: 120, render: (_: unknown, alert: AlertView) => <Subject alert={alert} /> },
        ]}
      />
    </>
  );
}
