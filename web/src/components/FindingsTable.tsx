// Findings as a table (风险发现 page, account detail card): kind and status tags, the
// message, readable evidence when a row is expanded, and 接受 (with a reason) for the office.
import { useState } from 'react';
import { Button, Form, Input, Modal, Space, Table, Tag, Typography, type TablePaginationConfig } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { FindingView } from '../api/schema';
import type { FindingKind, FindingStatus } from '../api/models';
import { useCurrentUser } from '../auth';
import { useAction } from '../hooks/useApiError';
import { FINDING_KIND_COLORS, FINDING_KIND_LABELS, FINDING_STATUS_COLORS, FINDING_STATUS_LABELS, labelOf } from '../labels';
import { can } from '../permissions';
import { formatDateTime } from '../time';
import { FindingEvidence } from './FindingEvidence';
import { RectifyFindingButton } from './RectifyFindingButton';
import { UnitName } from './UnitName';

interface FindingsTableProps {
  findings: FindingView[];
  loading: boolean;
  pagination: TablePaginationConfig | false;
  onChanged: () => void;
  /** Hide the account/unit column (on the account's own page). */
  hideSubject?: boolean;
  emptyText?: string;
  testId?: string;
}

export function FindingsTable({ findings, loading, pagination, onChanged, hideSubject, emptyText, testId = 'findings' }: FindingsTableProps) {
  const user = useCurrentUser();
  const [target, setTarget] = useState<FindingView | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const [accept, accepting] = useAction(
    async (values: { reason: string }) => {
      if (!target) return;
      await api.post(`/findings/${target.id}/accept`, { reason: values.reason });
      setTarget(null);
      form.resetFields();
      onChanged();
    },
    { form, success: '已接受该风险发现' },
  );

  return (
    <>
      <Table<FindingView>
        data-testid={testId}
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={findings}
        pagination={pagination}
        locale={{ emptyText: emptyText ?? '没有风险发现' }}
        expandable={{ expandedRowRender: (f) => <FindingEvidence evidence={f.evidence} />, expandRowByClick: false }}
        columns={[
          { title: '类型', dataIndex: 'kind', width: 130, render: (k: FindingKind) => <Tag color={FINDING_KIND_COLORS[k]}>{labelOf(FINDING_KIND_LABELS, k)}</Tag> },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (s: FindingStatus) => <Tag color={FINDING_STATUS_COLORS[s]}>{labelOf(FINDING_STATUS_LABELS, s)}</Tag>,
          },
          {
            title: '说明',
            dataIndex: 'message',
            render: (message: string, f) => (
              <>
                <div>{message}</div>
                {f.status === 'accepted' && f.acceptReason ? (
                  <Typography.Text type="secondary">
                    {f.acceptedBy} 于 {formatDateTime(f.acceptedAt)} 接受：{f.acceptReason}
                  </Typography.Text>
                ) : null}
              </>
            ),
          },
          ...(hideSubject
            ? []
            : [
                {
                  title: '账号 / 单位',
                  key: 'subject',
                  width: 160,
                  render: (_: unknown, f: FindingView) => (
                    <>
                      {f.accountId ? <Link to={`/accounts/${f.accountId}`}>账号详情</Link> : null}
                      {f.unitId ? (
                        <div>
                          <UnitName id={f.unitId} />
                        </div>
                      ) : null}
                    </>
                  ),
                },
              ]),
          { title: '发现时间', dataIndex: 'detectedAt', width: 150, render: formatDateTime },
          { title: '最近确认', dataIndex: 'lastSeenAt', width: 150, render: formatDateTime },
          ...(can.acceptFinding(user)
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 180,
                  render: (_: unknown, f: FindingView) =>
                    f.status === 'open' ? (
                      <Space size={4}>
                        <Button size="small" onClick={() => setTarget(f)}>
                          接受
                        </Button>
                        {f.unitId !== null ? <RectifyFindingButton finding={f} /> : null}
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Modal title="接受风险发现" open={!!target} okText="接受" confirmLoading={accepting} onOk={() => form.submit()} onCancel={() => setTarget(null)} destroyOnHidden>
        {target ? <Typography.Paragraph>{target.message}</Typography.Paragraph> : null}
        <Form form={form} layout="vertical" onFinish={(values) => accept(values)}>
          <Form.Item name="reason" label="接受理由" rules={[{ required: true, whitespace: true, message: '请填写接受理由' }]}>
            <Input.TextArea rows={3} maxLength={1000} placeholder="说明为何不属于违规，或已知晓并接受" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
