import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Space, Spin, Timeline, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { AccountView, HistoryEntryView, UnitView } from '../api/schema';
import type { TransitionAction } from '../api/models';
import { useCurrentUser } from '../auth';
import { AccountColumnsCard } from '../components/AccountColumnsCard';
import { AccountFindingsCard } from '../components/AccountFindingsCard';
import { AccountFields, accountTextBody, type AccountFieldValues } from '../components/AccountFields';
import { AccountPostsCard } from '../components/AccountPostsCard';
import { AccountRecertCard } from '../components/AccountRecertCard';
import { AccountSourceCard } from '../components/AccountSourceCard';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { JUSTIFICATION_REQUIRED, PlatformTakenNotice, usePlatformTaken } from '../components/PlatformTakenNotice';
import { StateTag } from '../components/StateTag';
import { ACTION_ORDER, isDangerAction, TransitionModal } from '../components/TransitionModal';
import { UnitName } from '../components/UnitName';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { ACCOUNT_FIELD_LABELS as L, ACTION_LABELS, HISTORY_ACTION_LABELS, labelOf, STATE_LABELS } from '../labels';
import { accountPermits } from '../accountPermits';
import { can } from '../permissions';
import { PlatformTag, usePlatforms } from '../platforms';
import { formatDateTime } from '../time';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One changed value as a person reads it. */
function showValue(field: string, value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') return '（空）';
  if (field === 'unitId') return <UnitName id={value as number} />;
  if (field === 'platform') return <PlatformTag code={String(value)} />;
  if (field === 'state') return labelOf(STATE_LABELS, value as never);
  if (typeof value === 'string' && ISO_TIME.test(value)) return formatDateTime(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * `changes` is opaque in the contract: accept {field: {from, to}}, {field: [from, to]},
 * {field: value} or a list. `skipTimes` leaves out the *At stamps a transition sets
 * (the entry already shows its time).
 */
function renderChanges(changes: unknown, skipTimes: boolean): ReactNode {
  if (!changes || typeof changes !== 'object') return null;
  const all: [string, unknown][] = Array.isArray(changes)
    ? changes.map((c: Record<string, unknown>, i) => [String(c?.field ?? i), c])
    : Object.entries(changes as Record<string, unknown>);
  const entries = all.filter(([field]) => !(skipTimes && field.endsWith('At')));
  if (entries.length === 0) return null;
  return (
    <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
      {entries.map(([field, change]) => {
        const c = change as Record<string, unknown> | unknown[] | null;
        let text: ReactNode;
        if (Array.isArray(c) && c.length === 2)
          text = (
            <>
              {showValue(field, c[0])} → {showValue(field, c[1])}
            </>
          );
        else if (c && typeof c === 'object' && !Array.isArray(c) && ('from' in c || 'to' in c || 'old' in c || 'new' in c || 'before' in c || 'after' in c)) {
          const from = c.from ?? c.old ?? c.before;
          const to = c.to ?? c.new ?? c.after;
          text = (
            <>
              {showValue(field, from)} → {showValue(field, to)}
            </>
          );
        } else text = showValue(field, change);
        return (
          <li key={field}>
            {L[field] ?? field}：{text}
          </li>
        );
      })}
    </ul>
  );
}

function HistoryTimeline({ entries }: { entries: HistoryEntryView[] }) {
  if (entries.length === 0) return <Empty description="暂无记录" />;
  return (
    <Timeline
      items={entries.map((entry, index) => ({
        key: index,
        color: entry.action === 'reject' || entry.action === 'deregister' ? 'red' : entry.action === 'update' ? 'gray' : 'blue',
        title: formatDateTime(entry.at),
        content: (
          <div data-testid="history-entry">
            <Space wrap size={4}>
              <Typography.Text strong>{HISTORY_ACTION_LABELS[entry.action] ?? entry.action}</Typography.Text>
              <Typography.Text>· 操作人 {entry.actor?.username ?? '系统'}</Typography.Text>
              {entry.toState && entry.fromState !== entry.toState && (
                <Typography.Text type="secondary">
                  {entry.fromState ? `${labelOf(STATE_LABELS, entry.fromState)} → ` : ''}
                  {labelOf(STATE_LABELS, entry.toState)}
                </Typography.Text>
              )}
            </Space>
            {entry.reason && <div>理由：{entry.reason}</div>}
            {entry.action === 'create' ? null : renderChanges(entry.changes, entry.action !== 'update')}
          </div>
        ),
      }))}
    />
  );
}

interface EditValues extends AccountFieldValues {
  unitId?: number;
  justification?: string;
}

function EditAccountModal({ account, open, onClose, onSaved }: { account: AccountView; open: boolean; onClose: () => void; onSaved: () => void }) {
  const user = useCurrentUser();
  const [form] = Form.useForm<EditValues>();
  const { nameOf } = usePlatforms();
  const movedTo = Form.useWatch('unitId', form);
  const moving = movedTo !== undefined && String(movedTo) !== String(account.unitId);
  // Moving into a unit that already runs an account on this platform needs a reason, told before saving.
  const taken = usePlatformTaken(moving ? movedTo : undefined, account.platform).filter((other) => other.id !== account.id);
  const [save, saving] = useAction(
    async (values: EditValues) => {
      const body: Record<string, unknown> = accountTextBody(values, account as unknown as Record<string, unknown>);
      if (values.unitId !== undefined && String(values.unitId) !== String(account.unitId)) body.unitId = values.unitId;
      if (moving && values.justification?.trim()) body.justification = values.justification.trim();
      await api.patch(`/accounts/${account.id}`, body);
      onSaved();
    },
    { form, success: '账号信息已保存' },
  );
  return (
    <Modal
      open={open}
      title={`编辑账号：${account.name}`}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: saving }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<EditValues>
        form={form}
        name="account-edit"
        clearOnDestroy
        layout="vertical"
        onFinish={save}
        initialValues={{
          unitId: account.unitId,
          name: account.name,
          platformAccountId: account.platformAccountId ?? undefined,
          homepageUrl: account.homepageUrl ?? undefined,
          filingNumber: account.filingNumber ?? undefined,
          operatorName: account.operatorName ?? undefined,
          operatorPhone: account.operatorPhone ?? undefined,
          purpose: account.purpose ?? undefined,
        }}
      >
        {can.moveAccount(user) && (
          <Form.Item name="unitId" label={L.unitId} extra="机构撤并后，可将账号迁移到承接单位">
            <UnitSelect activeOnly allowClear={false} />
          </Form.Item>
        )}
        <PlatformTakenNotice taken={taken} platformName={nameOf(account.platform)} unit="迁入单位" />
        {taken.length > 0 && (
          <Form.Item name="justification" label={L.justification} rules={[{ required: true, whitespace: true, message: JUSTIFICATION_REQUIRED }]}>
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
        )}
        <AccountFields withFiling platform={account.platform} />
      </Form>
    </Modal>
  );
}

function UnitContact({ unitId }: { unitId: AccountView['unitId'] }) {
  const { data, error, loading } = useRequest(() => api.get<UnitView>(`/units/${unitId}`), [unitId]);
  if (loading && !data) return <Spin size="small" />;
  if (error) return <Typography.Text type="warning">无法读取单位联系人</Typography.Text>;
  return <>{[data?.contactName, data?.contactPhone].filter(Boolean).join(' ') || '—'}</>;
}

export default function AccountDetailPage() {
  const { id = '' } = useParams();
  const user = useCurrentUser();
  const account = useRequest(() => api.get<AccountView>(`/accounts/${id}`), [id]);
  const history = useRequest(() => api.get<HistoryEntryView[]>(`/accounts/${id}/history`), [id]);
  const [action, setAction] = useState<TransitionAction | null>(null);
  const [editing, setEditing] = useState(false);
  const [postsVersion, setPostsVersion] = useState(0);

  if (account.error && !account.data) return <LoadError error={account.error} onRetry={account.reload} />;
  const a = account.data;
  if (!a) return <Spin style={{ display: 'block', margin: 48 }} />;

  const reloadAll = () => {
    account.reload();
    history.reload();
  };
  const permits = accountPermits(user, a);
  const allowed = new Set(a.allowedActions ?? []);
  const actions = ACTION_ORDER.filter((act) => allowed.has(act));

  return (
    <>
      <PageHeader
        title={
          <Space>
            {a.name}
            <StateTag state={a.state} />
          </Space>
        }
        extra={
          <Space wrap>
            {actions.map((act) => (
              <Button key={act} type={isDangerAction(act) ? 'default' : 'primary'} danger={isDangerAction(act)} onClick={() => setAction(act)}>
                {ACTION_LABELS[act]}
              </Button>
            ))}
            {permits.details && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                编辑
              </Button>
            )}
            <Link to="/accounts">返回列表</Link>
          </Space>
        }
      />
      {account.error ? <LoadError error={account.error} onRetry={account.reload} /> : null}
      {can.editAccount(user, a) && !permits.details ? (
        <Alert type="info" showIcon data-testid="account-read-only" style={{ marginBottom: 16 }} title={`账号${labelOf(STATE_LABELS, a.state)}：账号信息和栏目只读，不再修改`} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title="账号信息">
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'unit', label: L.unitId, children: <Link to={`/accounts?unitId=${a.unitId}`}>{a.unitName}</Link> },
                { key: 'platform', label: L.platform, children: <PlatformTag code={a.platform} /> },
                { key: 'state', label: L.state, children: <StateTag state={a.state} /> },
                { key: 'pid', label: L.platformAccountId, children: a.platformAccountId || '—' },
                {
                  key: 'url',
                  label: L.homepageUrl,
                  children: a.homepageUrl ? (
                    <a href={a.homepageUrl} target="_blank" rel="noreferrer noopener">
                      {a.homepageUrl}
                    </a>
                  ) : (
                    '—'
                  ),
                },
                { key: 'filing', label: L.filingNumber, children: a.filingNumber || '—' },
                { key: 'purpose', label: L.purpose, children: a.purpose || '—' },
                ...(a.justification ? [{ key: 'just', label: L.justification, children: a.justification }] : []),
                ...(a.lastReason ? [{ key: 'reason', label: L.lastReason, children: a.lastReason }] : []),
                { key: 'by', label: '申请人', children: a.appliedBy?.username ?? '—' },
              ]}
            />
          </Card>
          <Card title="联系人" style={{ marginTop: 16 }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'op', label: L.operatorName, children: a.operatorName || '—' },
                { key: 'phone', label: L.operatorPhone, children: a.operatorPhone || '—' },
                { key: 'unit', label: '单位联系人', children: <UnitContact unitId={a.unitId} /> },
              ]}
            />
          </Card>
          <Card title="时间节点" style={{ marginTop: 16 }}>
            <Descriptions
              column={{ xs: 1, md: 2 }}
              size="small"
              items={(['appliedAt', 'approvedAt', 'rejectedAt', 'openedAt', 'deregistrationRequestedAt', 'deregisteredAt'] as const)
                .filter((key) => a[key])
                .map((key) => ({ key, label: L[key], children: formatDateTime(a[key]) }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title="变更记录" loading={history.loading && !history.data}>
            {history.error ? <LoadError error={history.error} onRetry={history.reload} /> : <HistoryTimeline entries={history.data ?? []} />}
          </Card>
          <AccountSourceCard account={a} onPolled={() => setPostsVersion((v) => v + 1)} />
        </Col>
      </Row>
      <AccountColumnsCard account={a} />
      <AccountPostsCard account={a} version={postsVersion} />
      <AccountFindingsCard account={a} />
      <AccountRecertCard account={a} onChanged={reloadAll} />
      <TransitionModal
        account={a}
        action={action}
        onClose={() => setAction(null)}
        onDone={() => {
          setAction(null);
          reloadAll();
        }}
        onStale={() => {
          setAction(null);
          reloadAll();
        }}
      />
      <EditAccountModal
        account={a}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          reloadAll();
        }}
      />
    </>
  );
}
