// 账号发现: import a list of accounts seen on the platforms, see how each compares with the
// registry, and triage them (认领 → an application; 假冒 → a case in the quarterly report; 忽略).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { DiscoveryBatchView, DiscoveryImportResultView, DiscoveryRowPage, DiscoveryRowView } from '../api/schema';
import type { DiscoveryStatus, TriageState } from '../api/models';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { useRowImport } from '../hooks/useRowImport';
import { RowErrorsTable } from '../components/RowErrorsTable';
import { useRequest } from '../hooks/useRequest';
import { DISCOVERY_STATUS_LABELS, TRIAGE_LABELS, labelOf, optionsOf } from '../labels';
import { can } from '../permissions';
import { formatDate, formatDateTime } from '../time';
import { PlatformTag } from '../platforms';

type Action = 'claim' | 'impostor' | 'dismiss';
const STATUS_COLORS: Record<DiscoveryStatus, string> = { registered: 'green', deregistered_active: 'red', deregistered: 'default', undeclared: 'orange', unrelated: 'default' };
const ACTION_TITLES: Record<Action, string> = { claim: '认领为本区账号（创建申请）', impostor: '认定为假冒账号', dismiss: '忽略' };

interface TriageValues {
  unitId?: number;
  note?: string;
  justification?: string;
}

