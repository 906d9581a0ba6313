// 采集设置 of one account: where its posts come from, last poll, and 立即采集.
import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { CloudDownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { AccountView, PollRequestedView, PollRunView, SourceView } from '../api/schema';
import type { SourceKind } from '../api/models';
import { useCurrentUser } from '../auth';
import { useAction } from '../hooks/useApiError';
import { useJobProgress } from '../hooks/useJobProgress';
import { useRequest } from '../hooks/useRequest';
import { labelOf, optionsOf, SOURCE_ERROR_KIND_LABELS, SOURCE_KIND_LABELS } from '../labels';
import { accountPermits } from '../accountPermits';
import { formatDateTime } from '../time';
import { JobProgress } from './JobProgress';
import { LoadError } from './LoadError';

interface SourceValues {
  kind: SourceKind;
  url?: string;
  baseUrl?: string;
  appId?: string;
  appSecret?: string;
  uid?: string;
  accessToken?: string;
}

/** The fields each kind uses (the server refuses the others). */
const FIELDS: Record<SourceKind, (keyof SourceValues)[]> = {
  feed: ['url'],
  wechat_api: ['baseUrl', 'appId', 'appSecret'],
  weibo_api: ['baseUrl', 'uid', 'accessToken'],
  manual: [],
};
const SECRETS: (keyof SourceValues)[] = ['appSecret', 'accessToken'];
const POLLED: SourceKind[] = ['feed', 'wechat_api', 'weibo_api'];

function SecretState({ set }: { set: boolean }) {
  return set ? <Tag color="green">已设置</Tag> : <Tag>未设置</Tag>;
}

function SourceModal({ account, source, open, onClose, onSaved }: { account: AccountView; source: SourceView | null; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<SourceValues>();
  const kind = Form.useWatch('kind', form) ?? source?.kind ?? 'feed';
  const [baseUrl, appId, uid] = [Form.useWatch('baseUrl', form), Form.useWatch('appId', form), Form.useWatch('uid', form)];
  const same = (typed: string | undefined, stored: string | null | undefined) => (typed?.trim() || null) === (stored ?? null);
  // The server clears stored secrets when the kind, address or account changes (SECURITY.md): ask for them again.
  const sameKind = source?.kind === kind && same(baseUrl, source?.baseUrl) && same(appId, source?.appId) && same(uid, source?.uid);
  const cleared = source?.kind === kind && !sameKind && (source?.appSecretSet || source?.accessTokenSet);
  const [save, saving] = useAction(
    async (values: SourceValues) => {
      const body: Record<string, unknown> = { kind: values.kind };
      for (const field of FIELDS[values.kind]) {
        const value = values[field]?.trim();
        // Secrets are sent only when typed; an empty one keeps what is stored.
        if (SECRETS.includes(field)) {
          if (value) body[field] = value;
        } else body[field] = value ? value : null;
      }
      await api.put(`/accounts/${account.id}/source`, body);
      onSaved();
    },
    { form, success: '采集设置已保存' },
  );
  const secretPlaceholder = (set: boolean | undefined) => (sameKind && set ? '已设置；留空则不修改' : '');
  return (
    <Modal open={open} title="采集设置" okText="保存" cancelText="取消" okButtonProps={{ loading: saving }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<SourceValues>
        form={form}
        name="source"
        clearOnDestroy
        layout="vertical"
        onFinish={save}
        initialValues={{
          kind: source?.kind ?? 'feed',
          url: source?.url ?? undefined,
          baseUrl: source?.baseUrl ?? undefined,
          appId: source?.appId ?? undefined,
          uid: source?.uid ?? undefined,
        }}
      >
        <Form.Item name="kind" label="采集方式" rules={[{ required: true, message: '请选择采集方式' }]}>
          <Select options={optionsOf(SOURCE_KIND_LABELS)} />
        </Form.Item>
        {kind === 'feed' && (
          <Form.Item name="url" label="订阅地址" extra="RSS、Atom 或 JSON Feed 的网址" rules={[{ required: true, whitespace: true, message: '请填写订阅地址' }]}>
            <Input maxLength={2000} placeholder="https://" />
          </Form.Item>
        )}
        {kind === 'wechat_api' && (
          <>
            <Form.Item name="appId" label="AppID" rules={[{ required: true, whitespace: true, message: '请填写 AppID' }]}>
              <Input maxLength={128} />
            </Form.Item>
            <Form.Item
              name="appSecret"
              label="AppSecret"
              extra={cleared ? '接口地址或 AppID 已变更，原 AppSecret 将被清除，请重新填写' : `只写不读：当前${sameKind && source?.appSecretSet ? '已设置' : '未设置'}`}
              rules={sameKind && source?.appSecretSet ? [] : [{ required: true, whitespace: true, message: '请填写 AppSecret' }]}
            >
              <Input.Password maxLength={512} autoComplete="new-password" placeholder={secretPlaceholder(source?.appSecretSet)} />
            </Form.Item>
          </>
        )}
        {kind === 'weibo_api' && (
          <>
            <Form.Item name="uid" label="微博 uid" rules={[{ required: true, whitespace: true, message: '请填写微博 uid' }]}>
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item
              name="accessToken"
              label="access_token"
              extra={cleared ? '接口地址或 uid 已变更，原 access_token 将被清除，请重新填写' : `只写不读：当前${sameKind && source?.accessTokenSet ? '已设置' : '未设置'}`}
              rules={sameKind && source?.accessTokenSet ? [] : [{ required: true, whitespace: true, message: '请填写 access_token' }]}
            >
              <Input.Password maxLength={1000} autoComplete="new-password" placeholder={secretPlaceholder(source?.accessTokenSet)} />
            </Form.Item>
          </>
        )}
        {(kind === 'wechat_api' || kind === 'weibo_api') && (
          <Form.Item name="baseUrl" label="接口地址" extra="选填：使用代理或模拟器时替换平台接口地址">
            <Input maxLength={2000} placeholder="https://" />
          </Form.Item>
        )}
        {kind === 'manual' && <Typography.Paragraph type="secondary">不自动采集，发布记录通过“手工导入”上传。</Typography.Paragraph>}
      </Form>
    </Modal>
  );
}

export function AccountSourceCard({ account, onPolled }: { account: AccountView; onPolled: () => void }) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  // No source yet is a normal state: optional=true answers 204 (no failed request in the console).
  const source = useRequest(async () => (await api.get<SourceView | undefined>(`/accounts/${account.id}/source?optional=true`)) ?? null, [account.id]);
  const [editing, setEditing] = useState(false);
  const [watch, run] = useJobProgress<PollRunView>(
    (id) => `/polls/${id}`,
    (r) => r.status !== 'running',
  );
  const [poll, polling] = useAction(async () => {
    const { id } = await api.post<PollRequestedView>('/polls', { accountIds: [Number(account.id)] });
    const finished = await watch(id);
    if (!finished) return;
    source.reload();
    onPolled();
    if (finished.status === 'done' && finished.failed === 0) message.success(`采集完成：新增 ${finished.newPosts} 条发布记录`);
    else message.error('采集未成功，请查看下方的最近错误');
  });

  const s = source.data;
  const manage = accountPermits(user, account).source;

  return (
    <Card
      title="采集设置"
      style={{ marginTop: 16 }}
      data-testid="account-source"
      extra={
        <Space>
          {manage && s && POLLED.includes(s.kind) && (
            <Button type="primary" icon={<CloudDownloadOutlined />} loading={polling} onClick={() => poll()}>
              立即采集
            </Button>
          )}
          {manage && (
            <Button icon={<SettingOutlined />} onClick={() => setEditing(true)}>
              {s ? '修改设置' : '设置采集来源'}
            </Button>
          )}
        </Space>
      }
      loading={source.loading && source.data === undefined}
    >
      {run && (
        <JobProgress
          title="采集"
          done={run.succeeded + run.failed}
          total={run.total}
          state={run.status === 'running' ? 'running' : run.status === 'done' && run.failed === 0 ? 'done' : 'failed'}
          counters={
            <Space size={12} data-testid="poll-counters">
              <span>成功 {run.succeeded}</span>
              <span>失败 {run.failed}</span>
              <span>新增 {run.newPosts} 条</span>
            </Space>
          }
        />
      )}
      {source.error ? <LoadError error={source.error} onRetry={source.reload} /> : null}
      {s === null && <Typography.Text type="secondary">尚未设置采集来源：设置后系统会定时采集发布记录，也可“手工导入”。</Typography.Text>}
      {s && (
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'kind', label: '采集方式', children: labelOf(SOURCE_KIND_LABELS, s.kind) },
            ...(s.kind === 'feed' ? [{ key: 'url', label: '订阅地址', children: <span style={{ wordBreak: 'break-all' }}>{s.url ?? '—'}</span> }] : []),
            ...(s.kind === 'wechat_api'
              ? [
                  { key: 'appId', label: 'AppID', children: s.appId ?? '—' },
                  { key: 'appSecret', label: 'AppSecret', children: <SecretState set={s.appSecretSet} /> },
                ]
              : []),
            ...(s.kind === 'weibo_api'
              ? [
                  { key: 'uid', label: '微博 uid', children: s.uid ?? '—' },
                  { key: 'accessToken', label: 'access_token', children: <SecretState set={s.accessTokenSet} /> },
                ]
              : []),
            ...(s.baseUrl ? [{ key: 'baseUrl', label: '接口地址', children: s.baseUrl }] : []),
            { key: 'lastPolledAt', label: '最近采集', children: formatDateTime(s.lastPolledAt) },
            { key: 'lastSuccessAt', label: '最近成功', children: formatDateTime(s.lastSuccessAt) },
            {
              key: 'status',
              label: '采集状态',
              children: s.lastError ? (
                <Typography.Text type="danger" data-testid="source-last-error">
                  {s.lastErrorKind ? `${labelOf(SOURCE_ERROR_KIND_LABELS, s.lastErrorKind)}：` : ''}
                  {s.lastError}
                  {s.consecutiveFailures > 0 ? `（连续失败 ${s.consecutiveFailures} 次）` : ''}
                </Typography.Text>
              ) : s.lastSuccessAt ? (
                <Tag color="success">正常</Tag>
              ) : (
                <Tag>尚未采集</Tag>
              ),
            },
            ...(s.kind !== 'manual' ? [{ key: 'next', label: '下次采集', children: formatDateTime(s.nextPollAt) }] : []),
            ...(s.pausedUntil ? [{ key: 'paused', label: '暂停至', children: formatDateTime(s.pausedUntil) }] : []),
          ]}
        />
      )}
      <SourceModal
        account={account}
        source={s ?? null}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          source.reload();
        }}
      />
    </Card>
  );
}
