import { useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { AlertChannelPage, AlertChannelView, AlertDeliveryPage, AlertDeliveryView } from '../api/schema';
import type { AlertKind, ChannelKind, DeliveryEvent, DeliveryStatus } from '../api/models';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { ALERT_KIND_LABELS, CHANNEL_KIND_LABELS, DELIVERY_EVENT_LABELS, DELIVERY_STATUS_COLORS, DELIVERY_STATUS_LABELS, labelOf, optionsOf } from '../labels';
import { formatDateTime } from '../time';

interface ChannelValues {
  name: string;
  kind: ChannelKind;
  target: string;
  secret?: string;
  kinds?: AlertKind[];
}

const SECRET_HINT: Partial<Record<ChannelKind, string>> = {
  webhook: '填写后每条消息附 HMAC 签名',
  dingtalk: '机器人启用“加签”时填写',
  feishu: '机器人启用“签名校验”时填写',
};

function CreateChannelModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<ChannelValues>();
  const kind = Form.useWatch('kind', form) ?? 'webhook';
  const [save, saving] = useAction(
    async (values: ChannelValues) => {
      const body: Record<string, unknown> = { name: values.name, kind: values.kind, target: values.target?.trim() };
      if (values.secret) body.secret = values.secret;
      if (values.kinds?.length) body.kinds = values.kinds;
      await api.post('/alert-channels', body);
      onSaved();
    },
    { form, success: '通知渠道已添加' },
  );
  return (
    <Modal open={open} title="新建通知渠道" okText="保存" cancelText="取消" okButtonProps={{ loading: saving }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<ChannelValues> form={form} name="alert-channel" clearOnDestroy layout="vertical" onFinish={save} initialValues={{ kind: 'webhook' }}>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={100} placeholder="如：政务公开办企业微信群" />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={optionsOf(CHANNEL_KIND_LABELS)} />
        </Form.Item>
        <Form.Item
          name="target"
          label={kind === 'email' ? '收件人' : '地址'}
          extra={kind === 'email' ? '邮箱地址，多个用逗号分隔' : '机器人或 Webhook 的完整网址（http:// 或 https:// 开头）'}
          rules={[{ required: true, whitespace: true, message: kind === 'email' ? '请填写收件人邮箱' : '请填写地址' }]}
        >
          <Input maxLength={2000} placeholder={kind === 'email' ? 'office@example.gov.cn' : 'https://'} />
        </Form.Item>
        {kind !== 'email' && (
          <Form.Item name="secret" label="签名密钥" extra={`${SECRET_HINT[kind] ?? '选填'}；保存后不再显示`}>
            <Input.Password maxLength={500} autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="kinds" label="接收的告警类型" extra="不选则接收全部类型">
          <Select mode="multiple" allowClear options={optionsOf(ALERT_KIND_LABELS)} placeholder="全部类型" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Deliveries({ channelId, version }: { channelId: number; version: number }) {
  const deliveries = useRequest(() => api.get<AlertDeliveryPage>(`/alert-channels/${channelId}/deliveries`, { pageSize: 10 }), [channelId, version]);
  if (deliveries.error) return <LoadError error={deliveries.error} onRetry={deliveries.reload} />;
  return (
    <Table<AlertDeliveryView>
      data-testid="channel-deliveries"
      rowKey="id"
      size="small"
      loading={deliveries.loading}
      dataSource={deliveries.data?.items ?? []}
      pagination={false}
      title={() => '最近发送记录'}
      locale={{ emptyText: '还没有发送记录' }}
      columns={[
        { title: '时间', dataIndex: 'createdAt', width: 150, render: formatDateTime },
        { title: '内容', dataIndex: 'event', width: 110, render: (event: DeliveryEvent) => labelOf(DELIVERY_EVENT_LABELS, event) },
        {
          title: '状态',
          dataIndex: 'status',
          width: 100,
          render: (status: DeliveryStatus) => <Tag color={DELIVERY_STATUS_COLORS[status]}>{labelOf(DELIVERY_STATUS_LABELS, status)}</Tag>,
        },
        { title: '尝试次数', dataIndex: 'attempts', width: 90 },
        { title: '错误', dataIndex: 'lastError', render: (text: string | null) => (text ? <Typography.Text type="danger">{text}</Typography.Text> : '—') },
        { title: '发送时间', dataIndex: 'sentAt', width: 150, render: formatDateTime },
      ]}
    />
  );
}

export default function AlertChannelsPage() {
  const { message } = App.useApp();
  const query = useUrlQuery();
  const list = useRequest(() => api.get<AlertChannelPage>('/alert-channels', { page: query.page, pageSize: query.pageSize }), [query.key]);
  const [creating, setCreating] = useState(false);
  const [expanded, setExpanded] = useState<number[]>([]);
  const [versions, setVersions] = useState<Record<string, number>>({});
  const [busyId, setBusyId] = useState<number | null>(null);

  const refreshDeliveries = (id: number) => {
    setVersions((v) => ({ ...v, [String(id)]: (v[String(id)] ?? 0) + 1 }));
    setExpanded((keys) => (keys.some((k) => String(k) === String(id)) ? keys : [...keys, id]));
  };

  const [sendTest, testing] = useAction(async (channel: AlertChannelView) => {
    setBusyId(channel.id);
    try {
      const delivery = await api.post<AlertDeliveryView>(`/alert-channels/${channel.id}/test`);
      refreshDeliveries(channel.id);
      if (delivery.status === 'sent') message.success(`测试消息已发送到“${channel.name}”`);
      else message.error(`测试消息发送失败：${delivery.lastError ?? '原因未知'}`);
    } finally {
      setBusyId(null);
    }
  });
  const [remove, removing] = useAction(
    async (channel: AlertChannelView) => {
      setBusyId(channel.id);
      try {
        await api.delete(`/alert-channels/${channel.id}`);
        list.reload();
      } finally {
        setBusyId(null);
      }
    },
    { success: '通知渠道已删除' },
  );

  return (
    <>
      <PageHeader
        title="通知渠道"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建渠道
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">告警产生、恢复和提醒时，会发送到下列每个渠道；可先“发送测试消息”确认渠道可用。</Typography.Paragraph>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<AlertChannelView>
        rowKey="id"
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={query.pagination(list.data?.total)}
        locale={{ emptyText: '还没有通知渠道' }}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded([...keys] as number[]),
          expandedRowRender: (channel) => <Deliveries channelId={channel.id} version={versions[String(channel.id)] ?? 0} />,
        }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kind', width: 140, render: (kind: ChannelKind) => labelOf(CHANNEL_KIND_LABELS, kind) },
          { title: '地址/收件人', dataIndex: 'target', render: (target: string) => <Typography.Text style={{ wordBreak: 'break-all' }}>{target}</Typography.Text> },
          { title: '签名密钥', dataIndex: 'secretSet', width: 100, render: (set: boolean) => (set ? <Tag color="green">已设置</Tag> : <Tag>未设置</Tag>) },
          {
            title: '接收的告警',
            dataIndex: 'kinds',
            render: (kinds: AlertKind[] | null) => (kinds?.length ? kinds.map((k) => <Tag key={k}>{labelOf(ALERT_KIND_LABELS, k)}</Tag>) : '全部类型'),
          },
          { title: '状态', dataIndex: 'enabled', width: 80, render: (enabled: boolean) => (enabled ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>) },
          {
            title: '操作',
            key: 'actions',
            width: 230,
            render: (_: unknown, channel) => (
              <Space size={4}>
                <Button
                  size="small"
                  icon={<SendOutlined />}
                  loading={testing && busyId === channel.id}
                  disabled={testing && busyId !== channel.id}
                  onClick={() => sendTest(channel)}
                >
                  发送测试消息
                </Button>
                <Popconfirm title={`删除通知渠道“${channel.name}”？`} okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => remove(channel)}>
                  <Button size="small" danger icon={<DeleteOutlined />} loading={removing && busyId === channel.id}>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <CreateChannelModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          list.reload();
        }}
      />
    </>
  );
}
