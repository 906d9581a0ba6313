// 季度通报: the quarterly report on screen (live or published), XLSX/DOCX downloads, publishing,
// and the quarter's targets (发布任务).
import { useState } from 'react';
import { App, Alert, Button, Card, Col, Descriptions, Form, InputNumber, Modal, Popconfirm, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { CheckCircleOutlined, FileExcelOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { QuarterlyReportView, ReportUnitRowView, TargetsView } from '../api/schema';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { ReportSettingsCard } from '../components/ReportSettingsCard';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { useReportExport } from '../hooks/useReportExport';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { REPORT_STATUS_LABELS, TARGET_SOURCE_LABELS } from '../labels';
import { PlatformTag } from '../platforms';
import { formatDate, formatDateTime, formatQuarter, isQuarter, quarterOf, recentQuarters } from '../time';

const OFFICE = ['admin', 'reviewer'];

function unitList(label: string, names: string[], color: string, testId: string) {
  return {
    key: testId,
    label: `${label}（${names.length}）`,
    children: (
      <span data-testid={testId}>
        {names.length ? (
          names.map((n) => (
            <Tag key={n} color={color}>
              {n}
            </Tag>
          ))
        ) : (
          <Typography.Text type="secondary">无</Typography.Text>
        )}
      </span>
    ),
  };
}

function ReportView({ quarter, office, operator }: { quarter: string; office: boolean; operator: boolean }) {
  const report = useRequest(() => api.get<QuarterlyReportView>('/reports/quarterly', { quarter }), [quarter]);
  const data = report.data;
  // The files are built in the background (any worker), with their progress shown, then downloaded.
  const exports = useReportExport();
  const downloadXlsx = () => exports.start({ report: 'quarterly', quarter, format: 'xlsx' }, '统计表');
  const downloadDocx = () => exports.start({ report: 'quarterly', quarter, format: 'docx' }, '通报');
  const [publish, publishing] = useAction(
    async (replace: boolean) => {
      await api.post('/reports/quarterly/publish', { quarter, replace });
      report.reload();
    },
    { success: '已发布，本季度通报的数据已冻结' },
  );

  return (
    <>
      {exports.box}
      <Space wrap style={{ marginBottom: 16 }}>
        {data ? (
          <Tag data-testid="report-status" color={data.status === 'published' ? 'green' : 'blue'}>
            {REPORT_STATUS_LABELS[data.status]}
          </Tag>
        ) : null}
        {data?.status === 'published' ? (
          <Typography.Text type="secondary">
            {data.publishedBy} 于 {formatDateTime(data.publishedAt)} 发布，数据不再随采集变化
          </Typography.Text>
        ) : data ? (
          <Typography.Text type="secondary">
            统计区间 {formatDate(data.period.from)} 至 {formatDate(new Date(new Date(data.period.to).getTime() - 1).toISOString())}
            {data.current ? `，截至 ${formatDateTime(data.asOf)}` : ''}
          </Typography.Text>
        ) : null}
        {!operator ? (
          <>
            <Button icon={<FileExcelOutlined />} loading={exports.running} onClick={() => downloadXlsx()} data-testid="download-xlsx">
              下载统计表（Excel）
            </Button>
            <Button icon={<FileWordOutlined />} loading={exports.running} onClick={() => downloadDocx()} data-testid="download-docx">
              下载通报（Word）
            </Button>
          </>
        ) : null}
        {office && data ? (
          data.status === 'published' ? (
            <Popconfirm title="按当前数据重新发布？" description="已发布的数据将被替换" onConfirm={() => publish(true)}>
              <Button loading={publishing}>重新发布</Button>
            </Popconfirm>
          ) : (
            <Popconfirm title={`发布${formatQuarter(quarter)}通报？`} description="发布后数据冻结，之后的采集与修改不再影响本季度通报" onConfirm={() => publish(false)}>
              <Button type="primary" icon={<CheckCircleOutlined />} loading={publishing} data-testid="publish">
                发布
              </Button>
            </Popconfirm>
          )
        ) : null}
      </Space>
      {report.error ? <LoadError error={report.error} onRetry={report.reload} /> : null}
      {operator ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title="信息员只能查看本单位的数据" /> : null}
      {data ? (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }} data-testid="report-totals">
            <Col span={4}>
              <Card size="small">
                <Statistic title="发布（条）" value={data.totals.posts} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small">
                <Statistic title="转发（条）" value={data.totals.reposts} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small">
                <Statistic title="在运行账号" value={data.totals.accountsOpen} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small">
                <Statistic title="完成发布任务单位" value={data.goodUnits.length} suffix={`/ ${data.totals.units}`} />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small">
                <Statistic title="转发任务" value={data.totals.repostTasks.tasks} suffix="项" />
              </Card>
            </Col>
            <Col span={4}>
              <Card size="small">
                <Statistic title="未整改风险" value={data.totals.openFindings} />
              </Card>
            </Col>
          </Row>
          <Descriptions
            bordered
            size="small"
            column={1}
            style={{ marginBottom: 16 }}
            data-testid="report-lists"
            items={[
              unitList('做的好的单位', data.goodUnits, 'green', 'good-units'),
              unitList('未完成发布任务', data.unmetUnits, 'orange', 'unmet-units'),
              unitList('信息发布为0', data.zeroPostUnits, 'red', 'zero-units'),
              unitList('未完成转发任务', data.repostNonCompliantUnits, 'red', 'repost-units'),
              unitList('栏目链接无法访问', data.brokenLinkUnits, 'red', 'broken-units'),
              {
                key: 'inactive',
                label: `超过${data.inactiveDays}天未更新的账号（${data.inactiveAccounts.length}）`,
                children: (
                  <span data-testid="inactive-accounts">
                    {data.inactiveAccounts.length ? (
                      data.inactiveAccounts.slice(0, 50).map((a) => (
                        <Tag key={a.accountId}>
                          {a.unitName}·{a.name}（<PlatformTag code={a.platform} />，{a.lastPostAt ? `最近 ${formatDate(a.lastPostAt)}` : '无发布'}）
                        </Tag>
                      ))
                    ) : (
                      <Typography.Text type="secondary">无</Typography.Text>
                    )}
                    {data.inactiveAccounts.length > 50 ? <Typography.Text type="secondary">等 {data.inactiveAccounts.length} 个</Typography.Text> : null}
                  </span>
                ),
              },
              {
                key: 'findings',
                label: '违规与风险',
                children: data.findings.length ? (
                  data.findings.map((f) => <Tag key={f.kind} color="volcano">{`${f.label} ${f.count}`}</Tag>)
                ) : (
                  <Typography.Text type="secondary">无</Typography.Text>
                ),
              },
            ]}
          />
        </>
      ) : null}
      <Table<ReportUnitRowView>
        data-testid="report-units"
        rowKey="unitId"
        size="small"
        loading={report.loading}
        dataSource={data?.units ?? []}
        pagination={{ defaultPageSize: 50, showSizeChanger: true }}
        scroll={{ x: 1100 }}
        columns={[
          { title: '单位', dataIndex: 'unitName', fixed: 'left', width: 160, render: (name: string, row) => (row.unitStatus === 'abolished' ? `${name}（已撤并）` : name) },
          { title: '账号', dataIndex: 'accountsOpen', width: 70, align: 'right' },
          { title: '发布', dataIndex: 'posts', width: 80, align: 'right' },
          { title: '转发', dataIndex: 'reposts', width: 80, align: 'right' },
          { title: '发布任务', key: 'target', width: 120, render: (_: unknown, row) => `${row.targetPosts} / ${row.targetReposts}（${TARGET_SOURCE_LABELS[row.targetSource]}）` },
          { title: '完成情况', dataIndex: 'met', width: 90, render: (met: boolean) => (met ? <Tag color="green">完成</Tag> : <Tag color="red">未完成</Tag>) },
          {
            title: '转发任务 应/按时/逾期/未完成',
            key: 'rt',
            width: 150,
            render: (_: unknown, row) => `${row.repostTasks.required}/${row.repostTasks.done}/${row.repostTasks.late}/${row.repostTasks.missing}`,
          },
          { title: '失效栏目', dataIndex: 'brokenColumns', width: 80, align: 'right' },
          { title: '最近发布', dataIndex: 'lastPostAt', width: 110, render: (at: string | null) => (at ? formatDate(at) : '无') },
          { title: '存在问题', dataIndex: 'problems', render: (p: string[]) => p.join('；') || '—' },
        ]}
      />
    </>
  );
}

