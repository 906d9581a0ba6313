import { lazy, Suspense } from 'react';
import { Card, Col, Descriptions, Empty, Flex, Row, Statistic, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { OverviewView } from '../api/schema';
import type { AccountState, Platform } from '../api/models';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useRequest } from '../hooks/useRequest';
import { STATE_COLORS, STATE_LABELS } from '../labels';
import { can } from '../permissions';
import { usePlatforms } from '../platforms';

// ECharts is the largest part of the page: loaded after the counts, in its own chunk.
const OverviewCharts = lazy(() => import('../components/OverviewCharts'));

function CountList<K extends string>({
  labels,
  counts,
  filter,
  colors,
}: {
  labels: Record<K, string>;
  counts: Partial<Record<K, number>>;
  filter: 'state' | 'platform';
  colors?: Record<K, string>;
}) {
  const keys = Object.keys(labels) as K[];
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={keys.map((key) => ({
        key,
        label: colors ? <Tag color={colors[key]}>{labels[key]}</Tag> : labels[key],
        children: <Link to={`/accounts?${filter}=${key}`}>{counts[key] ?? 0}</Link>,
      }))}
    />
  );
}

export default function OverviewPage() {
  const user = useCurrentUser();
  const { data, error, loading, reload } = useRequest(() => api.get<OverviewView>('/overview'), []);
  const platforms = usePlatforms();
  // Every platform of the registry; a code it does not (yet) list shows as itself.
  const platformLabels: Record<Platform, string> = { ...platforms.labels };
  for (const code of Object.keys(data?.accountsByPlatform ?? {})) platformLabels[code] ??= code;

  const total = data ? Object.values(data.accountsByState).reduce((sum, n) => sum + (n ?? 0), 0) : 0;
  const running = (data?.accountsByState.opened ?? 0) + (data?.accountsByState.deregistration_requested ?? 0);

  return (
    <>
      <PageHeader title="总览" />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card loading={loading && !data}>
            <Statistic title="账号总数" value={total} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={loading && !data}>
            <Statistic title="运行中账号" value={running} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={loading && !data}>
            <Link to={can.review(user) ? '/review' : '/accounts?state=applied'}>
              <Statistic title="待审批申请" value={data?.pendingReview ?? 0} styles={{ content: { color: '#cf1322' } }} />
            </Link>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={loading && !data}>
            <Statistic title="尚无账号的单位" value={data?.unitsWithoutAccount.length ?? 0} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title="按状态" loading={loading && !data}>
            <CountList<AccountState> labels={STATE_LABELS} counts={data?.accountsByState ?? {}} filter="state" colors={STATE_COLORS} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title="按平台" loading={loading && !data}>
            <CountList<Platform> labels={platformLabels} counts={data?.accountsByPlatform ?? {}} filter="platform" />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title="尚无账号的单位" loading={loading && !data}>
            {data && data.unitsWithoutAccount.length === 0 ? (
              // No unit without an account and no account at all: nothing is registered yet.
              <Empty description={total === 0 ? '尚未登记单位，请先在“单位”页添加' : '所有单位均已登记账号'} />
            ) : (
              <Flex wrap gap={8}>
                {(data?.unitsWithoutAccount ?? []).map((unit) => (
                  <Link key={unit.id} to={`/units?q=${encodeURIComponent(unit.name)}`}>
                    <Tag>{unit.name}</Tag>
                  </Link>
                ))}
              </Flex>
            )}
          </Card>
        </Col>
      </Row>
      <Suspense fallback={<Card loading style={{ marginTop: 24 }} />}>
        <OverviewCharts />
      </Suspense>
    </>
  );
}
