// 风险发现: findings with kind/status/unit filters in the URL, 立即扫描 with progress, 接受.
import { Button, Select, Space, Typography } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { FindingPage, FindingScanView } from '../api/schema';
import type { FindingKind, FindingStatus } from '../api/models';
import { useCurrentUser } from '../auth';
import { FindingsTable } from '../components/FindingsTable';
import { JobProgress } from '../components/JobProgress';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { useJobProgress } from '../hooks/useJobProgress';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { FINDING_KIND_LABELS, FINDING_STATUS_LABELS, optionsOf } from '../labels';
import { can } from '../permissions';

export default function FindingsPage() {
  const query = useUrlQuery();
  const user = useCurrentUser();
  const kind = query.get('kind') as FindingKind | undefined;
  // Open findings unless another status (or 全部) is chosen.
  const statusParam = query.get('status');
  const status = statusParam === 'all' ? undefined : ((statusParam as FindingStatus | undefined) ?? 'open');
  const unitId = query.get('unitId');
  const findings = useRequest(
    () => api.get<FindingPage>('/findings', { kind, status, unitId, page: query.page, pageSize: query.pageSize }),
    [kind, status, unitId, query.page, query.pageSize],
  );

  const [watch, scan] = useJobProgress<FindingScanView>(
    (id) => `/findings/scans/${id}`,
    (s) => s.status === 'done' || s.status === 'failed',
  );
  const [startScan, scanning] = useAction(async () => {
    const { id } = await api.post<FindingScanView>('/findings/scan');
    await watch(id);
    findings.reload();
  });

  return (
    <>
      <PageHeader
        title="风险发现"
        extra={
          can.scanFindings(user) ? (
            <Button type="primary" icon={<ScanOutlined />} loading={scanning} onClick={() => startScan()}>
              立即扫描
            </Button>
          ) : null
        }
      />
      {scan ? (
        <JobProgress
          title="风险扫描"
          state={scan.status === 'done' ? 'done' : scan.status === 'failed' ? 'failed' : 'running'}
          error={scan.error}
          counters={
            <Typography.Text data-testid="scan-counters">
              检查账号 {scan.accounts} 个，发布 {scan.posts} 条；新发现 {scan.opened}，更新 {scan.updated}，已消除 {scan.resolved}
            </Typography.Text>
          }
        />
      ) : null}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<FindingKind>
          allowClear
          placeholder="全部类型"
          aria-label="类型"
          style={{ width: 180 }}
          value={kind}
          options={optionsOf(FINDING_KIND_LABELS)}
          onChange={(value) => query.update({ kind: value })}
        />
        <Select<string>
          aria-label="状态"
          style={{ width: 140 }}
          value={statusParam ?? 'open'}
          options={[...optionsOf(FINDING_STATUS_LABELS), { value: 'all', label: '全部状态' }]}
          onChange={(value) => query.update({ status: value === 'open' ? undefined : value })}
        />
        <UnitSelect style={{ width: 220 }} value={unitId} onChange={(value) => query.update({ unitId: value === undefined ? undefined : String(value) })} />
      </Space>
      {findings.error ? <LoadError error={findings.error} onRetry={findings.reload} /> : null}
      <FindingsTable
        findings={findings.data?.items ?? []}
        loading={findings.loading}
        pagination={query.pagination(findings.data?.total)}
        onChanged={findings.reload}
        emptyText={status === 'open' ? '没有待处理的风险发现' : '没有符合条件的风险发现'}
      />
    </>
  );
}
