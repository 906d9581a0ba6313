// 检查轮次: 合格率 figures and bars by unit and platform, the account table (score, verdict, reasons,
// evidence), manual items per account, evaluate with progress, finalize with confirmation, downloads.
import { useState } from 'react';
import { App, Button, Card, Col, Collapse, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CalculatorOutlined, FileExcelOutlined, FileWordOutlined, LockOutlined } from '@ant-design/icons';
import { useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { InspectionAccountPage, InspectionAccountView, InspectionRoundView } from '../api/schema';
import { useCurrentUser } from '../auth';
import { IndicatorTable } from '../components/IndicatorTable';
import { InspectionEvidence } from '../components/InspectionEvidence';
import { InspectionManualModal } from '../components/InspectionManualModal';
import { JobProgress } from '../components/JobProgress';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { useJobProgress } from '../hooks/useJobProgress';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { ROUND_STATUS_COLORS, ROUND_STATUS_LABELS, VERDICT_COLORS, VERDICT_LABELS } from '../inspection-labels';
import { can } from '../permissions';
import { PlatformTag, usePlatforms } from '../platforms';
import { formatDate, formatQuarter, isQuarter } from '../time';
import { passRateText } from './InspectionsPage';
import { RectifyRoundButton } from '../components/RectifyRoundButton';

type Figures = { accounts: number; passed: number; failed: number; passRate: number };

function RateBars({ title, rows }: { title: string; rows: (Figures & { label: string })[] }) {
  return (
    <Card title={title} size="small">
      {rows.map((r) => (
        <div key={r.label} style={{ marginBottom: 8 }}>
          <Typography.Text>
            {r.label}：合格 {r.passed}/{r.accounts}
          </Typography.Text>
          <Progress percent={Math.round(r.passRate * 1000) / 10} status={r.failed ? 'exception' : 'success'} format={(p) => `${p}%`} />
        </div>
      ))}
    </Card>
  );
}

export default function InspectionDetailPage() {
  const { id } = useParams();
  const query = useUrlQuery();
  const user = useCurrentUser();
  const { modal } = App.useApp();
  const platforms = usePlatforms();
  const office = can.review(user);
  const verdict = query.get('verdict');
  const unitId = query.get('unitId');
  const round = useRequest(() => api.get<InspectionRoundView>(`/inspections/${id}`), [id]);
  const accounts = useRequest(
    () => api.get<InspectionAccountPage>(`/inspections/${id}/accounts`, { verdict, unitId, page: query.page, pageSize: query.pageSize }),
    [id, verdict, unitId, query.page, query.pageSize],
  );
  const [manualFor, setManualFor] = useState<InspectionAccountView | null>(null);
  const reload = () => {
    round.reload();
    accounts.reload();
  };

  const [watch, progress] = useJobProgress<InspectionRoundView>(
    () => `/inspections/${id}`,
    (r) => !r.evaluation || r.evaluation.status === 'done' || r.evaluation.status === 'failed',
  );
  const [evaluate, evaluating] = useAction(async () => {
    const run = await api.post<{ id: number }>(`/inspections/${id}/evaluate`);
    await watch(run.id);
    reload();
  });
  const [finalize] = useAction(
    async () => {
      await api.post(`/inspections/${id}/finalize`);
      reload();
    },
    { success: '已定稿，结果已冻结' },
  );
  const confirmFinalize = () =>
    modal.confirm({ title: '定稿本轮检查？', content: '定稿后结果冻结，不能再评分或修改人工检查项。', okText: '定稿', cancelText: '取消', onOk: () => finalize() });
  const [download, downloading] = useAction((format: 'xlsx' | 'docx') =>
    api.download(`/inspections/${id}/report?format=${format}`, `检查${format === 'xlsx' ? '结果表' : '情况'}-${round.data?.quarter ?? id}.${format}`),
  );

  const r = round.data;
  const s = r?.summary;
  const evaluation = progress?.evaluation ?? r?.evaluation;
  const open = r?.status === 'open';
  return (
    <>
      <PageHeader
        title={r ? `${isQuarter(r.quarter) ? formatQuarter(r.quarter) : r.quarter}检查（第 ${r.id} 轮）` : '检查轮次'}
        extra={
          r ? (
            <Space wrap>
              <Tag color={ROUND_STATUS_COLORS[r.status]}>{ROUND_STATUS_LABELS[r.status]}</Tag>
              {office && open ? (
                <>
                  <Button icon={<CalculatorOutlined />} loading={evaluating} onClick={() => evaluate()} data-testid="evaluate">
                    评分
                  </Button>
                  <Button icon={<LockOutlined />} onClick={confirmFinalize} disabled={!r.evaluatedAt} data-testid="finalize">
                    定稿
                  </Button>
                </>
              ) : null}
              {office && r.status === 'final' ? <RectifyRoundButton roundId={r.id} /> : null}
              {user.role !== 'operator' ? (
                <>
                  <Button icon={<FileExcelOutlined />} loading={downloading} onClick={() => download('xlsx')} data-testid="download-xlsx">
                    检查结果表
                  </Button>
                  <Button icon={<FileWordOutlined />} loading={downloading} onClick={() => download('docx')} data-testid="download-docx">
                    通报检查情况
                  </Button>
                </>
              ) : null}
            </Space>
          ) : null
        }
      />
      {round.error ? <LoadError error={round.error} onRetry={round.reload} /> : null}
      {evaluation && (evaluating || evaluation.status !== 'done') ? (
        <JobProgress
          title="评分"
          done={evaluation.done}
          total={evaluation.total}
          state={evaluation.status === 'done' ? 'done' : evaluation.status === 'failed' ? 'failed' : 'running'}
          error={evaluation.error}
        />
      ) : null}
      {r ? (
        <Typography.Paragraph type="secondary">
          检查日 {formatDate(r.inspectionDate)}；抽查比例 {Math.round(r.sampleRate * 1000) / 10}%；随机种子 {r.seed}；
          {r.evaluatedAt ? `评分于 ${formatDate(r.evaluatedAt)}` : '尚未评分'}
        </Typography.Paragraph>
      ) : null}
      {s ? (
        <Row gutter={16} style={{ marginBottom: 16 }}>
          {[
            ['抽查账号', s.accounts],
            ['合格', s.passed],
            ['不合格', s.failed],
            ['合格率', passRateText(s.passRate)],
            ['复查', s.rechecked],
            ['复查已整改', s.fixed],
          ].map(([title, value]) => (
            <Col key={title} xs={12} md={4}>
              <Card size="small">
                <Statistic title={title} value={value} />
              </Card>
            </Col>
          ))}
          <Col xs={24} md={12} style={{ marginTop: 16 }}>
            <RateBars title="各单位合格率" rows={s.byUnit.map((u) => ({ ...u, label: u.unitName }))} />
          </Col>
          <Col xs={24} md={12} style={{ marginTop: 16 }}>
            <RateBars title="各平台合格率" rows={s.byPlatform.map((p) => ({ ...p, label: platforms.nameOf(p.platform) }))} />
          </Col>
        </Row>
      ) : null}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<string>
          allowClear
          placeholder="全部结论"
          aria-label="结论"
          style={{ width: 140 }}
          value={verdict}
          options={Object.entries(VERDICT_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(value) => query.update({ verdict: value })}
        />
        {can.isScopedToUnit(user) ? null : (
          <UnitSelect style={{ width: 220 }} value={unitId} onChange={(value) => query.update({ unitId: value === undefined ? undefined : String(value) })} />
        )}
      </Space>
      {accounts.error ? <LoadError error={accounts.error} onRetry={accounts.reload} /> : null}
      <Table<InspectionAccountView>
        rowKey="accountId"
        loading={accounts.loading}
        dataSource={accounts.data?.items ?? []}
        pagination={query.pagination(accounts.data?.total)}
        expandable={{ expandedRowRender: (a) => <InspectionEvidence account={a} /> }}
        columns={[
          { title: '单位', dataIndex: 'unitName' },
          { title: '平台', dataIndex: 'platform', render: (p: string) => <PlatformTag code={p} /> },
          { title: '账号', dataIndex: 'name' },
          { title: '得分', dataIndex: 'score', render: (score: number, a) => (a.evaluated ? score : '—') },
          {
            title: '结论',
            dataIndex: 'verdict',
            render: (v: InspectionAccountView['verdict'], a) => (a.evaluated ? <Tag color={VERDICT_COLORS[v]}>{VERDICT_LABELS[v]}</Tag> : <Tag>待评分</Tag>),
          },
          { title: '复查', render: (_: unknown, a) => (a.recheck ? <Tag color={a.fixed ? 'green' : 'orange'}>{a.fixed ? '复查已整改' : '复查'}</Tag> : null) },
          { title: '原因', dataIndex: 'reasons', render: (reasons: string[]) => reasons.join('；') || '—' },
          ...(office && open
            ? [
                {
                  title: '操作',
                  render: (_: unknown, a: InspectionAccountView) => (
                    <Button size="small" onClick={() => setManualFor(a)} data-testid={`manual-${a.accountId}`}>
                      人工检查
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {r ? (
        <Collapse
          style={{ marginTop: 16 }}
          items={[
            {
              key: 'indicators',
              label: '本轮检查指标（创建本轮时复制，之后修改检查指标不影响本轮）',
              children: <IndicatorTable indicators={r.indicators} testId="round-indicators" />,
            },
          ]}
        />
      ) : null}
      {r ? <InspectionManualModal roundId={r.id} account={manualFor} indicators={r.indicators} onClose={() => setManualFor(null)} onSaved={reload} /> : null}
    </>
  );
}
