// 转发任务: tasks of a quarter (list, create), the quarterly compliance listing and batch import.
import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { RepostComplianceReportView, RepostTaskPage, RepostTaskView } from '../api/schema';
import type { Platform } from '../api/models';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { useRowImport } from '../hooks/useRowImport';
import { RowErrorsTable } from '../components/RowErrorsTable';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { REPOST_STATUS_COLORS, REPOST_STATUS_LABELS } from '../labels';
import { can } from '../permissions';
import { platformOptionRender, usePlatforms } from '../platforms';
import { formatDate, formatDateTime, formatQuarter, isQuarter, pickerToIso, quarterOf, recentQuarters } from '../time';

type Tab = 'list' | 'report' | 'import';

interface TaskForm {
  title: string;
  sourceUrl: string;
  sourceName?: string;
  issuedAt: Dayjs;
  dueAt: Dayjs;
  platforms?: Platform[];
  unitIds?: number[];
}

export default function RepostTasksPage() {
  const query = useUrlQuery();
  const user = useCurrentUser();
  const office = can.manageRepostTasks(user);
  const current = quarterOf();
  const requested = query.get('quarter');
  const quarter = isQuarter(requested) ? requested : current;
  const tabParam = query.get('tab') as Tab | undefined;
  const tab: Tab = tabParam === 'report' || (tabParam === 'import' && office) ? tabParam : 'list';
  const quarters = recentQuarters(24, current);
  if (!quarters.includes(quarter)) quarters.push(quarter);

  const quarterSelect = (
    <Select
      value={quarter}
      showSearch={{ optionFilterProp: 'search' }}
      options={quarters.map((q) => ({ value: q, label: `${formatQuarter(q)}（${q}）`, search: `${q} ${formatQuarter(q)}` }))}
      onChange={(value) => query.update({ quarter: value === current ? undefined : value })}
      style={{ width: 220 }}
      aria-label="季度"
    />
  );

  return (
    <>
      <PageHeader title="转发任务" />
      <Tabs
        activeKey={tab}
        onChange={(key) => query.update({ tab: key === 'list' ? undefined : key })}
        items={[
          { key: 'list', label: '任务列表', children: tab === 'list' ? <TaskList quarter={quarter} quarterSelect={quarterSelect} office={office} /> : null },
          { key: 'report', label: '季度清单', children: tab === 'report' ? <QuarterReport quarter={quarter} quarterSelect={quarterSelect} /> : null },
          ...(office ? [{ key: 'import', label: '批量导入', children: tab === 'import' ? <TaskImport /> : null }] : []),
        ]}
      />
    </>
  );
}

