import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { OverviewView, UnitPage, UnitView } from '../api/schema';
import type { UnitKind, UnitStatus } from '../api/models';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitName } from '../components/UnitName';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { labelOf, optionsOf, UNIT_KIND_LABELS, UNIT_STATUS_LABELS } from '../labels';
import { can } from '../permissions';
import { formatDate } from '../time';
import { reloadUnits } from '../units';

interface UnitValues {
  name: string;
  kind: UnitKind;
  code?: string;
  parentId?: number;
  contactName?: string;
  contactPhone?: string;
}

const OPTIONAL_FIELDS = ['code', 'parentId', 'contactName', 'contactPhone'] as const;

/** Create (unit = null) or edit a unit. */
function UnitFormModal({ unit, open, onClose, onSaved }: { unit: UnitView | null; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<UnitValues>();
  const [save, saving] = useAction(
    async (values: UnitValues) => {
      const body: Record<string, unknown> = { name: values.name.trim(), kind: values.kind };
      for (const key of OPTIONAL_FIELDS) {
        const raw = values[key];
        const value = typeof raw === 'string' ? raw.trim() : raw;
        if (value !== undefined && value !== null && value !== '') body[key] = value;
        else if (unit && unit[key] !== null && unit[key] !== undefined) body[key] = null; // cleared on edit
      }
      if (unit) await api.patch(`/units/${unit.id}`, body);
      else await api.post('/units', body);
      onSaved();
    },
    { form, success: unit ? '单位已保存' : '单位已创建' },
  );

  return (
    <Modal
      open={open}
      title={unit ? `编辑单位：${unit.name}` : '新建单位'}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: saving }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<UnitValues>
        form={form}
        name="unit"
        clearOnDestroy
        layout="vertical"
        onFinish={save}
        initialValues={
          unit
            ? {
                name: unit.name,
                kind: unit.kind,
                code: unit.code ?? undefined,
                parentId: unit.parentId ?? undefined,
                contactName: unit.contactName ?? undefined,
                contactPhone: unit.contactPhone ?? undefined,
              }
            : { kind: 'department' }
        }
      >
        <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
          <Select options={optionsOf(UNIT_KIND_LABELS)} />
        </Form.Item>
        <Form.Item name="code" label="单位编码" extra="用于通报中的排序">
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="parentId" label="上级单位">
          <UnitSelect excludeIds={unit ? [unit.id] : []} />
        </Form.Item>
        <Form.Item name="contactName" label="联系人">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label="联系电话">
          <Input maxLength={30} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AbolishValues {
  reason: string;
  successorUnitId?: number;
}

function AbolishModal({ unit, onClose, onDone }: { unit: UnitView | null; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<AbolishValues>();
  const [abolish, running] = useAction(
    async (values: AbolishValues) => {
      await api.post(`/units/${unit!.id}/abolish`, {
        reason: values.reason.trim(),
        ...(values.successorUnitId !== undefined ? { successorUnitId: values.successorUnitId } : {}),
      });
      onDone();
    },
    { form, success: '单位已撤并' },
  );
  return (
    <Modal
      open={unit !== null}
      title={`撤并单位：${unit?.name ?? ''}`}
      okText="撤并"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: running }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<AbolishValues> form={form} name="abolish" layout="vertical" onFinish={abolish} clearOnDestroy>
        <Form.Item name="reason" label="撤并原因" rules={[{ required: true, whitespace: true, message: '请填写撤并原因' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <Form.Item name="successorUnitId" label="承接单位" extra="该单位的账号仍挂在原单位下，需逐个迁移或注销">
          <UnitSelect activeOnly excludeIds={unit ? [unit.id] : []} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UnitsPage() {
  const user = useCurrentUser();
  const query = useUrlQuery();
  const q = query.get('q');
  const kind = query.get('kind');
  const status = query.get('status');
  const list = useRequest(() => api.get<UnitPage>('/units', { q, kind, status, page: query.page, pageSize: query.pageSize }), [query.key]);
  // 账号数: the live accounts of every unit, one request for the whole list (GET /api/overview).
  const overview = useRequest(() => api.get<OverviewView>('/overview'), []);
  const accountCounts = new Map((overview.data?.liveAccountsByUnit ?? []).map((r) => [r.unitId, r.count]));
  const [editing, setEditing] = useState<UnitView | 'new' | null>(null);
  const [abolishing, setAbolishing] = useState<UnitView | null>(null);
  const manage = can.manageUnits(user);

  const columns: TableColumnsType<UnitView> = [
    { title: '单位名称', dataIndex: 'name' },
    { title: '类型', dataIndex: 'kind', render: (value: UnitKind) => labelOf(UNIT_KIND_LABELS, value), width: 90 },
    { title: '编码', dataIndex: 'code', render: (value) => value || '—', width: 100 },
    { title: '联系人', dataIndex: 'contactName', render: (value) => value || '—' },
    { title: '联系电话', dataIndex: 'contactPhone', render: (value) => value || '—' },
    {
      title: <Tooltip title="在用及申请中的账号（不含已驳回、已注销）">账号数</Tooltip>,
      key: 'accounts',
      width: 110,
      align: 'right',
      render: (_, unit) => (
        <Space size={8}>
          <span data-testid="unit-account-count">{overview.data ? (accountCounts.get(unit.id) ?? 0) : '…'}</span>
          <Link to={`/accounts?unitId=${unit.id}`}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              查看
            </Typography.Text>
          </Link>
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (value: UnitStatus, unit) =>
        value === 'abolished' ? (
          <Tooltip
            title={
              <>
                撤并于 {formatDate(unit.abolishedAt)}
                <br />
                原因：{unit.abolishReason || '—'}
                <br />
                承接单位：
                <UnitName id={unit.successorUnitId} />
              </>
            }
          >
            <Tag>{UNIT_STATUS_LABELS.abolished}</Tag>
          </Tooltip>
        ) : (
          <Tag color="green">{UNIT_STATUS_LABELS.active}</Tag>
        ),
    },
  ];
  if (manage) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 140,
      render: (_, unit) => (
        <Space>
          <Button type="link" size="small" onClick={() => setEditing(unit)}>
            编辑
          </Button>
          {unit.status === 'active' && (
            <Button type="link" size="small" danger onClick={() => setAbolishing(unit)}>
              撤并
            </Button>
          )}
        </Space>
      ),
    });
  }

  const afterChange = () => {
    setEditing(null);
    setAbolishing(null);
    list.reload();
    void reloadUnits(); // names shown elsewhere (successor, alerts) follow the change
  };

  return (
    <>
      <PageHeader
        title="单位"
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新建单位
            </Button>
          )
        }
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          key={q ?? ''}
          defaultValue={q}
          placeholder="按名称或编码搜索"
          allowClear
          onSearch={(value) => query.update({ q: value.trim() })}
          style={{ width: 260 }}
          aria-label="搜索单位"
        />
        <Select value={kind} placeholder="单位类型" allowClear options={optionsOf(UNIT_KIND_LABELS)} onChange={(value) => query.update({ kind: value })} style={{ width: 140 }} />
        <Select value={status} placeholder="状态" allowClear options={optionsOf(UNIT_STATUS_LABELS)} onChange={(value) => query.update({ status: value })} style={{ width: 120 }} />
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<UnitView> rowKey="id" columns={columns} dataSource={list.data?.items ?? []} loading={list.loading} pagination={query.pagination(list.data?.total)} />
      <UnitFormModal open={editing !== null} unit={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={afterChange} />
      <AbolishModal unit={abolishing} onClose={() => setAbolishing(null)} onDone={afterChange} />
    </>
  );
}
