// Starting a link check (POST /api/link-checks → 202) and following it to the end.
import { Space, Typography } from 'antd';
import { api } from '../api/client';
import type { LinkCheckRequestedView, LinkCheckRunView, RequestLinkCheckDto } from '../api/schema';
import { useAction } from '../hooks/useApiError';
import { useJobProgress } from '../hooks/useJobProgress';
import { HEALTH_LABELS } from '../labels';
import { JobProgress } from './JobProgress';

/** What to check: the given columns, one unit's columns, or everything the caller may see. */
export type LinkCheckTarget = RequestLinkCheckDto;

/** `[start, running, run]`: start(target) resolves when the run is over; `running` drives the button. */
export function useLinkCheck(onFinished: (run: LinkCheckRunView) => void) {
  const [watch, run] = useJobProgress<LinkCheckRunView>(
    (id) => `/link-checks/${id}`,
    (r) => r.status === 'done' || r.status === 'failed',
  );
  const [start, running] = useAction(async (target: LinkCheckTarget) => {
    const { id } = await api.post<LinkCheckRequestedView>('/link-checks', target);
    const finished = await watch(id);
    if (finished) onFinished(finished);
  });
  return [start, running, run] as const;
}

export function LinkCheckProgress({ run }: { run: LinkCheckRunView | null }) {
  if (!run) return null;
  return (
    <JobProgress
      title="链接检查"
      done={run.done}
      total={run.total}
      state={run.status === 'done' ? 'done' : run.status === 'failed' ? 'failed' : 'running'}
      error={run.status === 'failed' ? `检查中断：${run.error ?? '原因未知'}` : null}
      counters={
        <Space size={12} data-testid="link-check-counters">
          <Typography.Text type="success">
            {HEALTH_LABELS.ok} {run.ok}
          </Typography.Text>
          <Typography.Text type="danger">
            {HEALTH_LABELS.broken} {run.broken}
          </Typography.Text>
          <Typography.Text type="warning">
            {HEALTH_LABELS.unverifiable} {run.unverifiable}
          </Typography.Text>
        </Space>
      }
    />
  );
}
