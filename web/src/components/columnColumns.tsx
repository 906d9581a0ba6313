import type { TableColumnsType } from 'antd';
import { Typography } from 'antd';
import type { ColumnView } from '../api/schema';
import type { LinkHealth } from '../api/models';
import { formatDateTime } from '../time';
import { HealthTag } from './HealthTag';

/** The link-health columns every table of 栏目 shares. */
export const COLUMN_HEALTH_COLUMNS: TableColumnsType<ColumnView> = [
  { title: '链接状态', dataIndex: 'health', width: 100, render: (health: LinkHealth) => <HealthTag health={health} /> },
  { title: '最近检查', dataIndex: 'lastCheckedAt', width: 140, render: formatDateTime },
  { title: 'HTTP状态', dataIndex: 'lastHttpStatus', width: 90, render: (v: number | null) => v ?? '—' },
  {
    title: '原因',
    dataIndex: 'lastReasonText',
    render: (text: string | null, column) => (text || column.lastReason ? <Typography.Text>{text ?? column.lastReason}</Typography.Text> : '—'),
  },
  { title: '失效起始', dataIndex: 'brokenSince', width: 140, render: formatDateTime },
];

export function ColumnLink({ column }: { column: ColumnView }) {
  return (
    <>
      <div>{column.name}</div>
      <Typography.Link href={column.url} target="_blank" rel="noreferrer noopener" type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
        {column.url}
      </Typography.Link>
    </>
  );
}
