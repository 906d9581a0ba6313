// 整改: work orders with overdue highlighted and counts by unit (operators see 我的整改: their unit only),
// filters, the ledger export, issuing by hand, and importing the provincial platform's problem list.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Statistic, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { FileExcelOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { RectificationPage, RectificationSummaryView, RectificationView } from '../api/schema';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { useRowImport } from '../hooks/useRowImport';
import { RowErrorsTable } from '../components/RowErrorsTable';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { can } from '../permissions';
import { RECTIFICATION_SOURCE_LABELS, RECTIFICATION_STATUS_COLORS, RECTIFICATION_STATUS_LABELS } from '../rectificationLabels';
import { formatDate, formatDateTime } from '../time';

interface CreateForm {
  unitId: number;
  title: string;
  problem: string;
  dueAt: Dayjs;
}

/** A deadline picked as a day: the end of that day in Asia/Shanghai (the server reads a bare date that way). */
const dayOf = (value: Dayjs) => value.format('YYYY-MM-DD');

export default function RectificationsPage() {
  const user = useCurrentUser();
  const office = can.review(user);
  const query = useUrlQuery();
  const tab = query.get('tab') === 'import' && office ? 'import' : 'list';
  return (
    <>
      <PageHeader title={can.isScopedToUnit(user) ? '我的整改' : '整改通知'} />
      <Tabs
        activeKey={tab}
        onChange={(key) => query.update({ tab: key === 'list' ? undefined : key })}
        items={[
          { key: 'list', label: '整改台账', children: tab === 'list' ? <OrderList office={office} /> : null },
          ...(office ? [{ key: 'import', label: '导入省平台问题清单', children: tab === 'import' ? <ProblemImport /> : null }] : []),
        ]}
      />
    </>
  );
}

