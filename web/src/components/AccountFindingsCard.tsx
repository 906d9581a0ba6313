// 风险发现 of one account, on the account detail page.
import { Card } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { AccountView, FindingPage } from '../api/schema';
import { useRequest } from '../hooks/useRequest';
import { FindingsTable } from './FindingsTable';
import { LoadError } from './LoadError';

export function AccountFindingsCard({ account }: { account: AccountView }) {
  const findings = useRequest(() => api.get<FindingPage>('/findings', { accountId: account.id, pageSize: 100 }), [account.id]);
  return (
    <Card title="风险发现" style={{ marginTop: 16 }} extra={<Link to="/findings">全部风险发现</Link>} data-testid="account-findings">
      {findings.error ? <LoadError error={findings.error} onRetry={findings.reload} /> : null}
      <FindingsTable
        testId="account-findings-table"
        findings={findings.data?.items ?? []}
        loading={findings.loading}
        pagination={false}
        onChanged={findings.reload}
        hideSubject
        emptyText="该账号没有风险发现"
      />
    </Card>
  );
}
