// A read-only inspection indicator set: the current one (检查指标 tab) or a round's frozen copy.
import { Table } from 'antd';
import type { IndicatorView } from '../api/schema';
import { INDICATOR_BASIS_LABELS, INDICATOR_TYPE_LABELS } from '../inspection-labels';

export function IndicatorTable({ indicators, loading, testId }: { indicators: IndicatorView[]; loading?: boolean; testId?: string }) {
  return (
    <Table<IndicatorView>
      data-testid={testId}
      rowKey="code"
      size="small"
      pagination={false}
      loading={loading}
      dataSource={indicators}
      columns={[
        { title: '指标', dataIndex: 'name' },
        { title: '类型', dataIndex: 'type', render: (t: IndicatorView['type']) => INDICATOR_TYPE_LABELS[t] },
        { title: '依据', dataIndex: 'basis', render: (b: IndicatorView['basis']) => INDICATOR_BASIS_LABELS[b] },
        { title: '每次扣（加）分', dataIndex: 'points', render: (p: number, r) => (r.type === 'veto' ? '—' : p) },
        { title: '上限', dataIndex: 'cap', render: (c: number, r) => (r.type === 'veto' ? '—' : c) },
        { title: '说明', dataIndex: 'description' },
      ]}
    />
  );
}
