// 整改通知详情: the order, its timeline, the unit's answer (反馈) and the office's verification (核验).
// Whoever answered never verifies (the server refuses it too).
import { useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Modal, Radio, Space, Tag, Timeline, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { RectificationDetailView } from '../api/schema';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { can } from '../permissions';
import { PlatformTag } from '../platforms';
import { RECTIFICATION_ACTION_LABELS, RECTIFICATION_SOURCE_LABELS, RECTIFICATION_STATUS_COLORS, RECTIFICATION_STATUS_LABELS } from '../rectificationLabels';
import { formatDateTime } from '../time';

interface ResponseForm {
  text: string;
  evidence?: string;
}

interface VerifyForm {
  result: 'accepted' | 'returned';
  note: string;
}

export default function RectificationDetailPage() {
  const { id } = useParams();
  const user = useCurrentUser();
  const order = useRequest(() => api.get<RectificationDetailView>(`/rectifications/${id}`), [id]);
  const [dialog, setDialog] = useState<'respond' | 'verify' | null>(null);
  const [responseForm] = Form.useForm<ResponseForm>();
  const [verifyForm] = Form.useForm<VerifyForm>();
  const [respond, responding] = useAction(
    async (values: ResponseForm) => {
      const evidenceUrls = (values.evidence ?? '')
        .split(/\s+/)
        .map((s) => s.trim())
        .filter(Boolean);
      await api.post(`/rectifications/${id}/response`, { text: values.text, evidenceUrls });
      setDialog(null);
      responseForm.resetFields();
      order.reload();
    },
    { form: responseForm, success: '整改情况已反馈' },
  );
  const [verify, verifying] = useAction(
    async (values: VerifyForm) => {
      await api.post(`/rectifications/${id}/verify`, values);
      setDialog(null);
      verifyForm.resetFields();
      order.reload();
    },
    { form: verifyForm, success: '核验结果已保存' },
  );
  const o = order.data;
  if (order.error) return <LoadError error={order.error} onRetry={order.reload} />;
  if (!o) return <Card loading />;
  const mayRespond = o.status === 'issued' && (user.role === 'admin' || (user.role === 'operator' && String(user.unitId) === String(o.unitId)));
  const mayVerify = o.status === 'responded' && can.review(user) && o.respondedById !== user.id;

  return (
    <>
      <PageHeader
        title={o.title}
        extra={
          <Space>
            {mayRespond ? (
              <Button type="primary" onClick={() => setDialog('respond')}>
                反馈整改情况
              </Button>
            ) : null}
            {mayVerify ? (
              <Button type="primary" onClick={() => setDialog('verify')}>
                核验
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={2} size="small" data-testid="rectification-detail">
          <Descriptions.Item label="状态">
            <Space size={4}>
              <Tag color={RECTIFICATION_STATUS_COLORS[o.status]}>{RECTIFICATION_STATUS_LABELS[o.status]}</Tag>
              {o.overdue ? <Tag color="red">逾期</Tag> : null}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="单位">{o.unitName}</Descriptions.Item>
          <Descriptions.Item label="账号">
            {o.accountName ? (
              <>
                {o.accountName}
                {o.platform && (
                  <>
                    (<PlatformTag code={o.platform} />)
                  </>
                )}
              </>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="来源">
            {RECTIFICATION_SOURCE_LABELS[o.source] ?? o.source}
            {o.sourceRef ? `（${o.sourceRef}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="下发时间">{formatDateTime(o.issuedAt)}</Descriptions.Item>
          <Descriptions.Item label="整改期限">{o.overdue ? <Typography.Text type="danger">{formatDateTime(o.dueAt)}</Typography.Text> : formatDateTime(o.dueAt)}</Descriptions.Item>
          <Descriptions.Item label="问题描述" span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{o.problem}</Typography.Paragraph>
          </Descriptions.Item>
          {o.responseText ? (
            <Descriptions.Item label="整改情况" span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{o.responseText}</Typography.Paragraph>
              {o.evidenceUrls.map((url) => (
                <div key={url}>
                  <a href={url} target="_blank" rel="noreferrer">
                    {url}
                  </a>
                </div>
              ))}
            </Descriptions.Item>
          ) : null}
          {o.verifyNote ? (
            <Descriptions.Item label="核验意见" span={2}>
              {o.verifyNote}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card title="办理过程">
        <Timeline
          data-testid="rectification-timeline"
          items={o.history.map((h) => ({
            color: h.action === 'return' ? 'red' : h.action === 'accept' ? 'green' : 'blue',
            content: (
              <div data-testid="timeline-entry">
                <Typography.Text strong>{RECTIFICATION_ACTION_LABELS[h.action] ?? h.actionLabel}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {formatDateTime(h.at)} {h.actor ?? ''}
                </Typography.Text>
                {h.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{h.note}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>
      <Modal
        title="反馈整改情况"
        open={dialog === 'respond'}
        okText="提交"
        confirmLoading={responding}
        onOk={() => responseForm.submit()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form<ResponseForm> form={responseForm} layout="vertical" onFinish={(values) => respond(values)}>
          <Form.Item name="text" label="整改情况" rules={[{ required: true, whitespace: true, message: '请说明整改情况' }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          <Form.Item name="evidence" label="佐证链接" extra="每行一个以 http:// 或 https:// 开头的链接，可不填">
            <Input.TextArea rows={2} placeholder="https://" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title="核验整改情况"
        open={dialog === 'verify'}
        okText="提交"
        confirmLoading={verifying}
        onOk={() => verifyForm.submit()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form<VerifyForm> form={verifyForm} layout="vertical" initialValues={{ result: 'accepted' }} onFinish={(values) => verify(values)}>
          <Form.Item name="result" label="核验结果">
            <Radio.Group
              options={[
                { value: 'accepted', label: '通过（办结）' },
                { value: 'returned', label: '退回重改' },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label="核验意见" rules={[{ required: true, whitespace: true, message: '请填写核验意见' }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
