// The frame after login: side menu built from PAGE_ROUTES, header with the user, page.
import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth, useCurrentUser } from '../auth';
import { FullPageSpin } from '../components/FullPageSpin';
import { ROLE_LABELS } from '../labels';
import { allows, PAGE_ROUTES } from '../routes';
import { NotificationBadge } from './NotificationBadge';

const { Header, Sider, Content } = Layout;

/** The menu entry for a path: the longest menu route that the path starts with. */
function selectedKey(pathname: string, keys: string[]): string {
  const matches = keys.filter((key) => (key === '/' ? pathname === '/' : pathname === key || pathname.startsWith(`${key}/`)));
  return matches.sort((a, b) => b.length - a.length)[0] ?? '';
}

export default function AppLayout() {
  const user = useCurrentUser();
  const { logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);

  const items = useMemo(
    () =>
      PAGE_ROUTES.filter((route) => route.menu && allows(route, user.role)).map((route) => ({
        key: `/${route.path}`,
        icon: route.menu!.icon,
        label: <Link to={`/${route.path}`}>{route.menu!.label}</Link>,
      })),
    [user.role],
  );
  const selected = selectedKey(
    location.pathname,
    items.map((item) => item.key),
  );

  const logoutAndLeave = () => {
    logout();
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} theme="dark">
        <div style={{ color: '#fff', padding: '16px 12px', fontWeight: 600, fontSize: collapsed ? 14 : 16, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          {collapsed ? '政务新媒体' : '政务新媒体登记监测'}
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []} items={items} aria-label="主菜单" />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography.Text strong>政务新媒体账号登记与监测系统</Typography.Text>
          <Space size={4}>
            <NotificationBadge />
            <Dropdown
              menu={{
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: '修改密码', onClick: () => navigate('/password') },
                  { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: logoutAndLeave },
                ],
              }}
            >
              <Button type="text" data-testid="current-user">
                <Space>
                  <UserOutlined />
                  {user.username}
                  <Typography.Text type="secondary">
                    {ROLE_LABELS[user.role]}
                    {user.unitName ? ` · ${user.unitName}` : ''}
                  </Typography.Text>
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 24 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
