// The bell in the header: open alerts and open rectification orders (issued or answered, not yet
// closed) within the user's scope — their unit for an operator, everything for the office. Counts
// come from the lists' own endpoints, refreshed every minute and after each navigation.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Badge, Button, Dropdown } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { AlertListPage, RectificationSummaryView } from '../api/schema';

export const NOTIFICATION_REFRESH_MS = 60_000;

interface Counts {
  alerts: number;
  rectifications: number;
}

async function fetchCounts(): Promise<Counts> {
  const [alerts, orders] = await Promise.all([api.get<AlertListPage>('/alerts', { status: 'open', pageSize: 1 }), api.get<RectificationSummaryView>('/rectifications/summary')]);
  return { alerts: alerts.total, rectifications: orders.issued + orders.responded };
}

function useNotificationCounts(): Counts | null {
  const [counts, setCounts] = useState<Counts | null>(null);
  const latest = useRef(0);
  const refresh = useCallback(() => {
    const id = ++latest.current;
    // A failed refresh keeps the last counts; the next one tries again (a 401 has ended the session).
    fetchCounts().then(
      (c) => id === latest.current && setCounts(c),
      () => undefined,
    );
  }, []);
  const { pathname } = useLocation();
  useEffect(refresh, [pathname, refresh]);
  useEffect(() => {
    const timer = setInterval(refresh, NOTIFICATION_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return counts;
}

export function NotificationBadge() {
  const counts = useNotificationCounts();
  const total = counts ? counts.alerts + counts.rectifications : 0;
  const summary = counts ? `未恢复告警 ${counts.alerts} 条，未办结整改 ${counts.rectifications} 条` : '通知';
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'alerts',
            label: (
              <Link to="/alerts" data-testid="notification-alerts">
                未恢复告警 {counts?.alerts ?? '…'} 条
              </Link>
            ),
          },
          {
            key: 'rectifications',
            label: (
              <Link to="/rectifications" data-testid="notification-rectifications">
                未办结整改 {counts?.rectifications ?? '…'} 条
              </Link>
            ),
          },
        ],
      }}
    >
      <Button type="text" aria-label={summary} data-testid="notification-badge" data-count={counts ? total : undefined}>
        <Badge count={total} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Dropdown>
  );
}
