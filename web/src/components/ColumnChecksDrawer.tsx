// The check history of one column (GET /api/columns/:id/checks), newest first.
import { useState } from 'react';
import { Drawer, Table, Tag } from 'antd';
import { api } from '../api/client';
import type { ColumnView, LinkCheckPage, LinkCheckView } from '../api/schema';
import { useRequest } from '../hooks/useRequest';
import { formatDateTime } from '../time';
import { HealthTag } from './HealthTag';
import { LoadError } from './LoadError';

function ChecksTable({ column }: { column: ColumnView }) {
  const [page, setPage] = useState(1);
  const checks = useRequest(() => api.get<LinkCheckPage>(`/columns/${column.id}/checks`, { page, pageSize: 20 }), [column.id, page]);
  if (checks.error) return <LoadError error={checks.error} onRetry={checks.reload} />;
  return (
    <Table<LinkCheckView>
      data-testid="column-checks"
      rowKey="id"
      size="small"
      loading={checks.loading}
      dataSource={checks.data?.items ?? []}
      pagination={{ current: page, pageSize: 20, total: checks.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 次` }}
      locale={{ emptyText: '尚未检查' }}
      columns={[
        { title: '检查时间', dataIndex: 'checkedAt', width: 150, render: formatDateTime },
        {
          title: '结果',
          dataIndex: 'health',
          width: 130,
          render: (health: LinkCheckView['health'], check) => (
            <>
              <HealthTag health={health} />
              {check.confirmation ? <Tag>复核</Tag> : null}
            </>
          ),
        },
        { title: 'HTTP状态', dataIndex: 'httpStatus', width: 90, render: (v: number | null) => v ?? '—' },
        { title: '原因', dataIndex: 'reasonText', render: (text: string, check) => text || check.reason },
        { title: '耗时', dataIndex: 'durationMs', width: 90, render: (ms: number) => `${ms} 毫秒` },
      ]}
    />
  );
}

export function ColumnChecksDrawer({ column, onClose }: { column: ColumnView | null; onClose: () => void }) {
  return (
    <Drawer open={!!column} onClose={onClose} size="large" title={column ? `检查记录：${column.name}` : '检查记录'} destroyOnHidden>
      {column ? (
        <>
          <p style={{ wordBreak: 'break-all' }}>
            <a href={column.url} target="_blank" rel="noreferrer noopener">
              {column.url}
            </a>
          </p>
          <ChecksTable column={column} />
        </>
      ) : null}
    </Drawer>
  );
}