function TargetsEditor({ quarter, office }: { quarter: string; office: boolean }) {
  const { message } = App.useApp();
  const targets = useRequest(() => api.get<TargetsView>('/targets', { quarter }), [quarter]);
  const [defaultForm] = Form.useForm();
  const [unitForm] = Form.useForm();
  const [adding, setAdding] = useState(false);
  const data = targets.data;
  const [saveDefault, savingDefault] = useAction(
    async () => {
      const values = await defaultForm.validateFields();
      await api.put('/targets', { quarter, posts: values.posts, reposts: values.reposts });
      targets.reload();
    },
    { form: defaultForm, success: '默认发布任务已保存' },
  );
  const [saveUnit, savingUnit] = useAction(
    async () => {
      const values = await unitForm.validateFields();
      await api.put('/targets', { quarter, unitId: Number(values.unitId), posts: values.posts, reposts: values.reposts });
      setAdding(false);
      unitForm.resetFields();
      targets.reload();
    },
    { form: unitForm, success: '单位发布任务已保存' },
  );
  const [remove] = useAction(async (unitId: number) => {
    await api.delete(`/targets?quarter=${encodeURIComponent(quarter)}&unitId=${unitId}`);
    message.success('已删除，该单位改按默认任务');
    targets.reload();
  });

  return (
    <>
      {targets.error ? <LoadError error={targets.error} onRetry={targets.reload} /> : null}
      <Card size="small" title={`${formatQuarter(quarter)}默认发布任务（所有单位）`} style={{ marginBottom: 16 }}>
        <Form
          form={defaultForm}
          layout="inline"
          key={`${quarter}-${data?.default?.posts ?? 'x'}-${data?.default?.reposts ?? 'x'}`}
          initialValues={{ posts: data?.default?.posts, reposts: data?.default?.reposts }}
          disabled={!office}
        >
          <Form.Item name="posts" label="发布（条）" rules={[{ required: true, message: '请填写发布任务' }]}>
            <InputNumber min={0} precision={0} aria-label="默认发布任务" />
          </Form.Item>
          <Form.Item name="reposts" label="转发（条）" rules={[{ required: true, message: '请填写转发任务' }]}>
            <InputNumber min={0} precision={0} aria-label="默认转发任务" />
          </Form.Item>
          {office ? (
            <Button type="primary" loading={savingDefault} onClick={() => saveDefault()} data-testid="save-default-target">
              保存
            </Button>
          ) : null}
        </Form>
        {!data?.default ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            尚未设置：未单独设置任务的单位，有发布即视为完成。
          </Typography.Paragraph>
        ) : null}
      </Card>
      <Card
        size="small"
        title="单独设置的单位"
        extra={
          office ? (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              为单位设置
            </Button>
          ) : null
        }
      >
        <Table
          rowKey="unitId"
          size="small"
          loading={targets.loading}
          dataSource={data?.units ?? []}
          pagination={false}
          locale={{ emptyText: '没有单独设置的单位，全部按默认任务' }}
          columns={[
            { title: '单位', dataIndex: 'unitName' },
            { title: '发布（条）', dataIndex: 'posts', width: 100, align: 'right' },
            { title: '转发（条）', dataIndex: 'reposts', width: 100, align: 'right' },
            { title: '设置人', dataIndex: 'updatedBy', width: 120 },
            ...(office
              ? [
                  {
                    title: '操作',
                    key: 'ops',
                    width: 90,
                    render: (_: unknown, row: TargetsView['units'][number]) => (
                      <Popconfirm title="删除后该单位按默认任务计" onConfirm={() => remove(row.unitId)}>
                        <Button type="link" danger size="small">
                          删除
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal title="为单位设置发布任务" open={adding} onCancel={() => setAdding(false)} onOk={() => saveUnit()} confirmLoading={savingUnit} okText="保存" destroyOnHidden>
        <Form form={unitForm} layout="vertical">
          <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
            <UnitSelect activeOnly placeholder="选择单位" />
          </Form.Item>
          <Form.Item name="posts" label="发布（条）" rules={[{ required: true, message: '请填写发布任务' }]}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="reposts" label="转发（条）" rules={[{ required: true, message: '请填写转发任务' }]}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export default function ReportPage() {
  const user = useCurrentUser();
  const query = useUrlQuery();
  const current = quarterOf();
  const requested = query.get('quarter');
  const quarter = isQuarter(requested) ? requested : current;
  const tab = query.get('tab') === 'targets' || query.get('tab') === 'settings' ? query.get('tab')! : 'report';
  const quarters = recentQuarters(24, current);
  if (!quarters.includes(quarter)) quarters.push(quarter);
  const office = OFFICE.includes(user.role);

  return (
    <>
      <PageHeader
        title="季度通报"
        extra={
          <Select
            value={quarter}
            showSearch={{ optionFilterProp: 'search' }}
            options={quarters.map((q) => ({ value: q, label: `${formatQuarter(q)}（${q}）`, search: `${q} ${formatQuarter(q)}` }))}
            onChange={(value) => query.update({ quarter: value === current ? undefined : value })}
            style={{ width: 220 }}
            aria-label="季度"
          />
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => query.update({ tab: key === 'report' ? undefined : key })}
        items={[
          { key: 'report', label: '通报数据', children: <ReportView quarter={quarter} office={office} operator={user.role === 'operator'} /> },
          { key: 'targets', label: '发布任务', children: <TargetsEditor quarter={quarter} office={office} /> },
          ...(office ? [{ key: 'settings', label: '通报设置', children: <ReportSettingsCard editable={user.role === 'admin'} /> }] : []),
        ]}
      />
    </>
  );
}
