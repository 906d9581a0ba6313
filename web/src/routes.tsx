// Every page of the app after login. A new page is one entry here: it gets its route,
// its role check and (with `menu`) its place in the side menu. Pages load lazily so the
// login page stays small.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AuditOutlined,
  BankOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  MobileOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Role } from './api/types';

export interface PageRoute {
  /** Route path below the layout, without the leading slash ('' is the overview). */
  path: string;
  component: LazyExoticComponent<ComponentType>;
  /** Roles that may open the page; everyone logged in when omitted. */
  roles?: Role[];
  /** Shown in the side menu when present, in this list's order. */
  menu?: { label: string; icon: ReactNode };
}

export const PAGE_ROUTES: PageRoute[] = [
  { path: '', component: lazy(() => import('./pages/OverviewPage')), menu: { label: '总览', icon: <DashboardOutlined /> } },
  { path: 'units', component: lazy(() => import('./pages/UnitsPage')), menu: { label: '单位', icon: <BankOutlined /> } },
  { path: 'accounts', component: lazy(() => import('./pages/AccountsPage')), menu: { label: '账号', icon: <MobileOutlined /> } },
  {
    path: 'accounts/new',
    component: lazy(() => import('./pages/AccountCreatePage')),
    roles: ['admin', 'reviewer', 'operator'],
  },
  { path: 'accounts/:id', component: lazy(() => import('./pages/AccountDetailPage')) },
  {
    path: 'review',
    component: lazy(() => import('./pages/ReviewQueuePage')),
    roles: ['admin', 'reviewer'],
    menu: { label: '待审批', icon: <AuditOutlined /> },
  },
  {
    path: 'import',
    component: lazy(() => import('./pages/ImportPage')),
    roles: ['admin', 'reviewer', 'operator'],
    menu: { label: '台账导入', icon: <CloudUploadOutlined /> },
  },
  {
    path: 'users',
    component: lazy(() => import('./pages/UsersPage')),
    roles: ['admin'],
    menu: { label: '用户', icon: <TeamOutlined /> },
  },
];

export function allows(route: PageRoute, role: Role): boolean {
  return !route.roles || route.roles.includes(role);
}
