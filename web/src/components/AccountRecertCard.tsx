// Account detail: the re-certification state, open handover flags and the operator contact history.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Table, Tag } from 'antd';
import { api } from '../api/client';
import type { AccountView, ContactView, RecertificationStatusView } from '../api/schema';
import { useCurrentUser } from '../auth';
import { useRequest } from '../hooks/useRequest';
import { CONTACT_SOURCE_LABELS, HANDOVER_REASON_LABELS, RECERT_STATUS_COLORS, RECERT_STATUS_LABELS } from '../labels';
import { accountPermits } from '../accountPermits';
import { formatDate, formatDateTime } from '../time';
import { LoadError } from './LoadError';
import { RecertifyModal } from './RecertifyModal';

export function AccountRecertCard({ account, onChanged }: { account: AccountView; onChanged?: () => void }) {
  const user = useCurrentUser();
  const state = useRequest(() => api.get<RecertificationStatusView>(`/accounts/${account.id}/recertification`), [account.id, account.updatedAt]);
  const contacts = useRequest(() => api.get<ContactView[]>(`/accounts/${account.id}/contacts`), [account.id, account.updatedAt]);
  const [open, setOpen] = useState(false);
  const r = state.data;
  const mayCertify = accountPermits(user, account).recertify;

  return (
    <Card
      title="定期核查与负责人变更"
      style={{ marginTop: 16 }}
      data-testid="account-recert"
      extra={
        mayCertify ? (
          <Button type="primary" onClick={() => setOpen(true)}>
            核查
          </Button>
        ) : null
      }
    >
      {state.error ? <LoadError error={state.error} onRetry={state.reload} /> : null}
      {r && r.handoverFlags.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`待交接：${r.handoverFlags.map((f) => `${HANDOVER_REASON_LABELS[f.reason]}（${f.userName}，${formatDate(f.flaggedAt)}）`).join('；')}`}
          description="请登记新的负责人及电话，并做好交接培训。"
        />
      )}
      {r && (
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'subject', label: '认证主体', children: r.certifiedSubject || '—' },
            { key: 'certified', label: '上次核查', children: r.certifiedAt ? `${formatDateTime(r.certifiedAt)}（${r.certifiedBy?.username ?? '—'}）` : '从未核查' },
            { key: 'due', label: '下次到期', children: r.dueAt ? formatDate(r.dueAt) : '未开设，无需核查' },
            {
              key: 'status',
              label: '核查状态',
              children: r.status ? <Tag color={RECERT_STATUS_COLORS[r.status]}>{RECERT_STATUS_LABELS[r.status]}</Tag> : '—',
            },
          ]}
        />
      )}
      {contacts.error ? <LoadError error={contacts.error} onRetry={contacts.reload} /> : null}
      <Table<ContactView>
        data-testid="contact-history"
        style={{ marginTop: 12 }}
        size="small"
        rowKey={(c) => String(c.id ?? 'current')}
        loading={contacts.loading}
        dataSource={contacts.data ?? []}
        pagination={false}
        locale={{ emptyText: '未登记负责人' }}
        columns={[
          { title: '负责人', dataIndex: 'operatorName', render: (v) => v || '—' },
          { title: '电话', dataIndex: 'operatorPhone', render: (v) => v || '—' },
          { title: '自', dataIndex: 'validFrom', render: (v: string) => formatDateTime(v) },
          { title: '至', dataIndex: 'validTo', render: (v: string | null) => (v ? formatDateTime(v) : '至今') },
          { title: '来源', dataIndex: 'source', render: (v: ContactView['source']) => CONTACT_SOURCE_LABELS[v] ?? v },
          { title: '登记人', key: 'by', render: (_, c) => c.recordedBy?.username ?? '—' },
        ]}
      />
      <RecertifyModal
        accountId={open ? account.id : null}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          state.reload();
          contacts.reload();
          onChanged?.();
        }}
      />
    </Card>
  );
}
