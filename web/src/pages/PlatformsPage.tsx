// 平台设置: every platform the server knows (built-in and custom) with its mark, adding a custom
// one and setting a custom one's mark and form hints (admin).
import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { PlatformView } from '../api/schema';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { platformLookBody, PlatformLookFields, type PlatformLookValues } from '../components/PlatformLookFields';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { SOURCE_KIND_LABELS, labelOf } from '../labels';
import { can } from '../permissions';
import { PlatformIconBadge, reloadPlatforms } from '../platforms';

interface PlatformValues extends PlatformLookValues {
  code: string;
  name: string;
  urlPatterns?: string[];
}

function CreatePlatformModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<PlatformValues>();
  const [save, saving] = useAction(
    async (values: PlatformValues) => {
      await api.post('/platforms', {
        code: values.code.trim(),
        name: values.name.trim(),
        urlPatterns: (values.urlPatterns ?? []).map((p) => p.trim()).filter(Boolean),
        ...platformLookBody(values),
      });
      await reloadPlatforms();
      onSaved();
    },
    { form, success: '平台已添加' },
  );
  return (
    <Modal open={open} title="新增平台" okText="保存" cancelText="取消" okButtonProps={{ loading: saving }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<PlatformValues> form={form} name="platform" clearOnDestroy layout="vertical" onFinish={save}>
        <Form.Item
          name="code"
          label="平台代码"
          extra="小写字母开头，2–32 位小写字母、数字或下划线，保存后不能修改"
          rules={[{ required: true, whitespace: true, message: '请填写平台代码' }]}
        >
          <Input maxLength={32} placeholder="如 zhihu" />
        </Form.Item>
        <Form.Item name="name" label="平台名称" rules={[{ required: true, whitespace: true, message: '请填写平台名称' }]}>
          <Input maxLength={50} placeholder="如 知乎" />
        </Form.Item>
        <Form.Item name="urlPatterns" label="网址规则" extra="识别该平台账号主页的正则表达式（不含 https://，不区分大小写），可填多条，输入后回车；如 ^(www\.|m\.)?zhihu\.com/">
          <Select mode="tags" open={false} tokenSeparators={[' ']} placeholder="^(www\.|m\.)?zhihu\.com/" />
        </Form.Item>
        <PlatformLookFields />
      </Form>
    </Modal>
  );
}

function EditLookModal({ platform, onClose, onSaved }: { platform: PlatformView | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<PlatformValues>();
  const [save, saving] = useAction(
    async (values: PlatformValues) => {
      await api.patch(`/platforms/${encodeURIComponent(platform!.code)}`, platformLookBody(values));
      await reloadPlatforms();
      onSaved();
    },
    { form, success: '平台图标和填写提示已保存' },
  );
  return (
    <Modal
      open={platform !== null}
      title={`图标与填写提示：${platform?.name ?? ''}`}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: saving }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {platform && (
        <Form<PlatformValues>
          form={form}
          name="platform-look"
          clearOnDestroy
          layout="vertical"
          onFinish={save}
          initialValues={{
            name: platform.name,
            iconColor: platform.icon.color,
            iconGlyph: platform.icon.glyph,
            idHint: platform.idHint ?? undefined,
            homepageHint: platform.homepageHint ?? undefined,
          }}
        >
          <Form.Item name="name" hidden>
            <Input />
          </Form.Item>
          <PlatformLookFields />
        </Form>
      )}
    </Modal>
  );
}

export default function PlatformsPage() {
  const user = useCurrentUser();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<PlatformView | null>(null);
  const { data, error, loading, reload } = useRequest(() => api.get<PlatformView[]>('/platforms'), []);
  const saved = () => {
    setCreating(false);
    setEditing(null);
    reload();
  };
  return (
    <>
      <PageHeader
        title="平台设置"
        extra={
          can.managePlatforms(user) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新增平台
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary">
        账号登记、一平台一账号规则、公开名录核验、季度通报和账号发现都按此列表识别平台；自定义平台的主页链接按网址规则识别，图标和填写提示可随时修改。
      </Typography.Paragraph>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <Table<PlatformView>
          data-testid="platforms-table"
          rowKey="code"
          loading={loading}
          dataSource={data ?? []}
          pagination={false}
          columns={[
            { title: '图标', dataIndex: 'icon', width: 64, render: (_icon, p) => <PlatformIconBadge icon={p.icon} size={24} title={`${p.name}图标`} /> },
            { title: '名称', dataIndex: 'name', width: 120 },
            { title: '代码', dataIndex: 'code', width: 150, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
            { title: '类型', dataIndex: 'builtIn', width: 90, render: (builtIn: boolean) => (builtIn ? <Tag>内置</Tag> : <Tag color="blue">自定义</Tag>) },
            {
              title: '网址规则',
              dataIndex: 'urlPatterns',
              render: (patterns: string[]) =>
                patterns.length ? (
                  <Space direction="vertical" size={0}>
                    {patterns.map((p) => (
                      <Typography.Text key={p} code style={{ wordBreak: 'break-all' }}>
                        {p}
                      </Typography.Text>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">无（按账号ID识别）</Typography.Text>
                ),
            },
            {
              title: '填写提示',
              key: 'hints',
              width: 240,
              render: (_v, p) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text type="secondary">账号ID：{p.idHint ?? '—'}</Typography.Text>
                  <Typography.Text type="secondary">主页链接：{p.homepageHint ?? '—'}</Typography.Text>
                </Space>
              ),
            },
            {
              title: '采集方式',
              dataIndex: 'sourceKinds',
              width: 200,
              render: (kinds: string[]) => kinds.map((k) => <Tag key={k}>{labelOf(SOURCE_KIND_LABELS, k as keyof typeof SOURCE_KIND_LABELS)}</Tag>),
            },
            ...(can.managePlatforms(user)
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 110,
                    render: (_v: unknown, p: PlatformView) =>
                      p.builtIn ? null : (
                        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} aria-label={`修改${p.name}的图标`}>
                          图标与提示
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <CreatePlatformModal open={creating} onClose={() => setCreating(false)} onSaved={saved} />
      <EditLookModal platform={editing} onClose={() => setEditing(null)} onSaved={saved} />
    </>
  );
}
