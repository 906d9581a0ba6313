// 领导信息: leaders' names, titles and terms, which the 领导职务错误 check compares posts with.
// Everyone reads the list; the administrator edits it and saves the whole list at once.
import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api/client';
import type { LeaderView } from '../api/schema';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { RulesRescanProgress } from '../components/RulesRescanProgress';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { can } from '../permissions';
import { formatDateTime } from '../time';

interface TermRow {
  name: string;
  title: string;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
}

const DAY = 'YYYY-MM-DD';
const toRow = (l: LeaderView): TermRow => ({ name: l.name, title: l.title, validFrom: l.validFrom ? dayjs(l.validFrom) : null, validTo: l.validTo ? dayjs(l.validTo) : null });
const toBody = (r: TermRow) => ({
  name: r.name ?? '',
  title: r.title ?? '',
  validFrom: r.validFrom ? r.validFrom.format(DAY) : null,
  validTo: r.validTo ? r.validTo.format(DAY) : null,
});

export default function LeadersPage() {
  const user = useCurrentUser();
  const admin = can.manageLeaders(user);
  const leaders = useRequest(() => api.get<LeaderView[]>('/leaders'), []);
  const [form] = Form.useForm<{ terms: TermRow[] }>();
  // A saved change has the posts checked again; its progress is shown below the header.
  const [changedAt, setChangedAt] = useState(0);

  useEffect(() => {
    if (leaders.data) form.setFieldsValue({ terms: leaders.data.map(toRow) });
  }, [leaders.data, form]);

  const [save, saving] = useAction(
    async (values: { terms?: TermRow[] }) => {
      await api.put('/leaders', (values.terms ?? []).map(toBody));
      leaders.reload();
      setChangedAt(Date.now());
    },
    { success: '领导信息已保存' },
  );

  const readOnly = (
    <Table<LeaderView>
      rowKey="id"
      loading={leaders.loading}
      dataSource={leaders.data ?? []}
      pagination={false}
      locale={{ emptyText: '尚未登记领导信息' }}
      columns={[
        { title: '姓名', dataIndex: 'name', width: 140 },
        { title: '职务', dataIndex: 'title' },
        { title: '任职起始', dataIndex: 'validFrom', width: 140, render: (d: string | null) => d ?? '—' },
        { title: '任职截止', dataIndex: 'validTo', width: 140, render: (d: string | null) => d ?? '现任' },
        { title: '更新时间', dataIndex: 'updatedAt', width: 170, render: formatDateTime },
      ]}
    />
  );

  return (
    <>
      <PageHeader title="领导信息" />
      <RulesRescanProgress changedAt={changedAt} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="发布中领导姓名后紧跟的职务（含简称，如“书记”“区长”）与其发布当日的职务不符时，记为“领导职务错误”（严重）。同名同姓的其他人、本人职务及简称、任期之前的旧职务都不算错误。日期按北京时间，起止日均包含在内；同一人同一时间只能有一个职务。"
      />
      {leaders.error ? <LoadError error={leaders.error} onRetry={leaders.reload} /> : null}
      {!admin ? (
        readOnly
      ) : (
        <Form form={form} onFinish={(values) => save(values)} data-testid="leaders-form">
          <Form.List name="terms">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                      <Input placeholder="姓名" maxLength={20} style={{ width: 120 }} aria-label="姓名" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'title']} rules={[{ required: true, whitespace: true, message: '请填写职务' }]}>
                      <Input placeholder="职务，如 区委书记" maxLength={40} style={{ width: 220 }} aria-label="职务" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'validFrom']}>
                      <DatePicker placeholder="任职起始" aria-label="任职起始" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'validTo']}>
                      <DatePicker placeholder="任职截止（空为现任）" aria-label="任职截止" />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label="删除" onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({ name: '', title: '', validFrom: null, validTo: null })}>
                    添加任职
                  </Button>
                  <Button type="primary" htmlType="submit" loading={saving}>
                    保存
                  </Button>
                  <Typography.Text type="secondary">保存时以当前列表整体替换</Typography.Text>
                </Space>
              </>
            )}
          </Form.List>
        </Form>
      )}
    </>
  );
}
