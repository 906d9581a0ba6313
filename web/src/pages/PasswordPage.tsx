// 修改密码: any user changes their own password (POST /api/auth/password). Every earlier session
// of the user ends, this one included, so the page logs out and asks for the new password.
import { Alert, Button, Card, Form, Input } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { useAuth } from '../auth';
import { PageHeader } from '../components/PageHeader';
import { useAction } from '../hooks/useApiError';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function PasswordPage() {
  const [form] = Form.useForm<Values>();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const [submit, submitting] = useAction(
    async ({ currentPassword, newPassword }: Values) => {
      await api.post('/auth/password', { currentPassword, newPassword });
      logout();
      navigate('/login?changed=1', { replace: true });
    },
    { form, success: '密码已修改，请用新密码重新登录' },
  );

  return (
    <>
      <PageHeader title="修改密码" />
      <Card style={{ maxWidth: 520 }}>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message="修改后，本账号在所有设备上的登录都会失效，需要用新密码重新登录。" />
        <Form<Values> form={form} layout="vertical" onFinish={submit} autoComplete="off">
          <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            extra="至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类；不能与当前密码相同"
            rules={[
              { required: true, message: '请输入新密码' },
              { min: 8, message: '新密码至少 8 位' },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="确认新密码"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_rule, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submitting}>
            修改密码
          </Button>
        </Form>
      </Card>
    </>
  );
}
