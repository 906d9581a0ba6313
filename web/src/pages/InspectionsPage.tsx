// 检查评分: two tabs — 检查轮次 (the rounds, filter by quarter, the create dialog) and 检查指标 (the
// current indicator set: edited by the administrator, read by everyone else).
import { useState } from 'react';
import { Button, Form, InputNumber, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { IndicatorView, InspectionRoundPage, InspectionRoundView } from '../api/schema';
import type { Platform } from '../api/models';
import { useCurrentUser } from '../auth';
import { IndicatorSetEditor } from '../components/IndicatorSetEditor';
import { IndicatorTable } from '../components/IndicatorTable';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { ROUND_STATUS_COLORS, ROUND_STATUS_LABELS } from '../inspection-labels';
import { can } from '../permissions';
import { platformOptionRender, usePlatforms } from '../platforms';
import { formatDate, formatDateTime, formatQuarter, isQuarter, recentQuarters } from '../time';

interface CreateForm {
  quarter: string;
  sampleRate?: number;
  unitIds?: number[];
  platforms?: Platform[];
  seed?: number;
}

export const passRateText = (rate: number | undefined) => (rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);

export default function InspectionsPage() {
  const query = useUrlQuery();
  const tab = query.get('tab') === 'indicators' ? 'indicators' : 'rounds';
  return (
    <>
      <PageHeader title="检查评分" />
      <Tabs
        activeKey={tab}
        onChange={(key) => query.update({ tab: key === 'rounds' ? undefined : key })}
        items={[
          { key: 'rounds', label: '检查轮次', children: tab === 'rounds' ? <Rounds /> : null },
          { key: 'indicators', label: '检查指标', children: tab === 'indicators' ? <Indicators /> : null },
        ]}
      />
    </>
  );
}

/** The current indicator set: an editor for the administrator, a table for everyone else. */
function Indicators() {
  const user = useCurrentUser();
  const indicators = useRequest(() => api.get<IndicatorView[]>('/inspection-indicators'), []);
  if (indicators.error) return <LoadError error={indicators.error} onRetry={indicators.reload} />;
  if (!can.manageIndicators(user) || !indicators.data) return <IndicatorTable indicators={indicators.data ?? []} loading={indicators.loading} testId="indicator-table" />;
  return <IndicatorSetEditor indicators={indicators.data} onSaved={() => indicators.reload()} />;
}

function Rounds() {
  const query = useUrlQuery();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const platforms = usePlatforms();
  const quarterParam = query.get('quarter');
  const quarter = isQuarter(quarterParam) ? quarterParam : undefined;
  const rounds = useRequest(() => api.get<InspectionRoundPage>('/inspections', { quarter, page: query.page, pageSize: query.pageSize }), [quarter, query.page, query.pageSize]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CreateForm>();
  const [create, creating] = useAction(
    async (values: CreateForm) => {
      const round = await api.post<InspectionRoundView>('/inspections', { ...values, sampleRate: values.sampleRate === undefined ? undefined : values.sampleRate / 100 });
      setOpen(false);
      navigate(`/inspections/${round.id}`);
    },
    { form, success: '检查轮次已创建' },
  );
  // Three years back: rounds are also made for past quarters (the bulletin's 2023Q3 in the demo).
  const quarters = recentQuarters(24);

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {can.review(user) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="create-round">
            新建检查轮次
          </Button>
        ) : null}
        <Select<string>
          allowClear
          placeholder="全部季度"
          aria-label="季度"
          style={{ width: 180 }}
          value={quarter}
          options={quarters.map((q) => ({ value: q, label: formatQuarter(q) }))}
          onChange={(value) => query.update({ quarter: value })}
        />
      </Space>
      {rounds.error ? <LoadError error={rounds.error} onRetry={rounds.reload} /> : null}
      <Table<InspectionRoundView>
        rowKey="id"
        loading={rounds.loading}
        dataSource={rounds.data?.items ?? []}
        pagination={query.pagination(rounds.data?.total)}
        locale={{ emptyText: '还没有检查轮次' }}
        columns={[
          { title: '轮次', dataIndex: 'id', render: (id: number) => <Link to={`/inspections/${id}`}>第 {id} 轮</Link> },
          { title: '季度', dataIndex: 'quarter', render: (q: string) => (isQuarter(q) ? formatQuarter(q) : q) },
          { title: '检查日', dataIndex: 'inspectionDate', render: formatDate },
          { title: '抽查比例', dataIndex: 'sampleRate', render: (r: number) => `${Math.round(r * 1000) / 10}%` },
          { title: '账号数', dataIndex: 'accounts' },
          { title: '状态', dataIndex: 'status', render: (s: InspectionRoundView['status']) => <Tag color={ROUND_STATUS_COLORS[s]}>{ROUND_STATUS_LABELS[s]}</Tag> },
          { title: '创建', render: (_: unknown, r) => `${r.createdBy ?? '—'} ${formatDateTime(r.createdAt)}` },
        ]}
      />
      <Modal title="新建检查轮次" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={creating} okText="创建" destroyOnHidden>
        <Form<CreateForm> form={form} layout="vertical" onFinish={(values) => create(values)} initialValues={{ quarter: quarters[1], sampleRate: 100 }}>
          <Form.Item name="quarter" label="季度" rules={[{ required: true, message: '请选择季度' }]}>
            <Select aria-label="检查季度" showSearch={{ optionFilterProp: 'label' }} options={quarters.map((q) => ({ value: q, label: formatQuarter(q) }))} />
          </Form.Item>
          <Form.Item name="sampleRate" label="抽查比例（%）" extra="每个单位按比例向上取整抽取；上一轮不合格账号必定复查" rules={[{ required: true, message: '请填写抽查比例' }]}>
            <InputNumber min={1} max={100} style={{ width: '100%' }} aria-label="抽查比例" />
          </Form.Item>
          <Form.Item name="unitIds" label="单位（不选为全部）">
            <UnitSelect mode="multiple" allowClear />
          </Form.Item>
          <Form.Item name="platforms" label="平台（不选为全部）">
            <Select mode="multiple" allowClear options={platforms.options} optionRender={platformOptionRender} />
          </Form.Item>
          <Form.Item name="seed" label="随机种子（可选）" extra="相同种子抽到相同账号；不填时自动生成并记录">
            <InputNumber min={0} max={2147483647} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
