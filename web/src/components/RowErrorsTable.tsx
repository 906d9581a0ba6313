// The rows an import refused, each with the server's message: 第 N 行 | 问题.
import { Table } from 'antd';
import type { RowError } from '../api/client';

const COLUMNS = [
  { title: '行号', dataIndex: 'row', width: 90, render: (row: number) => `第 ${row} 行` },
  { title: '问题', dataIndex: 'message' },
];

export function RowErrorsTable({ errors, testId = 'import-errors', pageSize = 50 }: { errors: RowError[]; testId?: string; pageSize?: number }) {
  return (
    <Table<RowError & { key: number }>
      data-testid={testId}
      rowKey="key"
      size="small"
      pagination={errors.length > pageSize ? { pageSize } : false}
      dataSource={errors.map((e, key) => ({ ...e, key }))}
      columns={COLUMNS}
    />
  );
}
