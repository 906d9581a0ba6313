// 通报设置: 发文机关, 文号 and 成文日期 of the DOCX bulletin (GET/PUT /api/settings/report).
// Reviewers see them; only the admin changes them.
import { Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { api } from '../api/client';
import type { ReportSettingsView } from '../api/schema';
import { useAction } from '../hooks/useApiError';
import { useRequest } from '../hooks/useRequest';
import { LoadError } from './LoadError';

interface Values {
  issuer: string;
  documentNumber: string;
  signedMode: 'period_end' | 'today' | 'date';
  signedDay: string;
}

function toValues(s: ReportSettingsView): Values {
  const fixed = s.signedAt !== 'period_end' && s.signedAt !== 'today';
  return { issuer: s.issuer, documentNumber: s.documentNumber ?? '', signedMode: fixed ? 'date' : (s.signedAt as Values['signedMode']), signedDay: fixed ? s.signedAt : '' };
}

export function ReportSettingsCard({ editable }: { editable: boolean }) {
  const [form] = Form.useForm<Values>();
  const settings = useRequest(() => api.get<ReportSettingsView>('/settings/report'), []);
  const mode = Form.useWatch('signedMode', form);
  const [save, saving] = useAction(
    async (v: Values) => {
      const saved = await api.put<ReportSettingsView>('/settings/report', {
        issuer: v.issuer.trim(),
        documentNumber: v.documentNumber.trim() || null,
        signedAt: v.signedMode === 'date' ? v.signedDay.trim() : v.signedMode,
      });
      form.setFieldsValue(toValues(saved));
    },
    { form, success: '通报设置已保存' },
  );
  if (settings.error) return <LoadError error={settings.error} onRetry={settings.reload} />;
  return (
    <Card loading={!settings.data} style={{ maxWidth: 640 }}>
      {settings.data && (
        <Form<Values> form={form} layout="vertical" initialValues={toValues(settings.data)} onFinish={save} disabled={!editable}>
          <Form.Item name="issuer" label="发文机关" rules={[{ required: true, whitespace: true, message: '请填写发文机关' }]}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="documentNumber" label="文号" extra="可留空；{year} 填年份，{quarter} 填季度数字，例如 凤政办发〔{year}〕{quarter}号">
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="signedMode" label="成文日期">
            <Radio.Group>
              <Radio value="period_end">季度最后一天</Radio>
              <Radio value="today">导出当天</Radio>
              <Radio value="date">指定日期</Radio>
            </Radio.Group>
          </Form.Item>
          {mode === 'date' && (
            <Form.Item name="signedDay" label="指定日期" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '请按 YYYY-MM-DD 填写，例如 2023-10-11' }]}>
              <Input placeholder="YYYY-MM-DD" style={{ width: 200 }} />
            </Form.Item>
          )}
          <Space>
            {editable ? (
              <Button type="primary" htmlType="submit" loading={saving}>
                保存
              </Button>
            ) : (
              <Typography.Text type="secondary">只有管理员可以修改通报设置</Typography.Text>
            )}
          </Space>
        </Form>
      )}
    </Card>
  );
}