function OrderList({ office }: { office: boolean }) {
  const query = useUrlQuery();
  const navigate = useNavigate();
  const filters = { status: query.get('status'), unitId: query.get('unitId'), overdue: query.get('overdue'), source: query.get('source') };
  const key = JSON.stringify(filters);
  const orders = useRequest(() => api.get<RectificationPage>('/rectifications', { ...filters, page: query.page, pageSize: query.pageSize }), [key, query.page, query.pageSize]);
  const summary = useRequest(() => api.get<RectificationSummaryView>('/rectifications/summary', filters), [key]);
  const [exportXlsx, exporting] = useAction(() => {
    const params = new URLSearchParams(Object.entries({ format: 'xlsx', ...filters }).filter((e): e is [string, string] => !!e[1]));
    return api.download(`/rectifications/export?${params.toString()}`, '整改台账.xlsx');
  });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<CreateForm>();
  const [create, saving] = useAction(
    async (values: CreateForm) => {
      const order = await api.post<RectificationView>('/rectifications', {
        unitId: Number(values.unitId),
        title: values.title,
        problem: values.problem,
        dueAt: dayOf(values.dueAt),
      });
      setCreating(false);
      form.resetFields();
      navigate(`/rectifications/${order.id}`);
    },
    { form, success: '整改通知已下发' },
  );
  const s = summary.data;

  return (
    <>
      {s ? (
        <Space size="large" wrap style={{ marginBottom: 16 }} data-testid="rectification-counts">
          <Statistic title="全部" value={s.total} />
          <Statistic title="待整改" value={s.issued} />
          <Statistic title="待核验" value={s.responded} />
          <Statistic title="已办结" value={s.closed} />
          <Statistic title="逾期未办结" value={s.overdue} valueStyle={s.overdue ? { color: '#cf1322' } : undefined} />
        </Space>
      ) : null}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 120 }}
          value={filters.status}
          options={Object.entries(RECTIFICATION_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(v) => query.update({ status: v })}
          aria-label="状态"
        />
        <Select
          allowClear
          placeholder="是否逾期"
          style={{ width: 120 }}
          value={filters.overdue}
          options={[
            { value: 'true', label: '逾期' },
            { value: 'false', label: '未逾期' },
          ]}
          onChange={(v) => query.update({ overdue: v })}
          aria-label="是否逾期"
        />
        <Select
          allowClear
          placeholder="来源"
          style={{ width: 150 }}
          value={filters.source}
          options={Object.entries(RECTIFICATION_SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(v) => query.update({ source: v })}
          aria-label="来源"
        />
        {office ? (
          <UnitSelect
            allowClear
            placeholder="单位"
            style={{ width: 200 }}
            value={filters.unitId ? Number(filters.unitId) : undefined}
            onChange={(v) => query.update({ unitId: v === undefined ? undefined : String(v) })}
          />
        ) : null}
        <Button icon={<FileExcelOutlined />} loading={exporting} onClick={() => exportXlsx()}>
          导出整改台账
        </Button>
        {office ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            下发整改通知
          </Button>
        ) : null}
      </Space>
      {orders.error ? <LoadError error={orders.error} onRetry={orders.reload} /> : null}
      <Table<RectificationView>
        data-testid="rectifications"
        rowKey="id"
        loading={orders.loading}
        dataSource={orders.data?.items ?? []}
        pagination={query.pagination(orders.data?.total)}
        onRow={(o) => (o.overdue ? { style: { background: '#fff1f0' } } : {})}
        locale={{ emptyText: '没有整改通知' }}
        columns={[
          { title: '标题', dataIndex: 'title', render: (title: string, o) => <Link to={`/rectifications/${o.id}`}>{title}</Link> },
          { title: '单位', dataIndex: 'unitName', width: 160 },
          { title: '账号', dataIndex: 'accountName', width: 150, render: (name: string | null) => name ?? '—' },
          { title: '来源', dataIndex: 'source', width: 120, render: (v: string) => RECTIFICATION_SOURCE_LABELS[v] ?? v },
          { title: '下发时间', dataIndex: 'issuedAt', width: 150, render: formatDateTime },
          {
            title: '整改期限',
            dataIndex: 'dueAt',
            width: 150,
            render: (v: string, o) => (o.overdue ? <Typography.Text type="danger">{formatDateTime(v)}</Typography.Text> : formatDateTime(v)),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 140,
            render: (v: string, o) => (
              <Space size={4}>
                <Tag color={RECTIFICATION_STATUS_COLORS[v]}>{RECTIFICATION_STATUS_LABELS[v] ?? v}</Tag>
                {o.overdue ? <Tag color="red">逾期</Tag> : null}
              </Space>
            ),
          },
        ]}
      />
      {s && s.byUnit.length > 0 ? (
        <Card title="按单位统计" size="small" style={{ marginTop: 16 }}>
          <Table<RectificationSummaryView['byUnit'][number]>
            data-testid="rectification-units"
            rowKey="unitId"
            size="small"
            pagination={false}
            dataSource={s.byUnit}
            onRow={(u) => (u.overdue ? { style: { background: '#fff1f0' } } : {})}
            columns={[
              { title: '单位', dataIndex: 'unitName' },
              { title: '下发', dataIndex: 'total', width: 90, align: 'right' },
              { title: '待整改', dataIndex: 'issued', width: 90, align: 'right' },
              { title: '待核验', dataIndex: 'responded', width: 90, align: 'right' },
              { title: '已办结', dataIndex: 'closed', width: 90, align: 'right' },
              { title: '逾期', dataIndex: 'overdue', width: 90, align: 'right', render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
            ]}
          />
        </Card>
      ) : null}
      <Modal title="下发整改通知" open={creating} width={600} okText="下发" confirmLoading={saving} onOk={() => form.submit()} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form<CreateForm> form={form} layout="vertical" onFinish={(values) => create(values)}>
          <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择整改单位' }]}>
            <UnitSelect activeOnly />
          </Form.Item>
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="problem" label="问题描述" rules={[{ required: true, whitespace: true, message: '请描述需要整改的问题' }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          <Form.Item name="dueAt" label="整改期限" extra="当天 24 时前（北京时间）" rules={[{ required: true, message: '请选择整改期限' }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function ProblemImport() {
  const { file, setFile, choose, outcome, upload, uploading } = useRowImport('/rectifications/import');
  return (
    <Card>
      <Typography.Paragraph>
        上传全省政府网站与政务新媒体监管平台导出的问题清单（XLSX 或 CSV），列：账号名称、平台、问题描述、发现时间、整改期限；可选：单位、账号ID、主页链接。
        每行须对应唯一一个已登记账号。<Typography.Text strong>有任何一行出错则全部不导入</Typography.Text>。
      </Typography.Paragraph>
      <Space wrap>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(f) => {
            choose(f);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'problems', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />}>选择文件</Button>
        </Upload>
        <Button type="primary" disabled={!file} loading={uploading} onClick={() => upload()}>
          开始导入
        </Button>
      </Space>
      {outcome?.kind === 'done' ? <Alert style={{ marginTop: 16 }} type="success" showIcon title={`导入成功：共下发 ${outcome.result.imported} 条整改通知`} /> : null}
      {outcome?.kind === 'rows' ? (
        <>
          <Alert style={{ marginTop: 16, marginBottom: 16 }} type="error" showIcon title={`未导入任何问题：共 ${outcome.errors.length} 处问题，请改正后重新上传`} />
          <RowErrorsTable errors={outcome.errors} />
        </>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        日期可填 2023-10-15 或 Excel 日期单元格；整改期限按当天 24 时（北京时间）计。导入时间：{formatDate(new Date().toISOString())}
      </Typography.Paragraph>
    </Card>
  );
}
