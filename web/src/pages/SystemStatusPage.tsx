// 运行状态: the job queue per job name, the workers, the schedules and the latest background runs
// (link checks, polls, scans, inspection evaluations; GET /system/status), refreshed every 5 s.
import { useEffect } from 'react';
import { Button, Card, Descriptions, Progress, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { SystemStatusView } from '../api/schema';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useRequest } from '../hooks/useRequest';
import { JOB_NAME_LABELS, QUEUE_DRIVER_LABELS, RUN_STATUS_COLORS, RUN_STATUS_LABELS, RUN_TRIGGER_LABELS, SYSTEM_RUN_KIND_LABELS, labelOf } from '../labels';
import { formatDateTime } from '../time';

const REFRESH_MS = 5000;

type Queue = SystemStatusView['queues'][number];
type Worker = SystemStatusView['workers'][number];
type Schedule = SystemStatusView['schedules'][number];
type Run = SystemStatusView['recentRuns'][number];

function jobName(name: string) {
  const label = JOB_NAME_LABELS[name];
  // The queue's own name stays at hand for whoever runs the servers, as a tooltip.
  return label ? <span title={name}>{label}</span> : name;
}

function every(ms: number): string {
  if (ms % 3_600_000 === 0) return `每 ${ms / 3_600_000} 小时`;
  if (ms % 60_000 === 0) return `每 ${ms / 60_000} 分钟`;
  return `每 ${Math.round(ms / 1000)} 秒`;
}

export default function SystemStatusPage() {
  const { data, error, loading, reload } = useRequest(() => api.get<SystemStatusView>('/system/status'), []);

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <>
      <PageHeader
        title="运行状态"
        extra={
          <Button icon={<ReloadOutlined />} loading={loading} onClick={reload}>
            刷新
          </Button>
        }
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label="队列驱动">{data ? labelOf(QUEUE_DRIVER_LABELS, data.driver) : '—'}</Descriptions.Item>
            <Descriptions.Item label="队列状态">{data ? <Tag color={data.queueUp ? 'success' : 'error'}>{data.queueUp ? '正常' : '不可用'}</Tag> : '—'}</Descriptions.Item>
            <Descriptions.Item label="本进程执行任务">{data ? (data.runJobs ? '是' : '否（仅入队）') : '—'}</Descriptions.Item>
          </Descriptions>
        </Card>

        <Card size="small" title="队列">
          <Table<Queue>
            data-testid="system-queues"
            rowKey="name"
            size="small"
            pagination={false}
            loading={!data && loading}
            dataSource={data?.queues ?? []}
            columns={[
              { title: '队列', dataIndex: 'name', render: (name: string) => jobName(name) },
              { title: '等待', dataIndex: 'waiting', align: 'right' },
              { title: '执行中', dataIndex: 'active', align: 'right' },
              {
                title: '失败',
                dataIndex: 'failed',
                align: 'right',
                render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
              },
            ]}
          />
        </Card>

        <Card size="small" title="执行进程">
          <Table<Worker>
            rowKey={(w) => `${w.name}@${w.addr ?? ''}`}
            size="small"
            pagination={false}
            loading={!data && loading}
            dataSource={data?.workers ?? []}
            locale={{ emptyText: '没有执行进程在运行' }}
            columns={[
              { title: '名称', dataIndex: 'name' },
              { title: '地址', dataIndex: 'addr', render: (addr: string | null) => addr ?? '本进程' },
              { title: '启动时间', dataIndex: 'startedAt', render: (at: string | null) => formatDateTime(at) },
              {
                title: '执行的队列',
                dataIndex: 'queues',
                render: (queues: string[]) => (
                  <Space size={[4, 4]} wrap>
                    {queues.map((q) => (
                      <Tag key={q}>{JOB_NAME_LABELS[q] ?? q}</Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Card>

        <Card size="small" title="定时任务">
          <Table<Schedule>
            data-testid="system-schedules"
            rowKey="name"
            size="small"
            pagination={false}
            loading={!data && loading}
            dataSource={data?.schedules ?? []}
            locale={{ emptyText: '没有定时任务' }}
            columns={[
              { title: '任务', dataIndex: 'name', render: (name: string) => jobName(name) },
              {
                title: '周期',
                key: 'when',
                render: (_: unknown, s: Schedule) =>
                  s.pattern ? (
                    <Typography.Text code>
                      {s.pattern}
                      {s.tz ? ` (${s.tz})` : ''}
                    </Typography.Text>
                  ) : s.everyMs ? (
                    every(s.everyMs)
                  ) : (
                    '—'
                  ),
              },
              { title: '下次执行', dataIndex: 'next', render: (at: string | null) => formatDateTime(at) },
            ]}
          />
        </Card>

        <Card size="small" title="最近运行">
          <Table<Run>
            data-testid="system-runs"
            rowKey={(r) => `${r.kind}-${r.id}`}
            size="small"
            pagination={false}
            loading={!data && loading}
            dataSource={data?.recentRuns ?? []}
            locale={{ emptyText: '暂无运行记录' }}
            columns={[
              { title: '类型', dataIndex: 'kind', render: (kind: Run['kind']) => labelOf(SYSTEM_RUN_KIND_LABELS, kind) },
              {
                title: '编号',
                dataIndex: 'id',
                // An inspection evaluation links to its round, where its results are.
                render: (id: number, r: Run) => (r.roundId ? <Link to={`/inspections/${r.roundId}`}>{`${id}（检查第 ${r.roundId} 轮）`}</Link> : id),
              },
              { title: '触发', dataIndex: 'trigger', render: (t: Run['trigger']) => labelOf(RUN_TRIGGER_LABELS, t) },
              {
                title: '状态',
                dataIndex: 'status',
                render: (status: Run['status']) => <Tag color={RUN_STATUS_COLORS[status] ?? 'default'}>{labelOf(RUN_STATUS_LABELS, status)}</Tag>,
              },
              {
                title: '进度',
                key: 'progress',
                width: 200,
                render: (_: unknown, r: Run) =>
                  r.total === undefined ? (
                    '—'
                  ) : (
                    <Progress
                      size="small"
                      percent={r.total ? Math.floor(((r.done ?? 0) / r.total) * 100) : r.status === 'done' ? 100 : 0}
                      status={r.status === 'failed' ? 'exception' : r.status === 'running' ? 'active' : undefined}
                      format={() => `${r.done ?? 0}/${r.total}`}
                    />
                  ),
              },
              { title: '开始时间', key: 'startedAt', render: (_: unknown, r: Run) => formatDateTime(r.startedAt ?? r.createdAt) },
              { title: '结束时间', dataIndex: 'finishedAt', render: (at: string | null) => formatDateTime(at) },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}