function TriageModal({ row, action, onClose, onDone }: { row: DiscoveryRowView; action: Action; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<TriageValues>();
  const [save, saving] = useAction(
    async (values: TriageValues) => {
      await api.post(`/discoveries/${row.id}/triage`, { action, ...values });
      onDone();
    },
    { form, success: action === 'claim' ? '已认领，已为该单位创建账号申请' : '已处理' },
  );
  return (
    <Modal open title={ACTION_TITLES[action]} okText="确定" cancelText="取消" okButtonProps={{ loading: saving }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph>
        <PlatformTag code={row.platform} /> · {row.name}
        {row.platformAccountId ? `(${row.platformAccountId})` : ''}
      </Typography.Paragraph>
      <Form<TriageValues> form={form} name="triage" layout="vertical" onFinish={save} initialValues={{ unitId: row.matchedUnit?.id }}>
        {action !== 'dismiss' && (
          <Form.Item
            name="unitId"
            label={action === 'claim' ? '所属单位' : '被冒用的单位（选填）'}
            rules={action === 'claim' ? [{ required: true, message: '请选择账号所属单位' }] : []}
          >
            <UnitSelect activeOnly={action === 'claim'} allowClear={action !== 'claim'} placeholder="搜索单位" />
          </Form.Item>
        )}
        {action === 'claim' && (
          <Form.Item name="justification" label="多账号理由（选填）" extra="该单位在此平台已有在用账号时必填">
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={action === 'impostor' ? '证据与说明' : '说明'}
          rules={action === 'dismiss' ? [{ required: true, whitespace: true, message: '请写明为什么忽略' }] : []}
        >
          <Input.TextArea maxLength={1000} rows={3} placeholder={action === 'impostor' ? '如：冒用单位名称和标志发布信息，截图已存档' : undefined} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportCard({ onImported }: { onImported: (batchId: number) => void }) {
  const { file, setFile, choose, outcome, upload, uploading } = useRowImport<DiscoveryImportResultView>('/discoveries/import', (result) => onImported(result.batchId));
  const errors = outcome?.kind === 'rows' ? outcome.errors : null;
  return (
    <Card title="导入发现清单" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">
        XLSX 或 CSV，列：平台（代码或中文名）、账号名称、账号ID、主页链接、认证主体、最近发布；平台、账号名称必填，账号ID和主页链接至少填一项。有任何一行出错则全部不导入。
      </Typography.Paragraph>
      <Space>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(f) => (choose(f), false)}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'discovery', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />}>选择文件</Button>
        </Upload>
        <Button type="primary" disabled={!file} loading={uploading} onClick={() => upload()}>
          开始导入
        </Button>
      </Space>
      {errors && (
        <>
          <Alert style={{ margin: '16px 0' }} type="error" showIcon title={`未导入任何数据：共 ${errors.length} 处问题，请改正后重新上传`} />
          <RowErrorsTable errors={errors} testId="discovery-import-errors" />
        </>
      )}
    </Card>
  );
}

export default function DiscoveryPage() {
  const user = useCurrentUser();
  const [batchId, setBatchId] = useState<number | undefined>();
  const [status, setStatus] = useState<DiscoveryStatus | undefined>();
  const [triage, setTriage] = useState<TriageState | 'none' | undefined>();
  const [page, setPage] = useState(1);
  const [acting, setActing] = useState<{ row: DiscoveryRowView; action: Action } | null>(null);
  const batches = useRequest(() => api.get<DiscoveryBatchView[]>('/discoveries/batches'), []);
  const rows = useRequest(() => api.get<DiscoveryRowPage>('/discoveries', { batchId, status, triage, page, pageSize: 20 }), [batchId, status, triage, page]);
  const reloadAll = () => {
    batches.reload();
    rows.reload();
  };
  return (
    <>
      <PageHeader title="账号发现" />
      {can.triageDiscovery(user) && (
        <ImportCard
          onImported={(id) => {
            setBatchId(id);
            setPage(1);
            reloadAll();
          }}
        />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          style={{ width: 320 }}
          allowClear
          placeholder="全部批次"
          value={batchId}
          onChange={(v) => (setBatchId(v), setPage(1))}
          options={(batches.data ?? []).map((b) => ({ value: b.id, label: `批次 ${b.id}：${b.fileName}（${b.rows} 行，待处理 ${b.untriaged}）· ${formatDateTime(b.createdAt)}` }))}
        />
        <Select
          style={{ width: 220 }}
          allowClear
          placeholder="全部判定结果"
          value={status}
          onChange={(v) => (setStatus(v), setPage(1))}
          options={optionsOf(DISCOVERY_STATUS_LABELS)}
        />
        <Select
          style={{ width: 160 }}
          allowClear
          placeholder="全部处理状态"
          value={triage}
          onChange={(v) => (setTriage(v), setPage(1))}
          options={[{ value: 'none' as const, label: '待处理' }, ...optionsOf(TRIAGE_LABELS)]}
        />
      </Space>
      {rows.error ? (
        <LoadError error={rows.error} onRetry={rows.reload} />
      ) : (
        <Table<DiscoveryRowView>
          data-testid="discovery-rows"
          rowKey="id"
          loading={rows.loading}
          dataSource={rows.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: rows.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: '平台', dataIndex: 'platform', width: 110, render: (code: string) => <PlatformTag code={code} /> },
            {
              title: '账号',
              key: 'name',
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  {r.homepageUrl ? (
                    <a href={r.homepageUrl} target="_blank" rel="noreferrer noopener">
                      {r.name}
                    </a>
                  ) : (
                    r.name
                  )}
                  <Typography.Text type="secondary">{[r.platformAccountId, r.certifiedSubject].filter(Boolean).join(' · ')}</Typography.Text>
                </Space>
              ),
            },
            { title: '最近发布', dataIndex: 'lastPostedAt', width: 110, render: (v: string | null) => formatDate(v) },
            { title: '判定', dataIndex: 'status', width: 170, render: (s: DiscoveryStatus) => <Tag color={STATUS_COLORS[s]}>{labelOf(DISCOVERY_STATUS_LABELS, s)}</Tag> },
            { title: '依据', dataIndex: 'reason' },
            {
              title: '处理',
              key: 'triage',
              width: 230,
              render: (_, r) =>
                r.triage ? (
                  <Space direction="vertical" size={0}>
                    <Tag color={r.triage === 'impostor' ? 'red' : r.triage === 'claimed' ? 'blue' : 'default'}>{labelOf(TRIAGE_LABELS, r.triage)}</Tag>
                    {r.claimedAccountId && <Link to={`/accounts/${r.claimedAccountId}`}>查看账号申请</Link>}
                    {r.triageUnit && <Typography.Text type="secondary">{r.triageUnit.name}</Typography.Text>}
                    {r.triageNote && <Typography.Text type="secondary">{r.triageNote}</Typography.Text>}
                  </Space>
                ) : can.triageDiscovery(user) && r.status !== 'registered' ? (
                  <Space size={4} wrap>
                    <Button size="small" type="primary" onClick={() => setActing({ row: r, action: 'claim' })}>
                      认领
                    </Button>
                    <Button size="small" danger onClick={() => setActing({ row: r, action: 'impostor' })}>
                      假冒
                    </Button>
                    <Button size="small" onClick={() => setActing({ row: r, action: 'dismiss' })}>
                      忽略
                    </Button>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{r.status === 'registered' ? '无需处理' : '待处理'}</Typography.Text>
                ),
            },
          ]}
        />
      )}
      {acting && (
        <TriageModal
          row={acting.row}
          action={acting.action}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            reloadAll();
          }}
        />
      )}
    </>
  );
}
