// Every page of the app after login. A new page is one entry here: it gets its route,
// its role check and (with `menu`) its place in the side menu. Pages load lazily so the
// login page stays small.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AlertOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FlagOutlined,
  FormOutlined,
  HourglassOutlined,
  CheckSquareOutlined,
  IdcardOutlined,
  LinkOutlined,
  MobileOutlined,
  NotificationOutlined,
  RetweetOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Role } from './api/models';

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
  { path: 'password', component: lazy(() => import('./pages/PasswordPage')) },
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
  { path: 'columns', component: lazy(() => import('./pages/ColumnsPage')), menu: { label: '栏目链接', icon: <LinkOutlined /> } },
  { path: 'alerts', component: lazy(() => import('./pages/AlertsPage')), menu: { label: '告警', icon: <AlertOutlined /> } },
  { path: 'stats/posts', component: lazy(() => import('./pages/PostStatsPage')), menu: { label: '发布统计', icon: <BarChartOutlined /> } },
  { path: 'repost-tasks', component: lazy(() => import('./pages/RepostTasksPage')), menu: { label: '转发任务', icon: <RetweetOutlined /> } },
  { path: 'repost-tasks/:id', component: lazy(() => import('./pages/RepostTaskDetailPage')) },
  { path: 'reports/quarterly', component: lazy(() => import('./pages/ReportPage')), menu: { label: '季度通报', icon: <FileTextOutlined /> } },
  {
    path: 'discoveries',
    component: lazy(() => import('./pages/DiscoveryPage')),
    roles: ['admin', 'reviewer'],
    menu: { label: '账号发现', icon: <SearchOutlined /> },
  },
  { path: 'reports/dormant', component: lazy(() => import('./pages/DormantPage')), menu: { label: '僵尸号', icon: <HourglassOutlined /> } },
  { path: 'inspections', component: lazy(() => import('./pages/InspectionsPage')), menu: { label: '检查', icon: <CheckSquareOutlined /> } },
  { path: 'inspections/:id', component: lazy(() => import('./pages/InspectionDetailPage')) },
  { path: 'findings', component: lazy(() => import('./pages/FindingsPage')), menu: { label: '风险发现', icon: <FlagOutlined /> } },
  { path: 'rectifications', component: lazy(() => import('./pages/RectificationsPage')), menu: { label: '整改', icon: <FormOutlined /> } },
  { path: 'rectifications/:id', component: lazy(() => import('./pages/RectificationDetailPage')) },
  { path: 'recertifications', component: lazy(() => import('./pages/RecertificationsPage')), menu: { label: '待核查', icon: <SafetyCertificateOutlined /> } },
  { path: 'error-words', component: lazy(() => import('./pages/ErrorWordsPage')), menu: { label: '错敏词库', icon: <FileSearchOutlined /> } },
  { path: 'leaders', component: lazy(() => import('./pages/LeadersPage')), menu: { label: '领导信息', icon: <IdcardOutlined /> } },
  {
    path: 'alert-channels',
    component: lazy(() => import('./pages/AlertChannelsPage')),
    roles: ['admin', 'reviewer'],
    menu: { label: '通知渠道', icon: <NotificationOutlined /> },
  },
  {
    path: 'system',
    component: lazy(() => import('./pages/SystemStatusPage')),
    roles: ['admin', 'reviewer'],
    menu: { label: '运行状态', icon: <ClusterOutlined /> },
  },
  { path: 'platforms', component: lazy(() => import('./pages/PlatformsPage')), roles: ['admin', 'reviewer'], menu: { label: '平台设置', icon: <AppstoreOutlined /> } },
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
