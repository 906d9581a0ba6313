import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import type { AccountView } from '../api/schema';
import type { AccountState, Platform } from '../api/models';
import { PlatformTag } from '../platforms';
import { formatDate } from '../time';
import { StateTag } from './StateTag';

/** The columns every account table shares. */
export const ACCOUNT_COLUMNS: TableColumnsType<AccountView> = [
  {
    title: '账号名称',
    dataIndex: 'name',
    render: (name: string, account) => <Link to={`/accounts/${account.id}`}>{name}</Link>,
  },
  { title: '单位', dataIndex: 'unitName' },
  { title: '平台', dataIndex: 'platform', width: 110, render: (value: Platform) => <PlatformTag code={value} /> },
  { title: '状态', dataIndex: 'state', width: 130, render: (value: AccountState) => <StateTag state={value} /> },
  { title: '平台账号ID', dataIndex: 'platformAccountId', render: (value) => value || '—' },
  { title: '申请日期', dataIndex: 'appliedAt', width: 120, render: formatDate },
  { title: '开设日期', dataIndex: 'openedAt', width: 120, render: formatDate },
];
