import { Segmented, Select, Space, Table, Typography } from 'antd';
import { api } from '../api/client';
import type { PostStatsView } from '../api/schema';
import type { StatsGroup } from '../api/models';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { STATS_GROUP_LABELS } from '../labels';
import { formatDate, formatQuarter, isQuarter, quarterOf, recentQuarters } from '../time';

type Row = PostStatsView['items'][number];

const GROUPS: StatsGroup[] = ['unit', 'account', 'platform'];

export default function PostStatsPage() {
  const query = useUrlQuery();
  const current = quarterOf();
  const requested = query.get('quarter');
  const quarter = isQuarter(requested) ? requested : current;
  const groupParam = query.get('groupBy') as StatsGroup | undefined;
  const groupBy: StatsGroup = groupParam && GROUPS.includes(groupParam) ? groupParam : 'unit';
  const stats = useRequest(() => api.get<PostStatsView>('/stats/posts', { quarter, groupBy }), [quarter, groupBy]);

  const quarters = recentQuarters(24, current);
  if (!quarters.includes(quarter)) quarters.push(quarter);
  const data = stats.data;

  return (
    <>
      <PageHeader title="发布统计" />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          value={quarter}
          showSearch={{ optionFilterProp: 'search' }}
          options={quarters.map((q) => ({ value: q, label: `${formatQuarter(q)}（${q}）`, search: `${q} ${formatQuarter(q)}` }))}
          onChange={(value) => query.update({ quarter: value === current ? undefined : value })}
          style={{ width: 220 }}
          aria-label="季度"
        />
        <Segmented<StatsGroup>
          value={groupBy}
          options={GROUPS.map((value) => ({ value, label: `按${STATS_GROUP_LABELS[value]}` }))}
          onChange={(value) => query.update({ groupBy: value === 'unit' ? undefined : value })}
        />
        {data ? (
          <Typography.Text type="secondary">
            统计区间：{formatDate(data.from)} 至 {formatDate(new Date(new Date(data.to).getTime() - 1).toISOString())}（北京时间）
          </Typography.Text>
        ) : null}
      </Space>
      {stats.error ? <LoadError error={stats.error} onRetry={stats.reload} /> : null}
      <Table<Row>
        data-testid="post-stats"
        rowKey={(row) => String(row.id)}
        dataSource={data?.items ?? []}
        loading={stats.loading}
        pagination={false}
        locale={{ emptyText: `${formatQuarter(quarter)}没有发布记录` }}
        columns={[
          { title: STATS_GROUP_LABELS[groupBy], dataIndex: 'name' },
          { title: '发布', dataIndex: 'posts', width: 140, align: 'right' },
          { title: '转发', dataIndex: 'reposts', width: 140, align: 'right' },
          { title: '合计', key: 'sum', width: 140, align: 'right', render: (_: unknown, row) => row.posts + row.reposts },
        ]}
        summary={() =>
          data ? (
            <Table.Summary fixed>
              <Table.Summary.Row data-testid="post-stats-totals">
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>合计</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <Typography.Text strong>{data.totals.posts}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Typography.Text strong>{data.totals.reposts}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <Typography.Text strong>{data.totals.posts + data.totals.reposts}</Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </>
  );
}
