// 待核查: opened accounts by their re-certification due date (operators: their unit), with the 核查 form.
import { useState } from 'react';
import { Button, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { RecertificationItemPage, RecertificationItemView } from '../api/schema';
import type { RecertStatus } from '../api/models';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { RecertifyModal } from '../components/RecertifyModal';
import { UnitSelect } from '../components/UnitSelect';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { HANDOVER_REASON_LABELS, RECERT_STATUS_COLORS, RECERT_STATUS_LABELS } from '../labels';
import { can } from '../permissions';
import { PlatformTag } from '../platforms';
import { formatDate, formatDateTime } from '../time';

const STATUS_OPTIONS = [
  { value: 'pending', label: '待核查（即将到期和已逾期）' },
  { value: 'overdue', label: '已逾期' },
  { value: 'due', label: '即将到期' },
  { value: 'ok', label: '未到期' },
  { value: 'all', label: '全部' },
];

export function RecertStatusTag({ status, daysLeft }: { status: RecertStatus; daysLeft: number }) {
  const text = status === 'overdue' ? `已逾期 ${Math.max(1, -daysLeft)} 天` : status === 'due' ? `${daysLeft} 天后到期` : RECERT_STATUS_LABELS.ok;
  return (
    <Tag color={RECERT_STATUS_COLORS[status]} data-testid="recert-status">
      {text}
    </Tag>
  );
}

export default function RecertificationsPage() {
  const query = useUrlQuery();
  const user = useCurrentUser();
  const statusParam = query.get('status') ?? 'pending';
  const status = statusParam === 'all' ? undefined : statusParam;
  const unitId = query.get('unitId');
  const handover = query.get('handover') === 'true' ? 'true' : undefined;
  const list = useRequest(
    () => api.get<RecertificationItemPage>('/recertifications', { status, unitId, handover, page: query.page, pageSize: query.pageSize }),
    [status, unitId, handover, query.page, query.pageSize],
  );
  const [target, setTarget] = useState<number | null>(null);
  const scoped = can.isScopedToUnit(user);

  return (
    <>
      <PageHeader title="待核查" />
      <Typography.Paragraph type="secondary">
        已开设的账号须定期核查：核对账号名称、平台账号ID、主页链接、认证主体、负责人及电话和栏目，无变化也要确认。信息员变动时请及时更新备案信息，做好交接培训。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<string>
          aria-label="核查状态"
          style={{ width: 220 }}
          value={statusParam}
          options={STATUS_OPTIONS}
          onChange={(value) => query.update({ status: value === 'pending' ? undefined : value })}
        />
        {!scoped && <UnitSelect style={{ width: 220 }} value={unitId} onChange={(value) => query.update({ unitId: value === undefined ? undefined : String(value) })} />}
        <Space>
          <Switch aria-label="只看待交接" checked={handover === 'true'} onChange={(checked) => query.update({ handover: checked ? 'true' : undefined })} />
          <span>只看待交接</span>
        </Space>
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<RecertificationItemView>
        data-testid="recertifications"
        rowKey="accountId"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={query.pagination(list.data?.total)}
        locale={{ emptyText: status === 'pending' ? '没有待核查的账号' : '没有符合条件的账号' }}
        scroll={{ x: 1000 }}
        columns={[
          { title: '账号', dataIndex: 'name', render: (name: string, r) => <Link to={`/accounts/${r.accountId}`}>{name}</Link> },
          { title: '单位', dataIndex: 'unitName' },
          { title: '平台', dataIndex: 'platform', render: (p) => <PlatformTag code={p} /> },
          {
            title: '负责人',
            key: 'operator',
            render: (_, r) => (
              <div>
                <div>{[r.operatorName, r.operatorPhone].filter(Boolean).join(' ') || '—'}</div>
                {r.handoverFlags.map((f) => (
                  <Tooltip key={String(f.id)} title={f.detail}>
                    <Tag color="volcano" data-testid="handover-tag">
                      {HANDOVER_REASON_LABELS[f.reason]}：{f.userName}
                    </Tag>
                  </Tooltip>
                ))}
              </div>
            ),
          },
          { title: '上次核查', key: 'certified', render: (_, r) => (r.certifiedAt ? `${formatDateTime(r.certifiedAt)} ${r.certifiedBy?.username ?? ''}` : '从未核查') },
          { title: '到期日', dataIndex: 'dueAt', render: (v: string) => formatDate(v) },
          { title: '状态', dataIndex: 'status', render: (s: RecertStatus, r) => <RecertStatusTag status={s} daysLeft={r.daysLeft} /> },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            render: (_, r) =>
              user.role !== 'viewer' && (!scoped || String(user.unitId) === String(r.unitId)) ? (
                <Button size="small" type={r.status === 'ok' ? 'default' : 'primary'} onClick={() => setTarget(r.accountId)}>
                  核查
                </Button>
              ) : null,
          },
        ]}
      />
      <RecertifyModal
        accountId={target}
        onClose={() => setTarget(null)}
        onDone={() => {
          setTarget(null);
          list.reload();
        }}
      />
    </>
  );
}
