// Alerts (告警): a kind filter with the count of each kind (so two link alerts are not buried under
// sixty inactive-account ones), a unit filter, and a view grouped per account.
import { Segmented, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { AlertListItemView, AlertListPage } from '../api/schema';
import type { AlertKind, AlertStatus } from '../api/models';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitName } from '../components/UnitName';
import { UnitSelect } from '../components/UnitSelect';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { ALERT_KIND_COLORS, ALERT_KIND_LABELS, ALERT_STATUS_LABELS, labelOf } from '../labels';
import { can } from '../permissions';
import { formatDateTime } from '../time';

const ALL = 'all';

/** The alerts of one account on the page (or of no account: repost tasks, units). */
interface AccountGroup {
  key: string;
  accountId: number | null;
  accountName: string | null;
  unitId: number | null;
  alerts: AlertListItemView[];
}

function KindTag({ kind }: { kind: AlertKind }) {
  return <Tag color={ALERT_KIND_COLORS[kind]}>{labelOf(ALERT_KIND_LABELS, kind)}</Tag>;
}

function AccountLink({ accountId, accountName }: { accountId: number | null; accountName: string | null }) {
  if (accountId === null) return <Typography.Text type="secondary">不涉及具体账号</Typography.Text>;
  return <Link to={`/accounts/${accountId}`}>{accountName ?? `账号 ${accountId}`}</Link>;
}

function Subject({ alert }: { alert: AlertListItemView }) {
  if (alert.subjectType === 'column') return <Link to="/columns?health=broken">查看失效栏目</Link>;
  if (alert.accountId !== null) return <AccountLink accountId={alert.accountId} accountName={alert.accountName} />;
  return <>—</>;
}

/** Groups in the order of each account's newest alert (the page comes newest first). */
function groupByAccount(alerts: AlertListItemView[]): AccountGroup[] {
  const groups = new Map<string, AccountGroup>();
  for (const alert of alerts) {
    const key = alert.accountId === null ? 'none' : String(alert.accountId);
    const group = groups.get(key) ?? { key, accountId: alert.accountId, accountName: alert.accountName, unitId: alert.unitId, alerts: [] };
    group.alerts.push(alert);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function alertColumns(status: AlertStatus, withAccount: boolean) {
  return [
    { title: '类型', dataIndex: 'kind', width: 150, render: (value: AlertKind) => <KindTag kind={value} /> },
    { title: '内容', dataIndex: 'message' },
    ...(withAccount
      ? [
          { title: '单位', dataIndex: 'unitId', width: 160, render: (id: AlertListItemView['unitId']) => <UnitName id={id} /> },
          { title: '对象', key: 'subject', width: 160, render: (_: unknown, alert: AlertListItemView) => <Subject alert={alert} /> },
        ]
      : []),
    { title: '产生时间', dataIndex: 'openedAt', width: 150, render: formatDateTime },
    ...(status === 'resolved' ? [{ title: '恢复时间', dataIndex: 'resolvedAt', width: 150, render: formatDateTime }] : []),
  ];
}

export default function AlertsPage() {
  const user = useCurrentUser();
  const query = useUrlQuery();
  const status = (query.get('status') === 'resolved' ? 'resolved' : 'open') as AlertStatus;
  const kind = query.get('kind');
  const unitId = query.get('unitId');
  const grouped = query.get('group') === 'account';
  const list = useRequest(() => api.get<AlertListPage>('/alerts', { status, kind, unitId, page: query.page, pageSize: query.pageSize }), [query.key]);
  const counts = list.data?.kindCounts ?? [];
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const kindOptions = kind && !counts.some((c) => c.kind === kind) ? [...counts, { kind: kind as AlertKind, count: 0 }] : counts;
  const empty = status === 'open' ? '没有未恢复的告警' : '没有已恢复的告警';

  return (
    <>
      <PageHeader title="告警" />
      <Tabs
        activeKey={status}
        onChange={(key) => query.update({ status: key === 'open' ? undefined : key })}
        items={(['open', 'resolved'] as AlertStatus[]).map((key) => ({ key, label: ALERT_STATUS_LABELS[key] }))}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        {!can.isScopedToUnit(user) && <UnitSelect value={unitId} onChange={(value) => query.update({ unitId: value })} style={{ width: 220 }} aria-label="按单位筛选" />}
        <Space size={6}>
          <Switch size="small" checked={grouped} onChange={(on) => query.update({ group: on ? 'account' : undefined })} aria-label="按账号分组" />
          <span>按账号分组</span>
        </Space>
      </Space>
      <div style={{ marginBottom: 16, overflowX: 'auto' }}>
        <Segmented<string>
          data-testid="alert-kind-filter"
          value={kind ?? ALL}
          options={[{ value: ALL, label: `全部 ${total}` }, ...kindOptions.map((c) => ({ value: c.kind, label: `${labelOf(ALERT_KIND_LABELS, c.kind)} ${c.count}` }))]}
          onChange={(value) => query.update({ kind: value === ALL ? undefined : value })}
          aria-label="按告警类型筛选"
        />
      </div>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {grouped ? (
        <Table<AccountGroup>
          data-testid="alert-groups"
          rowKey="key"
          dataSource={groupByAccount(list.data?.items ?? [])}
          loading={list.loading}
          pagination={query.pagination(list.data?.total)}
          locale={{ emptyText: empty }}
          expandable={{
            expandedRowRender: (group) => <Table<AlertListItemView> rowKey="id" size="small" pagination={false} dataSource={group.alerts} columns={alertColumns(status, false)} />,
          }}
          columns={[
            { title: '账号', key: 'account', render: (_: unknown, g) => <AccountLink accountId={g.accountId} accountName={g.accountName} /> },
            { title: '单位', dataIndex: 'unitId', width: 160, render: (id: AccountGroup['unitId']) => <UnitName id={id} /> },
            {
              title: '告警',
              key: 'kinds',
              render: (_: unknown, g) => (
                <Space size={4} wrap>
                  {[...new Set(g.alerts.map((a) => a.kind))].map((k) => (
                    <KindTag key={k} kind={k} />
                  ))}
                </Space>
              ),
            },
            { title: '条数', key: 'count', width: 80, align: 'right', render: (_: unknown, g) => g.alerts.length },
          ]}
        />
      ) : (
        <Table<AlertListItemView>
          rowKey="id"
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          pagination={query.pagination(list.data?.total)}
          locale={{ emptyText: empty }}
          columns={alertColumns(status, true)}
        />
      )}
    </>
  );
}
