// 检查指标 for the administrator: the whole indicator set in one form (type, basis, points, cap per
// item; items added or removed), saved with PUT /inspection-indicators. The server validates the
// set as a whole; its messages land on the fields they name ("3.points" → row 4's 分值).
import { useEffect } from 'react';
import { Alert, Button, Form, Input, InputNumber, Select, Space, Table, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api/client';
import type { IndicatorView } from '../api/schema';
import { useAction } from '../hooks/useApiError';
import { INDICATOR_BASIS_LABELS, INDICATOR_TYPE_LABELS } from '../inspection-labels';

type Row = IndicatorView & { isNew?: boolean };
interface SetForm {
  items: Row[];
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
// A rule on the field also clears the server's message about it once the value is changed.
const NUMBER_RULES = [{ required: true, type: 'number' as const, min: 0, max: 100, message: '请填写 0–100 的数' }];
const NEW_ITEM: Row = { code: '', name: '', type: 'deduction', basis: 'manual', points: 5, cap: 20, description: '人工检查', isNew: true };

/** A saved item's code, shown as text (the form item gives it `value`). */
function CodeText({ value }: { value?: string }) {
  return <Typography.Text code>{value}</Typography.Text>;
}

/** The server names an item's field by its index ("3.points"); in this form it is items.3.points. */
function onFormFields(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const fields = err.fieldErrors.map((e) => (/^\d+\./.test(e.field) ? { ...e, field: `items.${e.field}` } : e));
  return new ApiError(err.status, err.message, fields, err.rowErrors);
}

export function IndicatorSetEditor({ indicators, onSaved }: { indicators: IndicatorView[]; onSaved: (saved: IndicatorView[]) => void }) {
  const [form] = Form.useForm<SetForm>();
  // preserve: also `isNew`, which no field shows.
  const items = Form.useWatch<Row[] | undefined>('items', { form, preserve: true }) ?? [];
  useEffect(() => form.setFieldsValue({ items: indicators }), [form, indicators]);
  const [save, saving] = useAction(
    async ({ items: rows }: SetForm) => {
      const body = rows.map(({ code, name, type, basis, points, cap, description }) => ({ code, name, type, basis, points, cap, description: description ?? '' }));
      let saved: IndicatorView[];
      try {
        saved = await api.put<IndicatorView[]>('/inspection-indicators', body);
      } catch (err) {
        throw onFormFields(err);
      }
      // The server's messages of an earlier attempt no longer hold.
      const untyped: FormInstance = form;
      untyped.setFields(form.getFieldsError().flatMap((f) => (f.errors.length ? [{ name: f.name, errors: [] }] : [])));
      onSaved(saved);
    },
    { form, success: '检查指标已保存；新建的检查轮次使用新指标，已有轮次不受影响' },
  );
  const vetoAt = (index: number) => items[index]?.type === 'veto';

  return (
    <Form<SetForm> form={form} onFinish={(values) => save(values)} data-testid="indicator-editor">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message="新建检查轮次时复制当前指标；已有轮次保留创建时的指标。自动指标由系统从数据计算，编码只能是系统支持的几种；其他指标请设为人工。"
      />
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={fields}
              scroll={{ x: 1100 }}
              columns={[
                {
                  title: '编码',
                  width: 170,
                  // A saved item's code stays (rounds and manual entries name it); a new one is typed in.
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'code']} style={{ margin: 0 }} rules={[{ required: true, message: '请填写编码' }]}>
                      {items[f.name]?.isNew ? <Input placeholder="如 slow_reply" aria-label={`第 ${f.name + 1} 项编码`} /> : <CodeText />}
                    </Form.Item>
                  ),
                },
                {
                  title: '名称',
                  width: 200,
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'name']} style={{ margin: 0 }} rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
                      <Input aria-label={`第 ${f.name + 1} 项名称`} maxLength={100} />
                    </Form.Item>
                  ),
                },
                {
                  title: '类型',
                  width: 120,
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'type']} style={{ margin: 0 }}>
                      <Select
                        aria-label={`${items[f.name]?.name ?? ''}类型`}
                        options={options(INDICATOR_TYPE_LABELS)}
                        onChange={(type) => (type === 'veto' ? form.setFieldValue(['items', f.name], { ...form.getFieldValue(['items', f.name]), points: 0, cap: 0 }) : null)}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: '依据',
                  width: 100,
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'basis']} style={{ margin: 0 }}>
                      <Select aria-label={`${items[f.name]?.name ?? ''}依据`} options={options(INDICATOR_BASIS_LABELS)} />
                    </Form.Item>
                  ),
                },
                {
                  title: '每次扣（加）分',
                  width: 130,
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'points']} style={{ margin: 0 }} rules={NUMBER_RULES}>
                      <InputNumber aria-label={`${items[f.name]?.name ?? ''}分值`} min={0} max={100} disabled={vetoAt(f.name)} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                },
                {
                  title: '上限',
                  width: 110,
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'cap']} style={{ margin: 0 }} rules={NUMBER_RULES}>
                      <InputNumber aria-label={`${items[f.name]?.name ?? ''}上限`} min={0} max={100} disabled={vetoAt(f.name)} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                },
                {
                  title: '说明',
                  render: (_: unknown, f) => (
                    <Form.Item name={[f.name, 'description']} style={{ margin: 0 }}>
                      <Input aria-label={`${items[f.name]?.name ?? ''}说明`} maxLength={500} />
                    </Form.Item>
                  ),
                },
                {
                  title: '操作',
                  width: 80,
                  render: (_: unknown, f) => (
                    <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={`删除${items[f.name]?.name ?? ''}`}>
                      删除
                    </Button>
                  ),
                },
              ]}
            />
            <Space style={{ marginTop: 12 }} wrap>
              <Button icon={<PlusOutlined />} onClick={() => add({ ...NEW_ITEM })}>
                新增指标
              </Button>
              <Button icon={<UndoOutlined />} onClick={() => form.setFieldsValue({ items: indicators })}>
                撤销修改
              </Button>
              <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="save-indicators">
                保存指标
              </Button>
            </Space>
          </>
        )}
      </Form.List>
    </Form>
  );
}
