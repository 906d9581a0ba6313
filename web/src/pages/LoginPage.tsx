import { Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth';
import { useAction } from '../hooks/useApiError';

interface Values {
  username: string;
  password: string;
}

/** Only same-site paths are followed after login. */
function safeRedirect(target: string | null): string {
  return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

export default function LoginPage() {
  const { user, login } = useAuth();
  const [form] = Form.useForm<Values>();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const redirect = safeRedirect(search.get('redirect'));

  const [submit, submitting] = useAction(
    async ({ username, password }: Values) => {
      await login(username.trim(), password);
      navigate(redirect, { replace: true });
    },
    { form },
  );

  if (user) return <Navigate to={redirect} replace />;

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          政务新媒体账号登记与监测系统
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          请使用分配的账号登录
        </Typography.Paragraph>
        <Form<Values> form={form} name="login" onFinish={submit} size="large" autoComplete="on">
          <Form.Item name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" aria-label="用户名" />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" aria-label="密码" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
