// 僵尸号: opened accounts with no post for N days, with what to do (整合 / 关停) and an XLSX export.
import { useState } from 'react';
import { Button, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { DormantAccountView, DormantReportView } from '../api/schema';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { formatDate, formatDateTime } from '../time';
import { PlatformTag } from '../platforms';

export default function DormantPage() {
  const [days, setDays] = useState(90);
  const { data, error, loading, reload } = useRequest(() => api.get<DormantReportView>('/reports/dormant', { days }), [days]);
  const [download, downloading] = useAction(() => api.download(`/reports/dormant/export?days=${days}`, `僵尸号清单（${days} 天未更新）.xlsx`));
  return (
    <>
      <PageHeader
        title="僵尸号"
        extra={
          <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => download()}>
            导出 Excel
          </Button>
        }
      />
      <Space style={{ marginBottom: 16 }}>
        <span>连续</span>
        <InputNumber min={1} max={3650} precision={0} value={days} onChange={(v) => v && setDays(v)} aria-label="天数" />
        <span>天没有发布的已开设账号</span>
        {data && (
          <Typography.Text type="secondary">
            统计截至 {formatDateTime(data.asOf)}，共 {data.total} 个
          </Typography.Text>
        )}
      </Space>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <Table<DormantAccountView>
          data-testid="dormant-table"
          rowKey="accountId"
          loading={loading}
          dataSource={data?.accounts ?? []}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          columns={[
            { title: '单位', dataIndex: 'unitName', width: 180 },
            { title: '平台', dataIndex: 'platform', width: 120, render: (code: string) => <PlatformTag code={code} /> },
            { title: '账号', dataIndex: 'name', render: (name: string, r) => <Link to={`/accounts/${r.accountId}`}>{name}</Link> },
            { title: '开设日期', dataIndex: 'openedAt', width: 110, render: (v: string) => formatDate(v) },
            {
              title: '最近发布',
              key: 'latest',
              render: (_, r) =>
                r.latestPost ? (
                  <Space direction="vertical" size={0}>
                    <span>{formatDate(r.latestPost.publishedAt)}</span>
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }}>
                      {r.latestPost.url ? (
                        <a href={r.latestPost.url} target="_blank" rel="noreferrer noopener">
                          {r.latestPost.title}
                        </a>
                      ) : (
                        r.latestPost.title
                      )}
                    </Typography.Text>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">从未发布</Typography.Text>
                ),
            },
            { title: '未更新（天）', dataIndex: 'idleDays', width: 100 },
            {
              title: '处置建议',
              key: 'suggestion',
              width: 300,
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  <Tag color={r.suggestion === '整合' ? 'orange' : 'red'}>{r.suggestion}</Tag>
                  <Typography.Text type="secondary">{r.suggestionReason}</Typography.Text>
                </Space>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
