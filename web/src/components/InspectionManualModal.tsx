// 人工检查项: the manual items of one account in an open round (hit or not, count, note, evidence link).
import { useEffect, useMemo } from 'react';
import { Checkbox, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { api } from '../api/client';
import type { IndicatorView, InspectionAccountView } from '../api/schema';
import { useAction } from '../hooks/useApiError';

interface ItemForm {
  hit: boolean;
  count?: number;
  note?: string;
  evidenceUrl?: string;
}

interface Props {
  roundId: number;
  account: InspectionAccountView | null;
  indicators: IndicatorView[];
  onClose: () => void;
  onSaved: () => void;
}

export function InspectionManualModal({ roundId, account, indicators, onClose, onSaved }: Props) {
  const manual = useMemo(() => indicators.filter((i) => i.basis === 'manual'), [indicators]);
  const [form] = Form.useForm<Record<string, ItemForm>>();
  useEffect(() => {
    if (!account) return;
    const current = new Map(account.manual.map((m) => [m.code, m]));
    form.setFieldsValue(
      Object.fromEntries(
        manual.map((i) => {
          const m = current.get(i.code);
          return [i.code, { hit: m?.hit ?? false, count: m?.count ?? undefined, note: m?.note ?? undefined, evidenceUrl: m?.evidenceUrl ?? undefined }];
        }),
      ),
    );
  }, [account, form, manual]);
  const [save, saving] = useAction(
    async (values: Record<string, ItemForm>) => {
      const items = manual.map((i) => ({
        code: i.code,
        hit: !!values[i.code]?.hit,
        count: values[i.code]?.count || undefined,
        note: values[i.code]?.note || undefined,
        evidenceUrl: values[i.code]?.evidenceUrl || undefined,
      }));
      await api.put(`/inspections/${roundId}/accounts/${account!.accountId}/manual`, { items });
      onSaved();
      onClose();
    },
    { form, success: '人工检查项已保存，得分已重新计算' },
  );
  return (
    <Modal
      title={account ? `人工检查：${account.name}` : '人工检查'}
      open={!!account}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={saving}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={(values) => save(values)}>
        {manual.map((i) => (
          <div key={i.code} style={{ marginBottom: 12 }} data-testid={`manual-${i.code}`}>
            <Space align="baseline" wrap>
              <Form.Item name={[i.code, 'hit']} valuePropName="checked" style={{ marginBottom: 4 }}>
                <Checkbox>{i.name}</Checkbox>
              </Form.Item>
              <Typography.Text type="secondary">{i.type === 'veto' ? '单项否决' : `每处扣 ${i.points} 分，最多 ${i.cap} 分`}</Typography.Text>
            </Space>
            <Space wrap>
              {i.type === 'veto' ? null : (
                <Form.Item name={[i.code, 'count']} style={{ marginBottom: 0 }}>
                  <InputNumber min={1} max={1000} placeholder="次数" aria-label={`${i.name}次数`} />
                </Form.Item>
              )}
              <Form.Item name={[i.code, 'note']} style={{ marginBottom: 0 }}>
                <Input placeholder="说明" aria-label={`${i.name}说明`} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name={[i.code, 'evidenceUrl']} style={{ marginBottom: 0 }}>
                <Input placeholder="证据链接 https://…" aria-label={`${i.name}证据链接`} style={{ width: 240 }} />
              </Form.Item>
            </Space>
          </div>
        ))}
      </Form>
    </Modal>
  );
}
