// One repost task: its details, the compliance matrix (units × accounts with evidence) a page of
// units at a time with a 未完成 filter (both done by the API), manual confirmations and their revocation.
import { useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { RepostComplianceView, RepostConfirmationView, RepostEvidenceView } from '../api/schema';
import type { RepostStatus } from '../api/models';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { labelOf, MATCHED_BY_LABELS, REPOST_STATUS_COLORS, REPOST_STATUS_LABELS, repostStatusKey } from '../labels';
import { can } from '../permissions';
import { usePlatforms } from '../platforms';
import { formatDateTime, isAfterToday, pickerToIso } from '../time';

type UnitRow = RepostComplianceView['items'][number];
type AccountRow = UnitRow['accounts'][number];

interface ConfirmTarget {
  accountId: number;
  accountName: string;
}

interface ConfirmForm {
  evidenceUrl: string;
  postedAt: Dayjs;
  note?: string;
}

function StatusTag({ status, dueAt }: { status: RepostStatus; dueAt: string }) {
  const key = repostStatusKey(status, dueAt);
  return (
    <Tag data-testid="repost-status" color={REPOST_STATUS_COLORS[key]}>
      {REPOST_STATUS_LABELS[key]}
    </Tag>
  );
}

function Evidence({ evidence }: { evidence?: RepostEvidenceView }) {
  if (!evidence) return <Typography.Text type="secondary">无发布记录</Typography.Text>;
  return (
    <Space size={4} wrap>
      <Tag>{`匹配：${labelOf(MATCHED_BY_LABELS, evidence.matchedBy)}`}</Tag>
      {evidence.url ? (
        <a href={evidence.url} target="_blank" rel="noreferrer">
          查看发布
        </a>
      ) : null}
      <Typography.Text type="secondary">{formatDateTime(evidence.postedAt)}</Typography.Text>
    </Space>
  );
}

export default function RepostTaskDetailPage() {
  const { id } = useParams();
  const user = useCurrentUser();
  const { nameOf } = usePlatforms();
  const query = useUrlQuery();
  const onlyMissing = query.get('status') === 'missing';
  const compliance = useRequest(
    () => api.get<RepostComplianceView>(`/repost-tasks/${id}/compliance`, { status: onlyMissing ? 'missing' : undefined, page: query.page, pageSize: query.pageSize }),
    [id, query.key],
  );
  const confirmations = useRequest(() => api.get<RepostConfirmationView[]>(`/repost-tasks/${id}/confirmations`), [id]);
  const [target, setTarget] = useState<ConfirmTarget | null>(null);
  const [form] = Form.useForm<ConfirmForm>();
  const reload = () => {
    compliance.reload();
    confirmations.reload();
  };

  const [confirm, confirming] = useAction(
    async (values: ConfirmForm) => {
      if (!target) return;
      await api.post(`/repost-tasks/${id}/confirmations`, {
        accountId: target.accountId,
        evidenceUrl: values.evidenceUrl,
        postedAt: pickerToIso(values.postedAt),
        note: values.note || undefined,
      });
      setTarget(null);
      form.resetFields();
      reload();
    },
    { form, success: '已人工确认' },
  );

  const [revokeTarget, setRevokeTarget] = useState<RepostConfirmationView | null>(null);
  const [revokeForm] = Form.useForm<{ reason?: string }>();
  const [revoke, revoking] = useAction(
    async (values: { reason?: string }) => {
      if (!revokeTarget) return;
      await api.post(`/repost-tasks/${id}/confirmations/${revokeTarget.id}/revoke`, { reason: values.reason || undefined });
      setRevokeTarget(null);
      revokeForm.resetFields();
      reload();
    },
    { form: revokeForm, success: '人工确认已撤销' },
  );

  if (compliance.error) return <LoadError error={compliance.error} onRetry={compliance.reload} />;
  const data = compliance.data;
  const task = data?.task;
  const counts = data?.accountCounts;
  const activeConfirmations = (confirmations.data ?? []).filter((c) => !c.revokedAt);
  const confirmationOf = (accountId: number) => activeConfirmations.find((c) => c.accountId === accountId);

  const accountColumns = (unit: UnitRow) => [
    { title: '账号', dataIndex: 'accountName', render: (name: string, a: AccountRow) => <Link to={`/accounts/${a.accountId}`}>{name}</Link> },
    { title: '平台', dataIndex: 'platform', width: 110, render: (p: AccountRow['platform']) => nameOf(p) },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: RepostStatus) => (task ? <StatusTag status={s} dueAt={task.dueAt} /> : null) },
    { title: '依据', key: 'evidence', render: (_: unknown, a: AccountRow) => <Evidence evidence={a.evidence} /> },
    {
      title: '操作',
      key: 'actions',
      width: 130,
      render: (_: unknown, a: AccountRow) => {
        const manual = confirmationOf(a.accountId);
        if (manual && can.manageRepostTasks(user)) {
          return (
            <Button size="small" icon={<RollbackOutlined />} onClick={() => setRevokeTarget(manual)}>
              撤销确认
            </Button>
          );
        }
        if (a.status !== 'done' && !manual && can.confirmRepost(user, unit.unitId)) {
          return (
            <Button size="small" icon={<CheckOutlined />} onClick={() => setTarget({ accountId: a.accountId, accountName: a.accountName })}>
              人工确认
            </Button>
          );
        }
        return null;
      },
    },
  ];

  return (
    <>
      <PageHeader title={task?.title ?? '转发任务'} extra={<Link to="/repost-tasks">返回任务列表</Link>} />
      <Card loading={compliance.loading && !data}>
        {task ? (
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="原文链接">
              <a href={task.sourceUrl} target="_blank" rel="noreferrer">
                {task.sourceName || task.sourceUrl}
              </a>
            </Descriptions.Item>
            <Descriptions.Item label="平台">{task.platforms?.length ? task.platforms.map(nameOf).join('、') : '全部平台'}</Descriptions.Item>
            <Descriptions.Item label="下达时间">{formatDateTime(task.issuedAt)}</Descriptions.Item>
            <Descriptions.Item label="截止时间">{formatDateTime(task.dueAt)}</Descriptions.Item>
            <Descriptions.Item label="结果计算时间">{formatDateTime(task.computedAt)}</Descriptions.Item>
          </Descriptions>
        ) : null}
      </Card>
      <Card
        title="完成情况"
        style={{ marginTop: 16 }}
        extra={
          <Segmented<string>
            data-testid="repost-filter"
            value={onlyMissing ? 'missing' : 'all'}
            options={[
              { value: 'all', label: `全部账号${counts ? ` ${counts.all}` : ''}` },
              { value: 'missing', label: `未完成${counts ? ` ${counts.missing}` : ''}` },
            ]}
            onChange={(value) => query.update({ status: value === 'missing' ? 'missing' : undefined })}
            aria-label="按完成情况筛选"
          />
        }
      >
        <Table<UnitRow>
          data-testid="repost-compliance"
          rowKey="unitId"
          loading={compliance.loading}
          dataSource={data?.items ?? []}
          pagination={{ ...query.pagination(data?.total), showTotal: (n) => `共 ${n} 个单位` }}
          locale={{ emptyText: onlyMissing ? '所有账号均已完成转发' : '没有需要转发的单位账号' }}
          expandable={{
            // Accounts are always shown under their unit (data arrives after the first render).
            expandedRowKeys: (data?.items ?? []).map((u) => u.unitId),
            showExpandColumn: false,
            expandedRowRender: (unit) => (
              <Table<AccountRow>
                data-testid={`repost-accounts-${unit.unitId}`}
                rowKey="accountId"
                size="small"
                pagination={false}
                dataSource={unit.accounts}
                columns={accountColumns(unit)}
              />
            ),
          }}
          columns={[
            { title: '单位', dataIndex: 'unitName' },
            { title: '状态', dataIndex: 'status', width: 120, render: (s: RepostStatus) => (task ? <StatusTag status={s} dueAt={task.dueAt} /> : null) },
            { title: '账号数', key: 'count', width: 90, align: 'right', render: (_: unknown, u) => u.accounts.length },
          ]}
        />
      </Card>
      <Card title="人工确认记录" style={{ marginTop: 16 }}>
        {confirmations.error ? <LoadError error={confirmations.error} onRetry={confirmations.reload} /> : null}
        <Table<RepostConfirmationView>
          data-testid="repost-confirmations"
          rowKey="id"
          size="small"
          loading={confirmations.loading}
          dataSource={confirmations.data ?? []}
          pagination={false}
          locale={{ emptyText: '没有人工确认' }}
          columns={[
            {
              title: '账号',
              dataIndex: 'accountId',
              render: (accountId: number, c: RepostConfirmationView) => <Link to={`/accounts/${accountId}`}>{c.accountName ?? `账号 ${accountId}`}</Link>,
            },
            {
              title: '依据链接',
              dataIndex: 'evidenceUrl',
              render: (url: string) => (
                <a href={url} target="_blank" rel="noreferrer">
                  {url}
                </a>
              ),
            },
            { title: '发布时间', dataIndex: 'postedAt', width: 150, render: formatDateTime },
            { title: '说明', dataIndex: 'note', render: (n: string | null) => n || '—' },
            { title: '确认人', key: 'by', width: 170, render: (_: unknown, c) => `${c.confirmedByUsername ?? '—'} ${formatDateTime(c.confirmedAt)}` },
            {
              title: '状态',
              key: 'state',
              width: 200,
              render: (_: unknown, c) =>
                c.revokedAt ? (
                  <Typography.Text type="secondary">
                    已撤销（{c.revokedByUsername}）{c.revokeReason ? `：${c.revokeReason}` : ''}
                  </Typography.Text>
                ) : (
                  <Tag color="success">有效</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        title={target ? `人工确认：${target.accountName}` : '人工确认'}
        open={!!target}
        okText="确认"
        confirmLoading={confirming}
        onOk={() => form.submit()}
        onCancel={() => setTarget(null)}
        destroyOnHidden
      >
        <Form<ConfirmForm> form={form} layout="vertical" onFinish={(values) => confirm(values)}>
          <Form.Item name="evidenceUrl" label="转发链接" rules={[{ required: true, type: 'url', message: '请填写以 http(s):// 开头的转发链接' }]}>
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item name="postedAt" label="转发时间" rules={[{ required: true, message: '请选择转发时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={isAfterToday} />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title="撤销人工确认"
        open={!!revokeTarget}
        okText="撤销"
        okButtonProps={{ danger: true }}
        confirmLoading={revoking}
        onOk={() => revokeForm.submit()}
        onCancel={() => setRevokeTarget(null)}
        destroyOnHidden
      >
        <Form form={revokeForm} layout="vertical" onFinish={(values) => revoke(values)}>
          <Form.Item name="reason" label="撤销理由">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
