// 发布记录 of one account: 全部/发布/转发 and date filters in the URL, and 手工导入.
import { Alert, Button, Card, DatePicker, Segmented, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { AccountView, PostImportResultView, PostPage, PostView } from '../api/schema';
import type { SourceKind } from '../api/models';
import { useCurrentUser } from '../auth';
import { useRequest } from '../hooks/useRequest';
import { useRowImport } from '../hooks/useRowImport';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { labelOf, POST_TYPE_LABELS, SOURCE_KIND_LABELS } from '../labels';
import { accountPermits } from '../accountPermits';
import { dayjs, dayStartIso, formatDateTime, isAfterToday } from '../time';
import { LoadError } from './LoadError';
import { RowErrorsTable } from './RowErrorsTable';

const TYPE_FILTER = [
  { value: '', label: '全部' },
  { value: 'false', label: POST_TYPE_LABELS.false },
  { value: 'true', label: POST_TYPE_LABELS.true },
];

export function AccountPostsCard({ account, version }: { account: AccountView; version: number }) {
  const user = useCurrentUser();
  const query = useUrlQuery();
  const isRepost = query.get('isRepost');
  const from = query.get('from');
  const to = query.get('to');
  const list = useRequest(
    () =>
      api.get<PostPage>('/posts', {
        accountId: account.id,
        isRepost: isRepost === 'true' || isRepost === 'false' ? isRepost : undefined,
        from: dayStartIso(from),
        to: dayStartIso(to, 1),
        page: query.page,
        pageSize: query.pageSize,
      }),
    [account.id, query.key, version],
  );
  const { outcome, dismiss, upload, uploading } = useRowImport<PostImportResultView>(`/accounts/${account.id}/posts/import`, () => list.reload());

  return (
    <Card
      title="发布记录"
      style={{ marginTop: 16 }}
      data-testid="account-posts"
      extra={
        accountPermits(user, account).posts && (
          <Upload
            accept=".xlsx,.csv"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              手工导入
            </Button>
          </Upload>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          aria-label="发布类型"
          value={isRepost === 'true' || isRepost === 'false' ? isRepost : ''}
          options={TYPE_FILTER}
          onChange={(value) => query.update({ isRepost: value || undefined })}
        />
        <DatePicker.RangePicker
          aria-label="发布日期"
          value={from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null}
          disabledDate={isAfterToday}
          allowEmpty={[true, true]}
          onChange={(range) => query.update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
        />
      </Space>
      {outcome?.kind === 'done' && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={dismiss}
          style={{ marginBottom: 12 }}
          title={`导入完成：新增 ${outcome.result.imported} 条，跳过重复 ${outcome.result.skipped} 条`}
        />
      )}
      {outcome?.kind === 'rows' && (
        <div style={{ marginBottom: 12 }}>
          <Alert type="error" showIcon title="未导入任何数据：以下行需要修改后重新上传" style={{ marginBottom: 8 }} />
          <RowErrorsTable errors={outcome.errors} testId="post-import-errors" pageSize={20} />
        </div>
      )}
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<PostView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={query.pagination(list.data?.total)}
        locale={{ emptyText: '没有发布记录' }}
        columns={[
          {
            title: '标题',
            dataIndex: 'title',
            render: (title: string, post) =>
              post.url ? (
                <a href={post.url} target="_blank" rel="noreferrer noopener">
                  {title}
                </a>
              ) : (
                title
              ),
          },
          {
            title: '类型',
            dataIndex: 'isRepost',
            width: 80,
            render: (repost: boolean) => (repost ? <Tag color="purple">{POST_TYPE_LABELS.true}</Tag> : <Tag color="blue">{POST_TYPE_LABELS.false}</Tag>),
          },
          { title: '发布时间', dataIndex: 'publishedAt', width: 150, render: formatDateTime },
          {
            title: '转发来源',
            key: 'source',
            render: (_: unknown, post) =>
              !post.isRepost ? (
                '—'
              ) : post.sourceUrl ? (
                <Typography.Link href={post.sourceUrl} target="_blank" rel="noreferrer noopener">
                  {post.sourceName || post.sourceUrl}
                </Typography.Link>
              ) : (
                post.sourceName || '—'
              ),
          },
          { title: '来自', dataIndex: 'origin', width: 140, render: (origin: SourceKind) => labelOf(SOURCE_KIND_LABELS, origin) },
        ]}
      />
    </Card>
  );
}
