// 按不合格账号下发整改: one work order per failed account of a final inspection round (calling
// it again creates none twice). For the inspection round page; the round must be final.
import { useState } from 'react';
import { Button, DatePicker, Form, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { RoundRectificationsView } from '../api/schema';
import { useAction } from '../hooks/useApiError';

export function RectifyRoundButton({ roundId, disabled }: { roundId: number; disabled?: boolean }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ dueAt: Dayjs }>();
  const [issue, issuing] = useAction(
    async (values: { dueAt: Dayjs }) => {
      const result = await api.post<RoundRectificationsView>(`/inspections/${roundId}/rectifications`, { dueAt: values.dueAt.format('YYYY-MM-DD') });
      setOpen(false);
      Modal.info({ title: '整改通知', content: `新下发 ${result.created} 条${result.existing ? `，此前已下发 ${result.existing} 条（未重复下发）` : ''}` });
      navigate('/rectifications?source=inspection');
    },
    { form },
  );
  return (
    <>
      <Button disabled={disabled} onClick={() => setOpen(true)}>
        按不合格账号下发整改
      </Button>
      <Modal title="按不合格账号下发整改通知" open={open} okText="下发" confirmLoading={issuing} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Typography.Paragraph>本轮检查每个不合格账号各下发一条整改通知；已下发过的不会重复下发。</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(values) => issue(values)}>
          <Form.Item name="dueAt" label="整改期限" extra="当天 24 时前（北京时间）" rules={[{ required: true, message: '请选择整改期限' }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
