import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { UserPage, UserView } from '../api/schema';
import type { Role } from '../api/models';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { optionsOf, ROLE_LABELS } from '../labels';

interface UserValues {
  username: string;
  password?: string;
  role: Role;
  unitId?: number | null;
  disabled?: boolean;
}

const PASSWORD_RULE = { min: 8, message: '密码至少 8 位' };

/** Create (user = null) or edit a user: role, unit, password reset, disabled. */
function UserFormModal({ user, open, onClose, onSaved }: { user: UserView | null; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<UserValues>();
  const role = Form.useWatch('role', form);
  const [save, saving] = useAction(
    async (values: UserValues) => {
      const unitId = values.role === 'operator' ? values.unitId : null;
      if (user) {
        const body: Record<string, unknown> = { role: values.role, disabled: values.disabled ?? false };
        if (unitId !== undefined && (unitId !== null || user.unitId !== null)) body.unitId = unitId;
        if (values.password) body.password = values.password;
        await api.patch(`/users/${user.id}`, body);
      } else {
        await api.post('/users', {
          username: values.username.trim(),
          password: values.password,
          role: values.role,
          ...(unitId !== null && unitId !== undefined ? { unitId } : {}),
        });
      }
      onSaved();
    },
    { form, success: user ? '用户已保存' : '用户已创建' },
  );

  return (
    <Modal
      open={open}
      title={user ? `编辑用户：${user.username}` : '新建用户'}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: saving }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<UserValues>
        form={form}
        name="user"
        clearOnDestroy
        layout="vertical"
        onFinish={save}
        initialValues={user ? { username: user.username, role: user.role, unitId: user.unitId, disabled: user.disabled } : { role: 'operator' }}
      >
        <Form.Item
          name="username"
          label="用户名"
          extra={user ? undefined : '字母、数字、下划线、点或短横线，2–64 个字符'}
          rules={[{ required: true, whitespace: true, message: '请填写用户名' }]}
        >
          <Input maxLength={64} disabled={user !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? '重置密码' : '密码'}
          extra={user ? '不修改请留空' : undefined}
          rules={user ? [PASSWORD_RULE] : [{ required: true, message: '请设置密码' }, PASSWORD_RULE]}
        >
          <Input.Password maxLength={128} autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={optionsOf(ROLE_LABELS)} />
        </Form.Item>
        {role === 'operator' && (
          <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '信息员必须关联单位' }]} extra="信息员只能查看和办理本单位的账号">
            <UnitSelect activeOnly />
          </Form.Item>
        )}
        {user && (
          <Form.Item name="disabled" label="停用" valuePropName="checked">
            <Switch checkedChildren="已停用" unCheckedChildren="启用中" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ToggleDisabled({ user, onDone }: { user: UserView; onDone: () => void }) {
  const [toggle, running] = useAction(
    async () => {
      await api.patch(`/users/${user.id}`, { disabled: !user.disabled });
      onDone();
    },
    { success: user.disabled ? `已启用 ${user.username}` : `已停用 ${user.username}` },
  );
  return (
    <Button type="link" size="small" danger={!user.disabled} loading={running} onClick={() => toggle()}>
      {user.disabled ? '启用' : '停用'}
    </Button>
  );
}

export default function UsersPage() {
  const me = useCurrentUser();
  const query = useUrlQuery();
  const q = query.get('q');
  const role = query.get('role');
  const unitId = query.get('unitId');
  const list = useRequest(() => api.get<UserPage>('/users', { q, role, unitId, page: query.page, pageSize: query.pageSize }), [query.key]);
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);

  const columns: TableColumnsType<UserView> = [
    { title: '用户名', dataIndex: 'username' },
    { title: '角色', dataIndex: 'role', width: 100, render: (role: Role) => ROLE_LABELS[role] ?? role },
    { title: '所属单位', dataIndex: 'unitName', render: (value) => value || '—' },
    {
      title: '状态',
      dataIndex: 'disabled',
      width: 90,
      render: (disabled: boolean) => (disabled ? <Tag>已停用</Tag> : <Tag color="green">启用</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      width: 140,
      render: (_, user) => (
        <Space>
          <Button type="link" size="small" onClick={() => setEditing(user)}>
            编辑
          </Button>
          {String(user.id) !== String(me.id) && <ToggleDisabled user={user} onDone={list.reload} />}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="用户"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建用户
          </Button>
        }
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          key={q ?? ''}
          defaultValue={q}
          placeholder="按用户名搜索"
          allowClear
          onSearch={(value) => query.update({ q: value.trim() })}
          style={{ width: 220 }}
          aria-label="搜索用户"
        />
        <Select
          value={role}
          placeholder="角色"
          allowClear
          options={optionsOf(ROLE_LABELS)}
          onChange={(value) => query.update({ role: value })}
          style={{ width: 120 }}
          aria-label="按角色筛选"
        />
        <UnitSelect value={unitId} onChange={(value) => query.update({ unitId: value })} style={{ width: 220 }} aria-label="按单位筛选" />
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<UserView> rowKey="id" columns={columns} dataSource={list.data?.items ?? []} loading={list.loading} pagination={query.pagination(list.data?.total)} />
      <UserFormModal
        open={editing !== null}
        user={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </>
  );
}
