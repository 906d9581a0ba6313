// The four 总览 charts of a quarter (GET /api/reports/overview-charts): posts per unit against the
// target, the weekly trend, platform share, broken links week by week. Each shows an Empty state
// when there is nothing to draw (a new install), never an empty axis.
import { useMemo, useState, type ReactNode } from 'react';
import { Card, Col, Empty, Row, Segmented, Select, Space, Typography } from 'antd';
import { api } from '../api/client';
import type { OverviewChartsView } from '../api/schema';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { usePlatforms } from '../platforms';
import { formatDateTime, formatQuarter, isQuarter, quarterOf, recentQuarters } from '../time';
import { EChart } from './EChart';
import { LoadError } from './LoadError';
import { brokenLinksOption, platformShareOption, type PlatformMeasure, unitChartHeight, unitPostsOption, weeklyTrendOption } from './overviewChartOptions';

function ChartCard({
  title,
  testId,
  extra,
  empty,
  loading,
  children,
}: {
  title: string;
  testId: string;
  extra?: ReactNode;
  empty: string | null;
  loading: boolean;
  children: ReactNode;
}) {
  return (
    <Card title={title} extra={extra} loading={loading} data-testid={testId} styles={{ body: { minHeight: 280 } }}>
      {empty ? <Empty description={empty} /> : children}
    </Card>
  );
}

export default function OverviewCharts() {
  const query = useUrlQuery();
  const requested = query.get('quarter');
  const quarter = isQuarter(requested) ? requested : quarterOf();
  const { data, error, loading, reload } = useRequest(() => api.get<OverviewChartsView>('/reports/overview-charts', { quarter }), [quarter]);
  const [measure, setMeasure] = useState<PlatformMeasure>('openAccounts');
  const platforms = usePlatforms();

  const options = useMemo(() => {
    if (!data) return null;
    return {
      units: unitPostsOption(data.units),
      weekly: weeklyTrendOption(data.weeks),
      broken: brokenLinksOption(data.weeks),
      platforms: platformShareOption(data.platforms, measure, (code) => platforms.nameOf(code)),
    };
  }, [data, measure, platforms]);

  const waiting = loading && !data;
  const weeklyTotal = data?.weeks.reduce((n, w) => n + w.posts + w.reposts, 0) ?? 0;
  const brokenTotal = data?.weeks.reduce((n, w) => n + w.brokenColumns, 0) ?? 0;
  const platformTotal = data?.platforms.reduce((n, p) => n + p[measure], 0) ?? 0;

  return (
    <>
      <Space wrap style={{ margin: '24px 0 16px' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          季度图表
        </Typography.Title>
        <Select
          aria-label="统计季度"
          data-testid="chart-quarter"
          value={quarter}
          style={{ width: 180 }}
          options={recentQuarters(8).map((q) => ({ value: q, label: formatQuarter(q) }))}
          onChange={(value) => query.update({ quarter: value === quarterOf() ? undefined : value })}
        />
        {data ? <Typography.Text type="secondary">统计截至 {formatDateTime(data.asOf)}</Typography.Text> : null}
      </Space>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ChartCard title="各单位发布数与发布任务" testId="chart-unit-posts" loading={waiting} empty={data && data.units.length === 0 ? '尚未登记单位' : null}>
            {options ? <EChart option={options.units} height={unitChartHeight(data!.units.length)} label="各单位发布数与发布任务" /> : null}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title="按周发布趋势" testId="chart-weekly" loading={waiting} empty={data && weeklyTotal === 0 ? '本季度暂无发布数据' : null}>
            {options ? <EChart option={options.weekly} label="按周发布趋势" /> : null}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title="平台占比"
            testId="chart-platforms"
            loading={waiting}
            empty={data && platformTotal === 0 ? (measure === 'posts' ? '本季度暂无发布数据' : '期末没有开设中的账号') : null}
            extra={
              <Segmented<PlatformMeasure>
                size="small"
                value={measure}
                onChange={setMeasure}
                options={[
                  { value: 'openAccounts', label: '开设账号' },
                  { value: 'posts', label: '发布数' },
                ]}
              />
            }
          >
            {options ? <EChart option={options.platforms} label="平台占比" /> : null}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title="失效栏目趋势（按周）" testId="chart-broken" loading={waiting} empty={data && brokenTotal === 0 ? '本季度各周均无失效栏目' : null}>
            {options ? <EChart option={options.broken} label="失效栏目趋势" /> : null}
          </ChartCard>
        </Col>
      </Row>
    </>
  );
}