function TaskList({ quarter, quarterSelect, office }: { quarter: string; quarterSelect: ReactNode; office: boolean }) {
  const query = useUrlQuery();
  const navigate = useNavigate();
  const platforms = usePlatforms();
  const tasks = useRequest(() => api.get<RepostTaskPage>('/repost-tasks', { quarter, page: query.page, pageSize: query.pageSize }), [quarter, query.page, query.pageSize]);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<TaskForm>();
  const [create, saving] = useAction(
    async (values: TaskForm) => {
      const task = await api.post<RepostTaskView>('/repost-tasks', {
        title: values.title,
        sourceUrl: values.sourceUrl,
        sourceName: values.sourceName || undefined,
        issuedAt: pickerToIso(values.issuedAt),
        dueAt: pickerToIso(values.dueAt),
        platforms: values.platforms?.length ? values.platforms : undefined,
        unitIds: values.unitIds?.length ? values.unitIds.map(Number) : undefined,
      });
      setCreating(false);
      form.resetFields();
      navigate(`/repost-tasks/${task.id}`);
    },
    { form, success: '转发任务已创建' },
  );

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {quarterSelect}
        {office ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建任务
          </Button>
        ) : null}
      </Space>
      {tasks.error ? <LoadError error={tasks.error} onRetry={tasks.reload} /> : null}
      <Table<RepostTaskView>
        data-testid="repost-tasks"
        rowKey="id"
        loading={tasks.loading}
        dataSource={tasks.data?.items ?? []}
        pagination={query.pagination(tasks.data?.total)}
        locale={{ emptyText: `${formatQuarter(quarter)}没有下达的转发任务` }}
        columns={[
          { title: '标题', dataIndex: 'title', render: (title: string, t) => <Link to={`/repost-tasks/${t.id}`}>{title}</Link> },
          {
            title: '来源',
            dataIndex: 'sourceName',
            width: 140,
            render: (name: string | null, t) => (
              <a href={t.sourceUrl} target="_blank" rel="noreferrer">
                {name || '原文'}
              </a>
            ),
          },
          { title: '下达时间', dataIndex: 'issuedAt', width: 150, render: formatDateTime },
          { title: '截止时间', dataIndex: 'dueAt', width: 150, render: formatDateTime },
          {
            title: '完成情况（单位）',
            key: 'summary',
            width: 280,
            render: (_: unknown, t) =>
              t.summary ? (
                <Space size={4} wrap>
                  <Tag color={REPOST_STATUS_COLORS.done}>
                    {REPOST_STATUS_LABELS.done} {t.summary.done}
                  </Tag>
                  <Tag color={REPOST_STATUS_COLORS.late}>
                    {REPOST_STATUS_LABELS.late} {t.summary.late}
                  </Tag>
                  <Tag color={new Date(t.dueAt).getTime() > Date.now() ? REPOST_STATUS_COLORS.pending : REPOST_STATUS_COLORS.missing}>
                    {new Date(t.dueAt).getTime() > Date.now() ? REPOST_STATUS_LABELS.pending : REPOST_STATUS_LABELS.missing} {t.summary.missing}
                  </Tag>
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <Modal title="新建转发任务" open={creating} width={640} okText="创建" confirmLoading={saving} onOk={() => form.submit()} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form<TaskForm> form={form} layout="vertical" onFinish={(values) => create(values)}>
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写任务标题' }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="sourceUrl" label="原文链接" rules={[{ required: true, type: 'url', message: '请填写以 http(s):// 开头的原文链接' }]}>
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item name="sourceName" label="来源名称">
            <Input maxLength={200} placeholder="如：中国政府网" />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item name="issuedAt" label="下达时间" rules={[{ required: true, message: '请选择下达时间' }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item
              name="dueAt"
              label="截止时间"
              dependencies={['issuedAt']}
              rules={[
                { required: true, message: '请选择截止时间' },
                ({ getFieldValue }) => ({
                  validator: (_r, value: Dayjs | undefined) => {
                    const issued = getFieldValue('issuedAt') as Dayjs | undefined;
                    return !value || !issued || value.isAfter(issued) ? Promise.resolve() : Promise.reject(new Error('截止时间应晚于下达时间'));
                  },
                }),
              ]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
          </Space>
          <Form.Item name="platforms" label="平台" extra="不选则为全部平台">
            <Select mode="multiple" allowClear options={platforms.options} optionRender={platformOptionRender} placeholder="全部平台" />
          </Form.Item>
          <Form.Item name="unitIds" label="单位" extra="不选则为全部在用单位">
            <UnitSelect mode="multiple" activeOnly placeholder="全部单位" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function QuarterReport({ quarter, quarterSelect }: { quarter: string; quarterSelect: ReactNode }) {
  const report = useRequest(() => api.get<RepostComplianceReportView>('/reports/repost-compliance', { quarter }), [quarter]);
  const [exportXlsx, exporting] = useAction(() => api.download(`/reports/repost-compliance?quarter=${encodeURIComponent(quarter)}&format=xlsx`, `${quarter}转发任务完成情况.xlsx`));
  const data = report.data;
  const nonCompliant = new Set(data?.nonCompliantUnits ?? []);
  type Row = RepostComplianceReportView['units'][number];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {quarterSelect}
        <Button icon={<FileExcelOutlined />} loading={exporting} onClick={() => exportXlsx()}>
          导出 Excel
        </Button>
        {data ? (
          <Typography.Text type="secondary">
            {formatDate(data.period.from)} 至 {formatDate(new Date(new Date(data.period.to).getTime() - 1).toISOString())}，共 {data.tasks.length} 个任务
          </Typography.Text>
        ) : null}
      </Space>
      {report.error ? <LoadError error={report.error} onRetry={report.reload} /> : null}
      {data && data.nonCompliantUnits.length > 0 ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`有未完成转发任务的单位：${data.nonCompliantUnits.join('、')}`} />
      ) : null}
      <Table<Row>
        data-testid="repost-report"
        rowKey="unitId"
        loading={report.loading}
        dataSource={data?.units ?? []}
        pagination={false}
        rowClassName={(row) => (nonCompliant.has(row.unitName) ? 'repost-noncompliant' : '')}
        onRow={(row) => (nonCompliant.has(row.unitName) ? { style: { background: '#fff1f0' } } : {})}
        locale={{ emptyText: `${formatQuarter(quarter)}没有转发任务` }}
        columns={[
          {
            title: '单位',
            dataIndex: 'unitName',
            render: (name: string) =>
              nonCompliant.has(name) ? (
                <Typography.Text type="danger" strong>
                  {name}
                </Typography.Text>
              ) : (
                name
              ),
          },
          { title: '应转发', dataIndex: 'required', width: 90, align: 'right' },
          { title: '按时完成', dataIndex: 'done', width: 90, align: 'right' },
          { title: '逾期完成', dataIndex: 'late', width: 90, align: 'right' },
          { title: '未完成', dataIndex: 'missing', width: 90, align: 'right', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
          { title: '待完成', dataIndex: 'pending', width: 90, align: 'right' },
          {
            title: '未完成任务',
            dataIndex: 'missingTasks',
            render: (tasks: Row['missingTasks']) =>
              tasks.length ? (
                <Space orientation="vertical" size={0}>
                  {tasks.map((t) => (
                    <Link key={t.id} to={`/repost-tasks/${t.id}`}>
                      {t.title}
                    </Link>
                  ))}
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </>
  );
}

function TaskImport() {
  const { file, setFile, choose, outcome, upload, uploading } = useRowImport('/repost-tasks/import');
  const [download, downloading] = useAction(() => api.download('/repost-tasks/import/template', '转发任务导入模板.xlsx'));

  return (
    <Card>
      <Typography.Paragraph>
        按模板填写转发任务（XLSX 或 CSV），每行一个任务。<Typography.Text strong>有任何一行出错则全部不导入</Typography.Text>。
      </Typography.Paragraph>
      <Space wrap>
        <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => download()}>
          下载模板
        </Button>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(f) => {
            choose(f);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'tasks', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />}>选择文件</Button>
        </Upload>
        <Button type="primary" disabled={!file} loading={uploading} onClick={() => upload()}>
          开始导入
        </Button>
      </Space>
      {outcome?.kind === 'done' ? <Alert style={{ marginTop: 16 }} type="success" showIcon title={`导入成功：共导入 ${outcome.result.imported} 个任务`} /> : null}
      {outcome?.kind === 'rows' ? (
        <>
          <Alert style={{ marginTop: 16, marginBottom: 16 }} type="error" showIcon title={`未导入任何任务：共 ${outcome.errors.length} 处问题，请改正后重新上传`} />
          <RowErrorsTable errors={outcome.errors} />
        </>
      ) : null}
    </Card>
  );
}
