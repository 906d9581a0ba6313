import { Alert, Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { AccountView } from '../api/schema';
import type { Platform } from '../api/models';
import { useCurrentUser } from '../auth';
import { AccountFields, accountTextBody, type AccountFieldValues } from '../components/AccountFields';
import { PageHeader } from '../components/PageHeader';
import { JUSTIFICATION_REQUIRED, PlatformTakenNotice, usePlatformTaken } from '../components/PlatformTakenNotice';
import { UnitSelect } from '../components/UnitSelect';
import { useAction } from '../hooks/useApiError';
import { ACCOUNT_FIELD_LABELS as L } from '../labels';
import { can } from '../permissions';
import { platformOptionRender, usePlatforms } from '../platforms';
import { isAfterToday, pickerToIso } from '../time';

interface Values extends AccountFieldValues {
  unitId: number;
  platform: Platform;
  justification?: string;
  appliedAt?: Dayjs | null;
}

export default function AccountCreatePage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const platforms = usePlatforms();
  const scoped = can.isScopedToUnit(user);
  const unitId = Form.useWatch('unitId', form);
  const platform = Form.useWatch('platform', form);
  const taken = usePlatformTaken(unitId, platform);

  const [submit, submitting] = useAction(
    async (values: Values) => {
      const body: Record<string, unknown> = {
        unitId: values.unitId,
        platform: values.platform,
        ...accountTextBody(values),
      };
      const justification = values.justification?.trim();
      if (justification) body.justification = justification;
      const appliedAt = pickerToIso(values.appliedAt);
      if (appliedAt) body.appliedAt = appliedAt;
      try {
        const account = await api.post<AccountView>('/accounts', body);
        navigate(`/accounts/${account.id}`);
      } catch (err) {
        // The unit already runs an account on this platform: say so where the way out is.
        if (err instanceof ApiError && err.status === 409) {
          form.setFields([{ name: 'justification', errors: [err.message] }]);
          form.scrollToField('justification');
        }
        throw err;
      }
    },
    { form, success: '申请已提交，等待审批' },
  );

  return (
    <>
      <PageHeader title="新建账号申请" extra={<Link to="/accounts">返回账号列表</Link>} />
      <Card style={{ maxWidth: 760 }}>
        {scoped && !user.unitId && <Alert type="warning" showIcon title="当前账号未关联单位，无法提交申请，请联系管理员" style={{ marginBottom: 16 }} />}
        <Form<Values> form={form} name="account-create" layout="vertical" onFinish={submit} initialValues={{ unitId: scoped ? (user.unitId ?? undefined) : undefined }}>
          <Form.Item name="unitId" label={L.unitId} rules={[{ required: true, message: '请选择单位' }]}>
            <UnitSelect activeOnly disabled={scoped} />
          </Form.Item>
          <Form.Item name="platform" label={L.platform} rules={[{ required: true, message: '请选择平台' }]}>
            <Select
              options={platforms.options}
              optionRender={platformOptionRender}
              showSearch={{ optionFilterProp: 'label' }}
              loading={!platforms.loaded}
              placeholder="选择或输入平台名称"
            />
          </Form.Item>
          <PlatformTakenNotice taken={taken} platformName={platform ? platforms.nameOf(platform) : ''} />
          <AccountFields />
          <Form.Item
            name="justification"
            label={L.justification}
            extra="本单位在该平台已有账号时必须说明理由"
            rules={[{ required: taken.length > 0, whitespace: true, message: JUSTIFICATION_REQUIRED }]}
          >
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
          <Form.Item name="appliedAt" label={L.appliedAt} extra="北京时间；补录过去的申请时选择当时的日期，不填为现在">
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={isAfterToday} style={{ width: '100%' }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting}>
              提交申请
            </Button>
            <Button onClick={() => navigate(-1)}>取消</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
