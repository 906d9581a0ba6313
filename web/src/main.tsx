import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import './time';
import { AuthProvider, RequireAuth, useCurrentUser } from './auth';
import { FullPageSpin } from './components/FullPageSpin';
import { allows, PAGE_ROUTES, type PageRoute } from './routes';

const LoginPage = lazy(() => import('./pages/LoginPage'));
const AppLayout = lazy(() => import('./layout/AppLayout'));
const StatusResult = lazy(() => import('./components/StatusResult'));

function Guarded({ route }: { route: PageRoute }) {
  const user = useCurrentUser();
  if (!allows(route, user.role)) return <StatusResult status="403" title="无权访问" subTitle="当前账号的角色不能使用此页面" />;
  const Page = route.component;
  return <Page />;
}

function Root() {
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/"
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          {PAGE_ROUTES.map((route) =>
            route.path === '' ? <Route key="index" index element={<Guarded route={route} />} /> : <Route key={route.path} path={route.path} element={<Guarded route={route} />} />,
          )}
          <Route path="*" element={<StatusResult status="404" title="页面不存在" subTitle="请从左侧菜单进入" />} />
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Suspense>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <Root />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
