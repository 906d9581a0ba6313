// 下发整改 on an open finding (风险发现): one work order per finding; a second one is refused (409 names the first).
import { useState } from 'react';
import { Button, DatePicker, Form, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { FindingView, RectificationView } from '../api/schema';
import { useAction } from '../hooks/useApiError';

export function RectifyFindingButton({ finding }: { finding: FindingView }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ dueAt: Dayjs }>();
  const [issue, issuing] = useAction(
    async (values: { dueAt: Dayjs }) => {
      const order = await api.post<RectificationView>(`/findings/${finding.id}/rectification`, { dueAt: values.dueAt.format('YYYY-MM-DD') });
      setOpen(false);
      navigate(`/rectifications/${order.id}`);
    },
    { form, success: '整改通知已下发' },
  );
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        下发整改
      </Button>
      <Modal title="下发整改通知" open={open} okText="下发" confirmLoading={issuing} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Typography.Paragraph>{finding.message}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(values) => issue(values)}>
          <Form.Item name="dueAt" label="整改期限" extra="当天 24 时前（北京时间）" rules={[{ required: true, message: '请选择整改期限' }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
