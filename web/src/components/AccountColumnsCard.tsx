// 栏目 of one account on its detail page: add, edit, delete, check now, check history.
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { AccountView, ColumnPage, ColumnView } from '../api/schema';
import { useCurrentUser } from '../auth';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { accountPermits } from '../accountPermits';
import { can } from '../permissions';
import { ColumnChecksDrawer } from './ColumnChecksDrawer';
import { COLUMN_HEALTH_COLUMNS, ColumnLink } from './columnColumns';
import { LinkCheckProgress, useLinkCheck } from './linkCheck';
import { LoadError } from './LoadError';

interface ColumnValues {
  name: string;
  url: string;
}

function ColumnModal({ account, column, open, onClose, onSaved }: { account: AccountView; column: ColumnView | null; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<ColumnValues>();
  const [save, saving] = useAction(
    async (values: ColumnValues) => {
      const body = { name: values.name.trim(), url: values.url.trim() };
      if (column) await api.patch(`/columns/${column.id}`, body);
      else await api.post(`/accounts/${account.id}/columns`, body);
      onSaved();
    },
    { form, success: column ? '栏目已保存' : '栏目已添加' },
  );
  return (
    <Modal
      open={open}
      title={column ? `编辑栏目：${column.name}` : '添加栏目'}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: saving }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<ColumnValues> form={form} name="column" clearOnDestroy layout="vertical" onFinish={save} initialValues={column ? { name: column.name, url: column.url } : undefined}>
        <Form.Item name="name" label="栏目名称" rules={[{ required: true, whitespace: true, message: '请填写栏目名称' }]}>
          <Input maxLength={100} placeholder="如：政务公开" />
        </Form.Item>
        <Form.Item
          name="url"
          label="栏目链接"
          extra={column ? '修改链接后，链接状态重新计为“未检查”' : '以 http:// 或 https:// 开头的完整网址'}
          rules={[{ required: true, whitespace: true, message: '请填写栏目链接' }]}
        >
          <Input maxLength={2000} placeholder="https://" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AccountColumnsCard({ account }: { account: AccountView }) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const list = useRequest(() => api.get<ColumnPage>(`/accounts/${account.id}/columns`, { pageSize: 200 }), [account.id]);
  const [editing, setEditing] = useState<ColumnView | 'new' | null>(null);
  const [history, setHistory] = useState<ColumnView | null>(null);
  const [deletingId, setDeletingId] = useState<ColumnView['id'] | null>(null);
  const { addColumns, removeColumns } = accountPermits(user, account);
  const columns = list.data?.items ?? [];

  const [check, checking, run] = useLinkCheck((finished) => {
    list.reload();
    if (finished.status === 'done') message.success(`检查完成：正常 ${finished.ok}，失效 ${finished.broken}，无法判断 ${finished.unverifiable}`);
  });
  const [remove, removing] = useAction(
    async (column: ColumnView) => {
      setDeletingId(column.id);
      try {
        await api.delete(`/columns/${column.id}`);
        list.reload();
      } finally {
        setDeletingId(null);
      }
    },
    { success: '栏目已删除' },
  );

  return (
    <Card
      title="栏目链接"
      style={{ marginTop: 16 }}
      data-testid="account-columns"
      extra={
        <Space>
          {can.startChecks(user) && (
            <Button icon={<SyncOutlined />} loading={checking} disabled={columns.length === 0} onClick={() => check({ columnIds: columns.map((c) => c.id) })}>
              立即检查
            </Button>
          )}
          {addColumns && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              添加栏目
            </Button>
          )}
        </Space>
      }
    >
      <LinkCheckProgress run={run} />
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<ColumnView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={columns}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: '还没有栏目' }}
        columns={[
          { title: '栏目', dataIndex: 'name', render: (_: string, column) => <ColumnLink column={column} /> },
          ...COLUMN_HEALTH_COLUMNS,
          {
            title: '操作',
            key: 'actions',
            width: 200,
            render: (_: unknown, column) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setHistory(column)}>
                  检查记录
                </Button>
                {addColumns && (
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(column)}>
                    编辑
                  </Button>
                )}
                {removeColumns && (
                  <Popconfirm title={`删除栏目“${column.name}”？`} okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => remove(column)}>
                    <Button type="link" size="small" danger icon={<DeleteOutlined />} loading={removing && deletingId === column.id}>
                      删除
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ColumnModal
        account={account}
        column={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
      <ColumnChecksDrawer column={history} onClose={() => setHistory(null)} />
    </Card>
  );
}
