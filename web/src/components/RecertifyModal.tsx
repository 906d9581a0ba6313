// 核查: the unit confirms or corrects an account's facts in one form (POST /accounts/:id/recertify).
import { Alert, Button, Form, Input, Modal, Space, Spin, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { AccountView, ColumnPage, ColumnView, HandoverFlagView, RecertificationStatusView } from '../api/schema';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { ACCOUNT_FIELD_LABELS as L, HANDOVER_REASON_LABELS } from '../labels';
import { LoadError } from './LoadError';

const TEXT_FIELDS = ['name', 'platformAccountId', 'homepageUrl', 'certifiedSubject', 'operatorName', 'operatorPhone'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

interface ColumnValue {
  id?: number;
  name?: string;
  url?: string;
}

type RecertifyValues = Partial<Record<TextField, string>> & { columns?: ColumnValue[] };

/** Only what changed: text fields trimmed (emptied ones as null), the column list when it differs. */
function changedBody(values: RecertifyValues, account: AccountView, columns: ColumnView[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of TEXT_FIELDS) {
    const value = values[key]?.trim() || null;
    const before = (account[key] as string | null | undefined) ?? null;
    if (value !== before) body[key] = value;
  }
  const wanted = (values.columns ?? []).map((c) => ({ ...(c.id !== undefined ? { id: c.id } : {}), name: (c.name ?? '').trim(), url: (c.url ?? '').trim() }));
  const same = wanted.length === columns.length && wanted.every((c, i) => String(c.id) === String(columns[i].id) && c.name === columns[i].name && c.url === columns[i].url);
  if (!same) body.columns = wanted;
  return body;
}

function RecertifyForm({ account, columns, flags, onDone }: { account: AccountView; columns: ColumnView[]; flags: HandoverFlagView[]; onDone: () => void }) {
  const [form] = Form.useForm<RecertifyValues>();
  const [submit, submitting] = useAction(
    async (values: RecertifyValues) => {
      await api.post(`/accounts/${account.id}/recertify`, changedBody(values, account, columns));
      onDone();
    },
    { form, success: '核查已确认' },
  );
  return (
    <Form<RecertifyValues>
      form={form}
      name="recertify"
      layout="vertical"
      onFinish={submit}
      initialValues={{
        ...Object.fromEntries(TEXT_FIELDS.map((k) => [k, (account[k] as string | null | undefined) ?? undefined])),
        columns: columns.map((c) => ({ id: c.id, name: c.name, url: c.url })),
      }}
    >
      {flags.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="handover-warning"
          title="待交接"
          description={`${flags.map((f) => `${HANDOVER_REASON_LABELS[f.reason]}：${f.userName}`).join('；')}。请登记新的负责人及电话，并做好交接培训。`}
        />
      )}
      <Typography.Paragraph type="secondary">信息无变化时直接点击“确认核查”；修改的内容会记入账号的变更记录。</Typography.Paragraph>
      <Form.Item name="name" label={L.name} rules={[{ required: true, whitespace: true, message: '请填写账号名称' }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="platformAccountId" label={L.platformAccountId}>
        <Input maxLength={128} />
      </Form.Item>
      <Form.Item name="homepageUrl" label={L.homepageUrl}>
        <Input maxLength={1000} placeholder="https://" />
      </Form.Item>
      <Form.Item name="certifiedSubject" label={L.certifiedSubject} extra="平台上显示的认证主体，如“某某镇人民政府”">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="operatorName" label={L.operatorName}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="operatorPhone" label={L.operatorPhone}>
        <Input maxLength={30} />
      </Form.Item>
      <Typography.Text strong>栏目</Typography.Text>
      <Form.List name="columns">
        {(fields, { add, remove }) => (
          <div data-testid="recertify-columns" style={{ marginTop: 8 }}>
            {fields.map((field) => (
              <Space key={field.key} align="start" style={{ display: 'flex' }}>
                <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写栏目名称' }]}>
                  <Input maxLength={100} placeholder="栏目名称" aria-label="栏目名称" />
                </Form.Item>
                <Form.Item name={[field.name, 'url']} rules={[{ required: true, whitespace: true, message: '请填写栏目链接' }]}>
                  <Input maxLength={2000} placeholder="栏目链接 https://" aria-label="栏目链接" style={{ width: 280 }} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} aria-label="删除栏目" onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', url: '' })}>
              添加栏目
            </Button>
          </div>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={submitting} block style={{ marginTop: 24 }}>
        确认核查
      </Button>
    </Form>
  );
}

/** The 核查 dialog for one account; loads the account, its columns and open handover flags. */
export function RecertifyModal({ accountId, onClose, onDone }: { accountId: number | null; onClose: () => void; onDone: () => void }) {
  const data = useRequest(
    async () =>
      accountId === null
        ? null
        : Promise.all([
            api.get<AccountView>(`/accounts/${accountId}`),
            api.get<ColumnPage>(`/accounts/${accountId}/columns`, { pageSize: 200 }),
            api.get<RecertificationStatusView>(`/accounts/${accountId}/recertification`),
          ]),
    [accountId],
  );
  const loaded = data.data;
  return (
    <Modal open={accountId !== null} title={loaded ? `核查：${loaded[0].name}` : '核查'} footer={null} onCancel={onClose} destroyOnHidden width={640}>
      {data.error ? <LoadError error={data.error} onRetry={data.reload} /> : null}
      {!loaded || data.loading ? (
        <Spin style={{ display: 'block', margin: 24 }} />
      ) : (
        <RecertifyForm account={loaded[0]} columns={loaded[1].items} flags={loaded[2].handoverFlags} onDone={onDone} />
      )}
    </Modal>
  );
}
